"""Editors' decisions on comments: approve (optionally edited) and reject, with versions and an audit trail."""
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from . import vietnamese
from .errors import Decision, EditConflict, InvalidDecision, NotFound
from .extensions import db
from .models import AuditAction, AuditEntry, Comment, CommentFlag, CommentStatus, utcnow
from .sanitize import comment_html


def approve_comment(
    comment_id: int, editor_id: int, *, version: int, text: str | None = None, publish_attachments: bool = True
) -> Comment:
    """Publish a pending comment, with the editor's text if given; the reader's original stays stored."""
    comment = _comment_at_version(comment_id, version)
    _require_status(comment, CommentStatus.PENDING)
    before = comment.text
    edited = vietnamese.normalize(text) if text is not None else before
    if not edited:
        raise InvalidDecision("Nội dung sau khi biên tập không được để trống.")
    if edited != before:
        comment.text, comment.html = edited, comment_html(edited)
    for attachment in comment.attachments:
        attachment.published = publish_attachments
    action = AuditAction.EDIT_APPROVE if edited != before else AuditAction.APPROVE
    return _decide(comment, editor_id, action, CommentStatus.APPROVED, before=before)


def reject_comment(comment_id: int, editor_id: int, *, version: int, reason: str) -> Comment:
    """Decline a pending comment; the reason is required and kept."""
    reason = vietnamese.normalize(reason or "")
    if not reason:
        raise InvalidDecision("Vui lòng nêu lý do từ chối.")
    comment = _comment_at_version(comment_id, version)
    _require_status(comment, CommentStatus.PENDING)
    comment.reject_reason = reason
    return _decide(comment, editor_id, AuditAction.REJECT, CommentStatus.REJECTED, before=comment.text, reason=reason)


def pending_queue(
    *, limit: int, after: tuple | None = None, flag: str | None = None, status: CommentStatus = CommentStatus.PENDING
) -> list[Comment]:
    """Pending comments oldest first (or spam, or those with one flag), in a fixed number of queries."""
    query = (
        select(Comment)
        .where(Comment.status == status)
        .options(selectinload(Comment.attachments), selectinload(Comment.article), selectinload(Comment.flags))
        .order_by(Comment.created_at, Comment.id)
        .limit(limit)
    )
    if flag:
        query = query.where(Comment.flags.any(CommentFlag.code == flag))
    if after is not None:
        created_at, comment_id = after
        query = query.where(
            (Comment.created_at > created_at) | ((Comment.created_at == created_at) & (Comment.id > comment_id))
        )
    return list(db.session.scalars(query))


def encode_cursor(comment: Comment) -> str:
    """A keyset cursor: the last item's position in (created_at, id) order."""
    return f"{comment.created_at.isoformat()}_{comment.id}"


def decode_cursor(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    stamp, _, comment_id = raw.rpartition("_")
    try:
        return datetime.fromisoformat(stamp), int(comment_id)
    except ValueError:
        raise InvalidDecision("Tham số phân trang (cursor) không hợp lệ.") from None


def queue_page(
    *, limit: int, cursor: str | None, flag: str | None = None, status: CommentStatus = CommentStatus.PENDING
) -> tuple[list[Comment], str | None]:
    """One page of the pending queue and the cursor of the next, if any."""
    items = pending_queue(limit=limit + 1, after=decode_cursor(cursor), flag=flag, status=status)
    next_cursor = encode_cursor(items[limit - 1]) if len(items) > limit else None
    return items[:limit], next_cursor


def count_pending(status: CommentStatus = CommentStatus.PENDING) -> int:
    return db.session.scalar(select(func.count()).where(Comment.status == status)) or 0


def get_comment(comment_id: int) -> Comment:
    """A comment with its article, attachments and deciding editor loaded."""
    comment = db.session.scalar(
        select(Comment)
        .where(Comment.id == comment_id)
        .options(selectinload(Comment.attachments), selectinload(Comment.article), selectinload(Comment.decided_by),
                 selectinload(Comment.flags))
    )
    if comment is None:
        raise NotFound("comment")
    return comment


def history(comment_id: int) -> list[AuditEntry]:
    return list(db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.comment_id == comment_id)
        .options(selectinload(AuditEntry.editor))
        .order_by(AuditEntry.created_at, AuditEntry.id)
    ))


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


def _comment_at_version(comment_id: int, version: int) -> Comment:
    comment = get_comment(comment_id)
    if comment.version != version:
        raise EditConflict(latest_decision(comment_id))
    return comment


def _require_status(comment: Comment, status: CommentStatus) -> None:
    if comment.status != status:
        raise EditConflict(latest_decision(comment.id))


def _decide(
    comment: Comment, editor_id: int, action: AuditAction, status: CommentStatus, *, before: str, reason: str | None = None
) -> Comment:
    """Apply the new status and record it; both land in the caller's commit or neither does."""
    previous, now = comment.status, utcnow()
    comment.status, comment.decided_at, comment.decided_by_id = status, now, editor_id
    try:
        db.session.flush()
    except StaleDataError:
        # Another editor's decision reached the database between our read and our write.
        db.session.rollback()
        raise EditConflict(latest_decision(comment.id)) from None
    db.session.add(AuditEntry(
        comment_id=comment.id, editor_id=editor_id, action=action, from_status=previous, to_status=status,
        reason=reason, text_before=before, text_after=comment.text, version=comment.version, created_at=now,
    ))
    db.session.flush()
    return comment
