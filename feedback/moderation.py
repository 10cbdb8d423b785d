"""Editors' decisions on comments: approve (optionally edited), reject, spam, return to the queue, in bulk too.

Every decision is checked against the version the editor saw and lands together with its audit entry.
"""
from dataclasses import dataclass
from typing import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from . import reasons, vietnamese
from .diffs import Chunk, word_diff
from .errors import Decision, EditConflict, FeedbackError, InvalidDecision, NotFound
from .extensions import db
from .models import AuditAction, AuditEntry, Comment, CommentStatus, utcnow
from .sanitize import comment_html

BULK_ACTIONS = ("approve", "reject", "spam")
BULK_MAX_ITEMS = 200
UNPUBLISH_REASON_MAX_LENGTH = 500


@dataclass(frozen=True)
class BulkItem:
    id: int
    version: int


@dataclass
class BulkOutcome:
    """One item of a bulk decision: the decided comment, or the error that stopped it."""

    id: int
    comment: Comment | None = None
    error: FeedbackError | None = None


@dataclass(frozen=True)
class HistoryStep:
    """One audit entry with the word-level change it made to the text (empty when the text stayed)."""

    entry: AuditEntry
    diff: list[Chunk]


class _LostRace(EditConflict):
    """Another decision reached the database first; the transaction was rolled back."""


def approve_comment(
    comment_id: int, editor_id: int, *, version: int, text: str | None = None, publish_attachments: bool = True
) -> Comment:
    """Publish a pending comment, with the editor's text if given; the reader's original stays stored."""
    edited = vietnamese.normalize(text) if text is not None else None
    if edited == "":
        raise InvalidDecision("Nội dung sau khi biên tập không được để trống.")
    return _apply(comment_id, version, lambda c: _approve(c, editor_id, edited, publish_attachments))


def reject_comment(comment_id: int, editor_id: int, *, version: int, reason_code: str | None = None,
                   note: str = "") -> Comment:
    """Decline a pending comment with a reason from the admins' list (plus a note), or a note alone."""
    choice = reasons.choose_reason(reason_code, note)
    return _apply(comment_id, version, lambda c: _reject(c, editor_id, choice))


def mark_spam(comment_id: int, editor_id: int, *, version: int, note: str = "") -> Comment:
    """Set a pending comment aside as spam; it leaves every queue but Spam."""
    note = vietnamese.normalize(note or "") or None
    return _apply(comment_id, version, lambda c: _spam(c, editor_id, note))


def return_to_queue(comment_id: int, editor_id: int, *, version: int, reason: str) -> Comment:
    """Take an approved comment down (or reopen a rejected or spam one): it waits in the queue again."""
    reason = vietnamese.normalize(reason or "")
    if not reason:
        raise InvalidDecision("Vui lòng nêu lý do đưa bình luận về hàng chờ.")
    if len(reason) > UNPUBLISH_REASON_MAX_LENGTH:
        raise InvalidDecision(f"Lý do không được dài quá {UNPUBLISH_REASON_MAX_LENGTH} ký tự.")
    return _apply(comment_id, version, lambda c: _requeue(c, editor_id, reason))


def decide_many(action: str, items: Sequence[BulkItem], editor_id: int, *, reason_code: str | None = None,
                note: str = "") -> list[BulkOutcome]:
    """One decision for many comments, each checked against its own version; answers item by item.

    The caller commits the items that succeeded. When another editor's decision lands between our check and our
    write, the whole batch is rolled back and run again: the check then reports that item as a conflict.
    """
    decide = _bulk_decision(action, editor_id, reason_code, note)
    if not items:
        raise InvalidDecision("Chưa chọn bình luận nào.")
    if len(items) > BULK_MAX_ITEMS:
        raise InvalidDecision(f"Mỗi lần xử lý tối đa {BULK_MAX_ITEMS} bình luận.")
    first_of_each: dict[int, BulkItem] = {}
    for item in items:
        first_of_each.setdefault(item.id, item)
    unique = list(first_of_each.values())
    for _ in range(len(unique) + 1):
        try:
            return [_bulk_one(decide, item) for item in unique]
        except _LostRace:
            continue
    raise InvalidDecision("Không thể xử lý hàng loạt lúc này, vui lòng thử lại.")


def _bulk_decision(action: str, editor_id: int, reason_code: str | None, note: str) -> Callable[[Comment], None]:
    if action == "approve":
        return lambda c: _approve(c, editor_id, None, True)
    if action == "reject":
        choice = reasons.choose_reason(reason_code, note)  # a bad reason stops the whole request, before any item
        return lambda c: _reject(c, editor_id, choice)
    if action == "spam":
        spam_note = vietnamese.normalize(note or "") or None
        return lambda c: _spam(c, editor_id, spam_note)
    raise InvalidDecision(f"Thao tác hàng loạt phải là một trong: {', '.join(BULK_ACTIONS)}.")


def _bulk_one(decide: Callable[[Comment], None], item: BulkItem) -> BulkOutcome:
    try:
        return BulkOutcome(item.id, comment=_apply(item.id, item.version, decide))
    except _LostRace:
        raise
    except (EditConflict, NotFound, InvalidDecision) as exc:
        return BulkOutcome(item.id, error=exc)


def _apply(comment_id: int, version: int, change: Callable[[Comment], None]) -> Comment:
    """Load the comment at the version the editor saw, change it, and write it with its audit entry."""
    comment = get_comment(comment_id)
    if comment.version != version:
        raise EditConflict(latest_decision(comment_id))
    change(comment)
    try:
        db.session.flush()
    except StaleDataError:
        # Another editor's decision reached the database between our read and our write.
        db.session.rollback()
        raise _LostRace(latest_decision(comment_id)) from None
    return comment


def _approve(comment: Comment, editor_id: int, edited: str | None, publish_attachments: bool) -> None:
    _require_status(comment, CommentStatus.PENDING)
    before = comment.text
    if edited is not None and edited != before:
        comment.text, comment.html = edited, comment_html(edited)
    for attachment in comment.attachments:
        attachment.published = publish_attachments
    action = AuditAction.EDIT_APPROVE if comment.text != before else AuditAction.APPROVE
    _record(comment, editor_id, action, CommentStatus.APPROVED, before=before)


def _reject(comment: Comment, editor_id: int, choice: reasons.ReasonChoice) -> None:
    _require_status(comment, CommentStatus.PENDING)
    comment.reject_reason, comment.reject_reason_code = choice.text, choice.code
    _record(comment, editor_id, AuditAction.REJECT, CommentStatus.REJECTED, before=comment.text,
            reason=choice.text, reason_code=choice.code)


def _spam(comment: Comment, editor_id: int, note: str | None) -> None:
    _require_status(comment, CommentStatus.PENDING)
    _record(comment, editor_id, AuditAction.SPAM, CommentStatus.SPAM, before=comment.text, reason=note)


def _requeue(comment: Comment, editor_id: int, reason: str) -> None:
    if comment.status == CommentStatus.PENDING:
        raise EditConflict(latest_decision(comment.id))
    action = AuditAction.UNPUBLISH if comment.status == CommentStatus.APPROVED else AuditAction.REOPEN
    for attachment in comment.attachments:
        attachment.published = False
    comment.reject_reason = comment.reject_reason_code = None
    _record(comment, editor_id, action, CommentStatus.PENDING, before=comment.text, reason=reason)


def _require_status(comment: Comment, status: CommentStatus) -> None:
    if comment.status != status:
        raise EditConflict(latest_decision(comment.id))


def _record(comment: Comment, editor_id: int, action: AuditAction, status: CommentStatus, *, before: str,
            reason: str | None = None, reason_code: str | None = None) -> None:
    """Apply the new status and add its audit entry; both land in the caller's commit or neither does."""
    previous, now = comment.status, utcnow()
    comment.status, comment.decided_at, comment.decided_by_id = status, now, editor_id
    db.session.add(AuditEntry(
        comment_id=comment.id, editor_id=editor_id, action=action, from_status=previous, to_status=status,
        reason=reason, reason_code=reason_code, text_before=before, text_after=comment.text,
        # The version column counts up by one on every write, so this is the version the flush will store.
        version=comment.version + 1, created_at=now,
    ))


def get_comment(comment_id: int) -> Comment:
    """A comment with its article, attachments, flags and deciding editor loaded."""
    comment = db.session.scalar(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(selectinload(Comment.attachments), selectinload(Comment.article), selectinload(Comment.decided_by),
                 selectinload(Comment.flags))
    )
    if comment is None:
        raise NotFound("comment")
    return comment


def history(comment_id: int) -> list[HistoryStep]:
    """Every decision on a comment, oldest first, with the word-level change each made to the text."""
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.comment_id == comment_id)
        .options(selectinload(AuditEntry.editor))
        .order_by(AuditEntry.created_at, AuditEntry.id)
    )
    return [HistoryStep(e, word_diff(e.text_before, e.text_after) if e.text_before != e.text_after else [])
            for e in entries]


def latest_decision(comment_id: int) -> Decision:
    """Who acted last on a comment, for an editor whose action came too late."""
    comment = get_comment(comment_id)
    entry = db.session.scalar(
        select(AuditEntry)
        .where(AuditEntry.comment_id == comment_id)
        .options(selectinload(AuditEntry.editor))
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None:
        return Decision(editor=None, action=comment.status.value, at=comment.created_at, version=comment.version)
    editor = entry.editor.display_name if entry.editor else None
    return Decision(editor=editor, action=entry.action.value, at=entry.created_at, version=comment.version)
