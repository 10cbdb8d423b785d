"""Reasons for rejecting a comment: the list admins maintain and the text a rejection records."""
import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from . import list_versions, vietnamese
from .errors import InvalidDecision, NotFound
from .extensions import db
from .models import RejectReason

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
NOTE_MAX_LENGTH = 500
# The newsroom's list before any admin edits it: (code, label, a note is required).
DEFAULT_REASONS = (
    ("extreme", "Cực đoan, xúc phạm", False),
    ("off_topic", "Lạc đề, không liên quan đến bài viết", False),
    ("spam", "Spam, quảng cáo", False),
    ("personal_attack", "Công kích cá nhân", False),
    ("no_diacritics", "Không viết tiếng Việt có dấu", False),
    ("false_information", "Thông tin sai sự thật", False),
    ("other", "Lý do khác", True),
)


@dataclass(frozen=True)
class ReasonChoice:
    """What a rejection stores: the code (None for free text from older clients) and the full reason text."""

    code: str | None
    text: str


def list_reasons(*, include_retired: bool = False) -> list[RejectReason]:
    query = select(RejectReason).order_by(RejectReason.position, RejectReason.id)
    if not include_retired:
        query = query.where(RejectReason.active.is_(True))
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Reason:
    """An active reason as editors pick it; the list is built once per change of it."""

    code: str
    label: str
    note_required: bool


def active_reasons() -> tuple[Reason, ...]:
    """The reasons editors may pick, in the admins' order, from this process's copy of the current list."""
    return list_versions.derived(db.session, list_versions.REASONS, None, _build_active_reasons)


def _build_active_reasons(session: Session) -> tuple[Reason, ...]:
    rows = session.execute(
        select(RejectReason.code, RejectReason.label, RejectReason.note_required)
        .where(RejectReason.active.is_(True)).order_by(RejectReason.position, RejectReason.id)
    )
    return tuple(Reason(*row) for row in rows)


def choose_reason(code: str | None, note: str = "") -> ReasonChoice:
    """The reason text for a code from the list plus an optional note; a note alone stands for itself."""
    note = vietnamese.normalize(note or "")
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidDecision(f"Ghi chú không được dài quá {NOTE_MAX_LENGTH} ký tự.")
    if not code:
        if not note:
            raise InvalidDecision("Vui lòng chọn lý do từ chối.")
        return ReasonChoice(None, note)
    reason = next((r for r in active_reasons() if r.code == code), None)
    if reason is None:
        raise InvalidDecision("Lý do từ chối không có trong danh sách.")
    if reason.note_required and not note:
        raise InvalidDecision(f"Lý do “{reason.label}” cần ghi chú cụ thể.")
    return ReasonChoice(reason.code, f"{reason.label}: {note}" if note else reason.label)


def ensure_default_reasons() -> int:
    """Add any default reason whose code is missing (never changing an admin's edits); returns how many."""
    existing = set(db.session.scalars(select(RejectReason.code)))
    missing = [(n, r) for n, r in enumerate(DEFAULT_REASONS, start=1) if r[0] not in existing]
    for position, (code, label, note_required) in missing:
        db.session.add(RejectReason(code=code, label=label, note_required=note_required, active=True,
                                    position=position))
    db.session.flush()
    return len(missing)


def create_reason(code: str, label: str, *, note_required: bool = False) -> RejectReason:
    code, label = code.strip().lower(), vietnamese.normalize(label)
    if not _CODE.match(code):
        raise InvalidDecision("Mã lý do gồm chữ thường không dấu, số và dấu gạch dưới (2–32 ký tự).")
    if not label:
        raise InvalidDecision("Vui lòng nhập nội dung lý do.")
    if db.session.scalar(select(RejectReason).where(RejectReason.code == code)):
        raise InvalidDecision(f"Đã có lý do mã “{code}”.")
    last = db.session.scalar(select(func.max(RejectReason.position))) or 0
    reason = RejectReason(code=code, label=label, note_required=note_required, active=True, position=last + 1)
    db.session.add(reason)
    db.session.flush()
    return reason


def update_reason(reason_id: int, *, label: str, active: bool, note_required: bool, position: int) -> RejectReason:
    """Change a reason's wording or retire it; the code stays, so past decisions keep their meaning."""
    reason = db.session.get(RejectReason, reason_id)
    if reason is None:
        raise NotFound("reason")
    label = vietnamese.normalize(label)
    if not label:
        raise InvalidDecision("Vui lòng nhập nội dung lý do.")
    reason.label, reason.active, reason.note_required, reason.position = label, active, note_required, position
    db.session.flush()
    return reason
