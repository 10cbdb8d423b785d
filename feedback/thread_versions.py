"""Every change to what readers see under an article moves that article's thread version, in the same transaction.

Rendered threads are cached under (article, thread version), so a decision makes every cached copy on every
server unreachable by construction: nothing has to remember to clear a cache. The rule lives in one session hook
rather than in each decision, so a new kind of change to these rows is covered without being named here.
"""
from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session

from .models import Article, Attachment, Comment, CommentStatus

# What readers see of a published comment.
_SHOWN_COMMENT_COLUMNS = ("status", "text", "html", "author_name", "created_at", "article_id")
# Article columns that are not shown under the article.
_UNSHOWN_ARTICLE_COLUMNS = {"view_count", "thread_version"}
_MOVED = "feedback.moved_threads"


def register() -> None:
    if not event.contains(Session, "after_flush", _move_thread_versions):
        event.listen(Session, "after_flush", _move_thread_versions)
        event.listen(Session, "after_flush_postexec", _forget_old_versions)


def _move_thread_versions(session: Session, flush_context) -> None:
    """After the flush's own writes (so a lost race has already raised), before its commit."""
    with session.no_autoflush:
        article_ids = changed_threads(session)
    if not article_ids:
        return
    # Core, not ORM: an atomic increment that concurrent decisions add up, and no second flush from inside this one.
    table = Article.__table__
    session.connection().execute(
        update(table).where(table.c.id.in_(article_ids)).values(thread_version=table.c.thread_version + 1)
    )
    session.info.setdefault(_MOVED, set()).update(article_ids)


def _forget_old_versions(session: Session, flush_context) -> None:
    """Loaded articles read their new version from the database when next asked."""
    for article_id in session.info.pop(_MOVED, ()):
        loaded = session.identity_map.get(session.identity_key(Article, article_id))
        if loaded is not None:
            session.expire(loaded, ["thread_version"])


def changed_threads(session: Session) -> set[int]:
    """The articles whose published thread this flush changes."""
    ids: set[int] = set()
    for obj in session.new:
        if isinstance(obj, Comment) and obj.status == CommentStatus.APPROVED:
            ids.add(obj.article_id)
        elif isinstance(obj, Attachment) and obj.published:
            ids.update(_article_of(session, obj))
    for obj in session.dirty:
        if isinstance(obj, Comment) and _changed(obj, _SHOWN_COMMENT_COLUMNS) and _published_before_or_after(obj):
            ids.update(_values(obj, "article_id"))
        elif isinstance(obj, Attachment) and _changed(obj, ("published",)):
            ids.update(_article_of(session, obj))
        elif isinstance(obj, Article) and _changed(obj, _shown_article_columns()):
            ids.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Comment) and _published_before_or_after(obj):
            ids.add(obj.article_id)
        elif isinstance(obj, Attachment) and _values(obj, "published") & {True}:
            ids.update(_article_of(session, obj))
    ids.discard(None)
    return ids


def _changed(obj, names) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


def _values(obj, name: str) -> set:
    """The attribute's value now and before this flush."""
    history = inspect(obj).attrs[name].history
    return {*history.added, *history.unchanged, *history.deleted} or {getattr(obj, name)}


def _published_before_or_after(comment: Comment) -> bool:
    return CommentStatus.APPROVED in _values(comment, "status")


def _article_of(session: Session, attachment: Attachment) -> set[int]:
    comment = attachment.__dict__.get("comment")
    if comment is None and attachment.comment_id is not None:
        comment = session.get(Comment, attachment.comment_id)
    return {comment.article_id} if comment is not None else set()


def _shown_article_columns() -> list[str]:
    return [c.key for c in inspect(Article).column_attrs if c.key not in _UNSHOWN_ARTICLE_COLUMNS]
