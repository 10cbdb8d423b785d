"""The moderation queue: tabs, filters, diacritic-insensitive search and keyset pages."""
import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased, selectinload

from .errors import InvalidDecision
from .extensions import db
from .models import Article, Attachment, Comment, CommentFlag, CommentStatus, search_key


class QueueTab(str, enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SPAM = "spam"
    # Pending comments that an automatic check flagged.
    FLAGGED = "flagged"


_STATUS = {
    QueueTab.PENDING: CommentStatus.PENDING,
    QueueTab.APPROVED: CommentStatus.APPROVED,
    QueueTab.REJECTED: CommentStatus.REJECTED,
    QueueTab.SPAM: CommentStatus.SPAM,
    QueueTab.FLAGGED: CommentStatus.PENDING,
}


@dataclass(frozen=True)
class QueueFilter:
    tab: QueueTab = QueueTab.PENDING
    article: str | None = None
    # Matched against the folded text, so "viet nam" finds "Việt Nam".
    q: str = ""
    # Part of the author's name or e-mail, folded the same way.
    author: str = ""
    has_attachment: bool | None = None
    flag: str | None = None
    # Submission time, UTC: from inclusive, until exclusive.
    submitted_from: datetime | None = None
    submitted_until: datetime | None = None

    @property
    def oldest_first(self) -> bool:
        """Waiting comments are read oldest first; decided ones newest decided first."""
        return self.tab in (QueueTab.PENDING, QueueTab.FLAGGED)


@dataclass(frozen=True)
class AuthorHistory:
    """What the same author (same folded name and e-mail) sent before this comment."""

    earlier: int = 0
    approved: int = 0


@dataclass
class QueuePage:
    items: list[Comment]
    next_cursor: str | None
    authors: dict[int, AuthorHistory]


def queue_page(filters: QueueFilter, *, limit: int, cursor: str | None = None) -> QueuePage:
    """One page of a tab, in a fixed number of queries whatever the page size, and the cursor of the next."""
    sort = Comment.created_at if filters.oldest_first else Comment.decided_at
    query = (
        _filtered(select(Comment), filters)
        .options(selectinload(Comment.attachments), selectinload(Comment.article), selectinload(Comment.flags),
                 selectinload(Comment.decided_by))
        .order_by(*((sort, Comment.id) if filters.oldest_first else (sort.desc(), Comment.id.desc())))
        .limit(limit + 1)
    )
    after = decode_cursor(cursor)
    if after is not None:
        stamp, last_id = after
        if filters.oldest_first:
            query = query.where(or_(sort > stamp, and_(sort == stamp, Comment.id > last_id)))
        else:
            query = query.where(or_(sort < stamp, and_(sort == stamp, Comment.id < last_id)))
    items = list(db.session.scalars(query))
    next_cursor = _encode_cursor(items[limit - 1], sort.key) if len(items) > limit else None
    items = items[:limit]
    return QueuePage(items, next_cursor, author_histories(items))


def _filtered(query, filters: QueueFilter):
    query = query.where(Comment.status == _STATUS[filters.tab])
    if filters.tab == QueueTab.FLAGGED:
        query = query.where(exists().where(CommentFlag.comment_id == Comment.id))
    if filters.article:
        article_id = select(Article.id).where(Article.slug == filters.article).scalar_subquery()
        query = query.where(Comment.article_id == article_id)
    if folded := search_key(filters.q):
        query = query.where(Comment.search_key.contains(folded, autoescape=True))
    if folded := search_key(filters.author):
        query = query.where(Comment.author_key.contains(folded, autoescape=True))
    if filters.has_attachment is not None:
        has = exists().where(Attachment.comment_id == Comment.id)
        query = query.where(has if filters.has_attachment else ~has)
    if filters.flag:
        query = query.where(exists().where(CommentFlag.comment_id == Comment.id, CommentFlag.code == filters.flag))
    if filters.submitted_from:
        query = query.where(Comment.created_at >= filters.submitted_from)
    if filters.submitted_until:
        query = query.where(Comment.created_at < filters.submitted_until)
    return query


def _encode_cursor(comment: Comment, attribute: str) -> str:
    """A keyset cursor: the last item's position in the tab's (time, id) order."""
    return f"{getattr(comment, attribute).isoformat()}_{comment.id}"


def decode_cursor(raw: str | None) -> tuple[datetime, int] | None:
    if not raw:
        return None
    stamp, _, comment_id = raw.rpartition("_")
    try:
        return datetime.fromisoformat(stamp).replace(tzinfo=None), int(comment_id)
    except ValueError:
        raise InvalidDecision("Tham số phân trang (cursor) không hợp lệ.") from None


def author_histories(comments: list[Comment]) -> dict[int, AuthorHistory]:
    """For each comment, how many comments its author sent earlier and how many of those were approved."""
    if not comments:
        return {}
    this, other = aliased(Comment), aliased(Comment)
    earlier = or_(other.created_at < this.created_at, and_(other.created_at == this.created_at, other.id < this.id))
    rows = db.session.execute(
        select(this.id, func.count(other.id), func.sum(case((other.status == CommentStatus.APPROVED, 1), else_=0)))
        .join(other, and_(other.author_key == this.author_key, earlier))
        .where(this.id.in_([c.id for c in comments]))
        .group_by(this.id)
    )
    found = {comment_id: AuthorHistory(count, approved or 0) for comment_id, count, approved in rows}
    return {c.id: found.get(c.id, AuthorHistory()) for c in comments}


def tab_counts(*, cap: int | None = None) -> dict[QueueTab, int]:
    """How many comments each tab holds right now.

    With a cap, counting stops at cap + 1 (read it as "more than cap"): each tab then costs at most cap index
    entries, so the panel's badges cost the same for a queue of 100 or of 100,000.
    """
    if cap is None:
        counts = dict.fromkeys(QueueTab, 0)
        for status, count in db.session.execute(select(Comment.status, func.count()).group_by(Comment.status)):
            counts[QueueTab(status.value)] = count
        counts[QueueTab.FLAGGED] = _count_flagged(None)
        return counts
    counts = {tab: _count(_STATUS[tab], cap + 1) for tab in QueueTab if tab != QueueTab.FLAGGED}
    counts[QueueTab.FLAGGED] = _count_flagged(cap + 1)
    return counts


def _count(status: CommentStatus, limit: int) -> int:
    rows = select(Comment.id).where(Comment.status == status).limit(limit)
    return db.session.scalar(select(func.count()).select_from(rows.subquery())) or 0


def _count_flagged(limit: int | None) -> int:
    """Pending comments with a flag, read from the flags of the newest comments first: waiting ones are recent."""
    # EXISTS keeps the planner walking the flags; a join lets it walk every pending comment instead.
    pending = exists().where(Comment.id == CommentFlag.comment_id, Comment.status == CommentStatus.PENDING)
    rows = select(CommentFlag.comment_id).distinct().where(pending).order_by(CommentFlag.comment_id.desc())
    if limit is not None:
        rows = rows.limit(limit)
    return db.session.scalar(select(func.count()).select_from(rows.subquery())) or 0


def flag_codes() -> list[str]:
    """The flag codes present on any comment, for the filter's choices."""
    return list(db.session.scalars(select(CommentFlag.code).distinct().order_by(CommentFlag.code)))


def recent_articles(limit: int = 50) -> list[Article]:
    """Articles an editor is likely to filter by: the newest ones."""
    return list(db.session.scalars(select(Article).order_by(Article.published_at.desc(), Article.id.desc())
                                   .limit(limit)))
