"""Articles and their comment rules: import, listing, reading."""
import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import Connection, bindparam, func, select

from . import vietnamese
from .errors import InvalidDecision, NotFound
from .extensions import db
from .models import DEFAULT_ATTACHMENT_TYPES, DEFAULT_MAX_ATTACHMENT_BYTES, DEFAULT_MAX_ATTACHMENTS, Article, utcnow
from .sanitize import article_html

# Far past any real page, and small enough that its offset fits every database.
MAX_PAGE = 100_000
RULE_FIELDS = ("comments_open", "require_diacritics", "max_attachment_bytes", "max_attachments",
               "allowed_attachment_types", "notice")


class ArticleImportError(ValueError):
    """A record in an import file cannot become an article; the message says which and why."""


class ArticleInvalid(InvalidDecision):
    """An article from the admin panel breaks a rule; `field` names the form field to show it beside."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ArticleInput:
    """An article and its comment rules as an admin typed them."""

    title: str
    slug: str = ""
    lead: str = ""
    body_html: str = ""
    author: str = ""
    image_url: str = ""
    image_caption: str = ""
    comments_open: bool = True
    require_diacritics: bool = True
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES
    max_attachments: int = DEFAULT_MAX_ATTACHMENTS
    allowed_attachment_types: tuple[str, ...] = tuple(DEFAULT_ATTACHMENT_TYPES)
    notice: str = ""


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


def save_article(article_id: int | None, data: ArticleInput, *, max_attachment_bytes: int,
                 max_attachments: int) -> Article:
    """Create an article (article_id None) or change one and its comment rules; the caller commits."""
    article = Article(published_at=utcnow()) if article_id is None else db.session.get(Article, article_id)
    if article is None:
        raise NotFound("article")
    title = vietnamese.normalize(data.title)
    if not title:
        raise ArticleInvalid("title", "Vui lòng nhập tiêu đề.")
    slug = vietnamese.slugify(data.slug or title)
    taken = db.session.scalar(select(Article.id).where(Article.slug == slug, Article.id != article.id))
    if taken is not None:
        raise ArticleInvalid("slug", f"Đường dẫn “{slug}” đã được bài khác dùng.")
    if not 0 < data.max_attachment_bytes <= max_attachment_bytes:
        raise ArticleInvalid("max_attachment_mb", f"Giới hạn file phải từ 1 byte đến {max_attachment_bytes:,} byte."
                             .replace(",", "."))
    if not 0 <= data.max_attachments <= max_attachments:
        raise ArticleInvalid("max_attachments", f"Số file mỗi bình luận phải từ 0 đến {max_attachments}.")
    rules = _rule_values({
        "comments_open": data.comments_open, "require_diacritics": data.require_diacritics,
        "max_attachment_bytes": data.max_attachment_bytes, "max_attachments": data.max_attachments,
        "allowed_attachment_types": list(data.allowed_attachment_types), "notice": data.notice,
    }, max_attachment_bytes, max_attachments)
    image_url = data.image_url.strip()
    if image_url and not image_url.startswith(("/", "https://", "http://")):
        raise ArticleInvalid("image_url", "Địa chỉ ảnh phải bắt đầu bằng https:// hoặc /.")
    article.slug, article.title, article.updated_at = slug, title, utcnow()
    article.lead, article.author = vietnamese.normalize(data.lead), vietnamese.normalize(data.author)
    article.body_html = article_html(vietnamese.normalize(data.body_html))
    article.image_url = image_url or None
    article.image_caption = vietnamese.normalize(data.image_caption) or None
    for name, value in rules.items():
        setattr(article, name, value)
    db.session.add(article)
    db.session.flush()
    return article


def get_article_by_id(article_id: int) -> Article:
    article = db.session.get(Article, article_id)
    if article is None:
        raise NotFound("article")
    return article


def list_articles(page: int, per_page: int):
    """Newest first, paginated; a page number past any real one is NotFound (the database cannot skip that far)."""
    if page > MAX_PAGE:
        raise NotFound("page")
    query = select(Article).order_by(Article.published_at.desc(), Article.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def get_article(slug: str) -> Article:
    article = db.session.scalar(select(Article).where(Article.slug == slug))
    if article is None:
        raise NotFound("article")
    return article



@dataclass(frozen=True)
class ArticleRef:
    """What the read path needs before it knows whether a rendered thread is cached."""

    id: int
    thread_version: int
    view_count: int


_ARTICLES = Article.__table__
_REF = select(_ARTICLES.c.id, _ARTICLES.c.thread_version, _ARTICLES.c.view_count) \
    .where(_ARTICLES.c.slug == bindparam("slug"))
_ATTACHMENT_RULES = select(_ARTICLES.c.max_attachment_bytes, _ARTICLES.c.max_attachments) \
    .where(_ARTICLES.c.slug == bindparam("slug"))
_COUNT = select(func.count()).select_from(_ARTICLES)
_PAGE_VERSIONS = (select(_ARTICLES.c.id, _ARTICLES.c.thread_version)
                  .order_by(_ARTICLES.c.published_at.desc(), _ARTICLES.c.id.desc())
                  .limit(bindparam("limit")).offset(bindparam("offset")))


def article_ref(slug: str) -> ArticleRef:
    """One small indexed read: read it before the thread itself, so a thread rendered later is never older."""
    # Core on a connection of its own: every page view runs this, and the session's machinery would double its
    # cost. Its own snapshot is fine: read first, it can only be older than what a render reads after it.
    with _reader() as connection:
        row = connection.execute(_REF, {"slug": slug}).first()
    if row is None:
        raise NotFound("article")
    return ArticleRef(*row)


def list_page_version(page: int, per_page: int) -> str:
    """A digest that changes whenever a page of the article list would: the number of articles and the thread
    versions of those on the page."""
    if page > MAX_PAGE:
        raise NotFound("page")
    with _reader() as connection:  # as article_ref: this runs on every view of a list page
        total = connection.execute(_COUNT).scalar()
        rows = connection.execute(_PAGE_VERSIONS, {"limit": per_page, "offset": (page - 1) * per_page}).all()
    return hashlib.sha256(repr((total, [tuple(row) for row in rows])).encode()).hexdigest()[:16]


def attachment_rules(slug: str) -> tuple[int, int]:
    """An article's (max_attachment_bytes, max_attachments), read before a comment's body is."""
    with _reader() as connection:  # Core: a post reads the article again, whole, once it is capped
        row = connection.execute(_ATTACHMENT_RULES, {"slug": slug}).first()
    if row is None:
        raise NotFound("article")
    return row.max_attachment_bytes, row.max_attachments


def _reader() -> Connection:
    """A connection for one-statement reads: in autocommit, so the database is asked once, with no BEGIN before
    and no ROLLBACK as the pool takes the connection back."""
    return db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
