"""Figures for the newsroom: the queue now, who decided how much, how fast, and what each article attracts."""
import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select

from .extensions import db
from .models import Article, AuditAction, AuditEntry, Comment, CommentStatus, Editor

# The first decision on a waiting comment; returning one to the queue is also a decision, but not a verdict.
VERDICTS = (AuditAction.APPROVE, AuditAction.EDIT_APPROVE, AuditAction.REJECT, AuditAction.SPAM)


@dataclass(frozen=True)
class EditorDays:
    editor: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class ArticleRate:
    slug: str
    title: str
    approved: int
    declined: int

    @property
    def rate(self) -> float:
        return self.approved / (self.approved + self.declined) if self.approved + self.declined else 0.0


@dataclass(frozen=True)
class Dashboard:
    pending: int
    oldest_pending_at: datetime | None
    days: list[date]
    editors: list[EditorDays]
    median_wait: timedelta | None
    articles: list[ArticleRate]


def build_dashboard(now: datetime, *, days: int = 14, utc_offset: timedelta = timedelta(0),
                    article_limit: int = 20) -> Dashboard:
    """Everything over the last `days` days, counted by local calendar day (the newsroom's time zone)."""
    since = now - timedelta(days=days)
    pending, oldest = db.session.execute(
        select(func.count(), func.min(Comment.created_at)).where(Comment.status == CommentStatus.PENDING)
    ).one()
    local_days = [(now + utc_offset).date() - timedelta(days=n) for n in range(days - 1, -1, -1)]
    return Dashboard(
        pending=pending,
        oldest_pending_at=oldest,
        days=local_days,
        editors=_decisions_per_day(since, local_days, utc_offset),
        median_wait=_median_wait(since),
        articles=_approval_rates(since, article_limit),
    )


def _decisions_per_day(since: datetime, local_days: list[date], utc_offset: timedelta) -> list[EditorDays]:
    rows = db.session.execute(
        select(AuditEntry.created_at, func.coalesce(Editor.name, Editor.email))
        .outerjoin(Editor, AuditEntry.editor_id == Editor.id)
        .where(AuditEntry.created_at >= since)
    )
    index = {day: n for n, day in enumerate(local_days)}
    per_editor: dict[str, list[int]] = {}
    for created_at, editor in rows:
        n = index.get((created_at + utc_offset).date())
        if n is not None:
            per_editor.setdefault(editor or "?", [0] * len(local_days))[n] += 1
    return sorted((EditorDays(name, counts) for name, counts in per_editor.items()), key=lambda e: -e.total)


def _median_wait(since: datetime) -> timedelta | None:
    """Median time from a reader's submission to the first verdict on it."""
    rows = db.session.execute(
        select(AuditEntry.created_at, Comment.created_at)
        .join(Comment, AuditEntry.comment_id == Comment.id)
        .where(AuditEntry.created_at >= since, AuditEntry.action.in_(VERDICTS),
               AuditEntry.from_status == CommentStatus.PENDING)
    ).all()
    if not rows:
        return None
    return timedelta(seconds=statistics.median((decided - sent).total_seconds() for decided, sent in rows))


def _approval_rates(since: datetime, limit: int) -> list[ArticleRate]:
    """Articles with the most decided comments submitted in the period, and the share approved."""
    approved = func.sum(case((Comment.status == CommentStatus.APPROVED, 1), else_=0))
    declined = func.sum(case((Comment.status.in_([CommentStatus.REJECTED, CommentStatus.SPAM]), 1), else_=0))
    rows = db.session.execute(
        select(Article.slug, Article.title, approved, declined)
        .join(Comment, Comment.article_id == Article.id)
        .where(Comment.created_at >= since, Comment.status != CommentStatus.PENDING)
        .group_by(Article.id, Article.slug, Article.title)
        .order_by((approved + declined).desc(), Article.id)
        .limit(limit)
    )
    return [ArticleRate(slug, title, int(a or 0), int(d or 0)) for slug, title, a, d in rows]
