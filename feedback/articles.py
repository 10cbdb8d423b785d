"""Articles and their comment rules: import, listing, reading."""
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import select

from . import vietnamese
from .errors import NotFound
from .extensions import db
from .models import DEFAULT_ATTACHMENT_TYPES, DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MAX_ATTACHMENTS, Article, utcnow
from .sanitize import article_html

RULE_FIELDS = ("comments_open", "require_diacritics", "max_attachment_bytes", "max_attachments",
               "allowed_attachment_types", "notice")


class ArticleImportError(ValueError):
    """A record in an import file cannot become an article; the message says which and why."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0


def import_articles(
    records: Iterable[dict[str, Any]], *, max_attachment_bytes: int, max_attachments: int = DEFAULT_MAX_ATTACHMENTS
) -> ImportResult:
    """Create or update articles by slug; the caller commits."""
    result = ImportResult()
    for index, record in enumerate(records, start=1):
        try:
            values = _article_values(record, max_attachment_bytes, max_attachments)
        except (KeyError, TypeError, ValueError) as exc:
            raise ArticleImportError(f"article #{index}: {exc}") from None
        article = db.session.scalar(select(Article).where(Article.slug == values["slug"]))
        if article is None:
            db.session.add(Article(**values))
            result.created += 1
        else:
            for name, value in values.items():
                setattr(article, name, value)
            result.updated += 1
    db.session.flush()
    return result


def _article_values(record: dict[str, Any], max_attachment_bytes: int, max_attachments: int) -> dict[str, Any]:
    title = vietnamese.normalize(_required(record, "title"))
    published = _parse_time(record.get("published_at")) or utcnow()
    values = {
        "slug": vietnamese.slugify(record.get("slug") or title),
        "title": title,
        "lead": vietnamese.normalize(record.get("lead") or ""),
        "body_html": article_html(vietnamese.normalize(record.get("body_html") or "")),
        "author": vietnamese.normalize(record.get("author") or ""),
        "image_url": record.get("image_url") or None,
        "image_caption": vietnamese.normalize(record.get("image_caption") or "") or None,
        "published_at": published,
        "updated_at": _parse_time(record.get("updated_at")) or published,
    }
    values.update(_rule_values(record.get("rules") or {}, max_attachment_bytes, max_attachments))
    return values


def _rule_values(rules: dict[str, Any], max_attachment_bytes: int, max_attachments: int) -> dict[str, Any]:
    unknown = set(rules) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"unknown rules {sorted(unknown)}")
    limit = rules.get("max_attachment_bytes", DEFAULT_MAX_ATTACHMENT_BYTES)
    if not isinstance(limit, int) or not 0 < limit <= max_attachment_bytes:
        raise ValueError(f"max_attachment_bytes must be between 1 and {max_attachment_bytes}")
    count = rules.get("max_attachments", DEFAULT_MAX_ATTACHMENTS)
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= max_attachments:
        raise ValueError(f"max_attachments must be between 0 and {max_attachments}")
    types = rules.get("allowed_attachment_types", DEFAULT_ATTACHMENT_TYPES)
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise ValueError("allowed_attachment_types must be a list of MIME types")
    return {
        "comments_open": bool(rules.get("comments_open", True)),
        "require_diacritics": bool(rules.get("require_diacritics", True)),
        "max_attachment_bytes": limit,
        "max_attachments": count,
        "allowed_attachment_types": types,
        "notice": vietnamese.normalize(rules.get("notice") or "") or None,
    }


def _required(record: dict[str, Any], name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} is required")
    return value


def _parse_time(value: str | None) -> datetime | None:
    """ISO 8601 with an offset, stored as naive UTC; a time without offset is taken as UTC."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(timezone.utc).replace(tzinfo=None)
    return parsed


def list_articles(page: int, per_page: int):
    """Newest first, paginated."""
    query = select(Article).order_by(Article.published_at.desc(), Article.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_article(slug: str) -> Article:
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        raise NotFound("article")
    return article

