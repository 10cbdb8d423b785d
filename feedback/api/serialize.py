"""JSON shapes shared by the API endpoints."""
from datetime import timezone

from flask import url_for

from ..abuse import describe
from ..models import Article, Attachment, Comment


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


def moderation_comment_json(comment: Comment) -> dict:
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
        "attachments": [attachment_json(a, public=False) for a in comment.attachments],
        "flags": [{"code": f.code, "detail": f.detail, "label": describe(f.code, f.detail)} for f in comment.flags],
    }
