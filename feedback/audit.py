"""The audit log: every decision, filtered and paged for the panel and the API, and exported as CSV."""
import csv
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from .errors import InvalidDecision
from .extensions import db
from .models import Article, AuditAction, AuditEntry, Comment

CSV_COLUMNS = ("time_utc", "editor_email", "editor_name", "action", "comment_id", "article", "from_status",
               "to_status", "reason_code", "reason", "text_before", "text_after", "version")
# A spreadsheet runs a cell that starts with one of these as a formula; reader text must never do that.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EXPORT_BATCH = 500


@dataclass(frozen=True)
class AuditFilter:
    editor_id: int | None = None
    article: str | None = None
    action: AuditAction | None = None


def audit_page(filters: AuditFilter, *, limit: int, cursor: str | None = None) -> tuple[list[AuditEntry], str | None]:
    """Newest first, with editor, comment and article loaded, and the cursor of the next page."""
    query = _filtered(filters).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(limit + 1)
    if cursor:
        stamp, last_id = _decode_cursor(cursor)
        query = query.where(or_(AuditEntry.created_at < stamp,
                                and_(AuditEntry.created_at == stamp, AuditEntry.id < last_id)))
    entries = list(db.session.scalars(query))
    next_cursor = None
    if len(entries) > limit:
        last = entries[limit - 1]
        next_cursor = f"{last.created_at.isoformat()}_{last.id}"
    return entries[:limit], next_cursor


def export_csv(filters: AuditFilter) -> Iterator[str]:
    """The filtered log as CSV text, oldest first, produced in batches so a long log never sits in memory.

    It starts with a byte-order mark: spreadsheet programs then read the Vietnamese text as UTF-8.
    """
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    last = None
    while True:
        query = _filtered(filters).order_by(AuditEntry.created_at, AuditEntry.id).limit(_EXPORT_BATCH)
        if last is not None:
            query = query.where(or_(AuditEntry.created_at > last.created_at,
                                    and_(AuditEntry.created_at == last.created_at, AuditEntry.id > last.id)))
        entries = list(db.session.scalars(query))
        for entry in entries:
            writer.writerow([_cell(value) for value in csv_row(entry)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if len(entries) < _EXPORT_BATCH:
            return
        last = entries[-1]


def csv_row(entry: AuditEntry) -> list:
    editor = entry.editor
    return [
        entry.created_at.replace(tzinfo=timezone.utc).isoformat(), editor.email if editor else "",
        editor.name if editor else "", entry.action.value, entry.comment_id, entry.comment.article.slug,
        entry.from_status.value, entry.to_status.value, entry.reason_code or "", entry.reason or "",
        entry.text_before, entry.text_after, entry.version,
    ]


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _filtered(filters: AuditFilter):
    query = select(AuditEntry).options(
        selectinload(AuditEntry.editor), selectinload(AuditEntry.comment).selectinload(Comment.article)
    )
    if filters.editor_id is not None:
        query = query.where(AuditEntry.editor_id == filters.editor_id)
    if filters.action is not None:
        query = query.where(AuditEntry.action == filters.action)
    if filters.article:
        query = query.where(AuditEntry.comment_id.in_(
            select(Comment.id).join(Article, Comment.article_id == Article.id).where(Article.slug == filters.article)
        ))
    return query


def _decode_cursor(raw: str) -> tuple[datetime, int]:
    stamp, _, entry_id = raw.rpartition("_")
    try:
        return datetime.fromisoformat(stamp).replace(tzinfo=None), int(entry_id)
    except ValueError:
        raise InvalidDecision("Tham số phân trang (cursor) không hợp lệ.") from None
