"""JSON shapes shared by the API endpoints."""
from datetime import timezone

from flask import url_for

from ..abuse import describe
from ..dashboard import Dashboard
from ..diffs import Chunk
from ..errors import Decision
from ..models import Article, Attachment, AuditEntry, Comment
from ..moderation import HistoryStep
from ..queue import AuthorHistory


def iso(value) -> str | None:
    return value.replace(tzinfo=timezone.utc).isoformat() if value else None


def article_json(article: Article, comment_count: int | None = None, *, views: int | None = None) -> dict:
    data = {
        "slug": article.slug,
        "title": article.title,
        "lead": article.lead,
        "author": article.author,
        "image_url": article.image_url,
        "image_caption": article.image_caption,
        "published_at": iso(article.published_at),
        "updated_at": iso(article.updated_at),
        "view_count": article.view_count if views is None else views,
        "url": url_for("articles.show", slug=article.slug, _external=True),
        "rules": {
            "comments_open": article.comments_open,
            "require_diacritics": article.require_diacritics,
            "max_attachment_bytes": article.max_attachment_bytes,
            "max_attachments": article.max_attachments,
            "allowed_attachment_types": article.allowed_attachment_types,
            "notice": article.notice_text,
        },
    }
    if comment_count is not None:
        data["comment_count"] = comment_count
    return data


def public_comment_json(comment: Comment) -> dict:
    """What readers may see: never the e-mail, IP or the unedited original."""
    return {
        "id": comment.id,
        "author_name": comment.author_name,
        "html": comment.html,
        "created_at": iso(comment.created_at),
        "attachments": [attachment_json(a, public=True) for a in comment.attachments if a.published],
    }


def attachment_json(attachment: Attachment, *, public: bool) -> dict:
    endpoint = "attachments.public" if public else "moderation.attachment"
    data = {
        "id": attachment.id,
        "name": attachment.original_name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "published": attachment.published,
        "url": url_for(endpoint, attachment_id=attachment.id, _external=True),
    }
    if not public:
        data["thumbnail_url"] = (url_for("moderation.attachment_thumbnail", attachment_id=attachment.id, _external=True)
                                 if attachment.thumbnail_key else None)
    return data


def moderation_comment_json(comment: Comment, author: AuthorHistory | None = None) -> dict:
    """What editors see: everything, including the reader's original, e-mail, flags and the author's record."""
    return {
        "id": comment.id,
        "version": comment.version,
        "status": comment.status.value,
        "article": comment.article.slug,
        "author_name": comment.author_name,
        "email": comment.email,
        "original_text": comment.original_text,
        "text": comment.text,
        "html": comment.html,
        "created_at": iso(comment.created_at),
        "decided_at": iso(comment.decided_at),
        "reject_reason": comment.reject_reason,
        "reject_reason_code": comment.reject_reason_code,
        "decided_by": comment.decided_by.display_name if comment.decided_by else None,
        "attachments": [attachment_json(a, public=False) for a in comment.attachments],
        "flags": [{"code": f.code, "detail": f.detail, "label": describe(f.code, f.detail)} for f in comment.flags],
        "author_history": {"earlier": author.earlier, "approved": author.approved} if author else None,
    }


def conflict_json(latest: Decision) -> dict:
    """The answer to a stale version: who decided what and when."""
    return {"errors": [{"field": "version", "code": "conflict", "message": "Bình luận đã được xử lý trước đó."}],
            "current": {"version": latest.version, "action": latest.action, "editor": latest.editor,
                        "at": iso(latest.at)}}


def diff_json(chunks: list[Chunk]) -> list[dict]:
    return [{"op": c.op, "text": c.text} for c in chunks]


def history_json(steps: list[HistoryStep]) -> list[dict]:
    return [{**audit_entry_json(step.entry, article=False), "diff": diff_json(step.diff)} for step in steps]


def audit_entry_json(entry: AuditEntry, *, article: bool = True) -> dict:
    data = {
        "id": entry.id,
        "comment_id": entry.comment_id,
        "at": iso(entry.created_at),
        "editor": entry.editor.display_name if entry.editor else None,
        "editor_email": entry.editor.email if entry.editor else None,
        "action": entry.action.value,
        "from_status": entry.from_status.value,
        "to_status": entry.to_status.value,
        "reason_code": entry.reason_code,
        "reason": entry.reason,
        "text_before": entry.text_before,
        "text_after": entry.text_after,
        "version": entry.version,
    }
    if article:
        data["article"] = entry.comment.article.slug
    return data


def dashboard_json(figures: Dashboard) -> dict:
    return {
        "pending": figures.pending,
        "oldest_pending_at": iso(figures.oldest_pending_at),
        "median_wait_seconds": figures.median_wait.total_seconds() if figures.median_wait is not None else None,
        "days": [d.isoformat() for d in figures.days],
        "decisions_per_day": [{"editor": e.editor, "counts": e.counts, "total": e.total} for e in figures.editors],
        "articles": [{"slug": a.slug, "title": a.title, "approved": a.approved, "declined": a.declined,
                      "approval_rate": round(a.rate, 4)} for a in figures.articles],
    }
