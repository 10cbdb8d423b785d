"""Article view counters: in the database by default, in Redis when configured.

With Redis, a view is one INCR instead of a row update, so a hot article does not queue writers on one row;
`flask --app feedback flush-view-counts` folds the Redis counts into the database.
"""
from typing import Protocol

from sqlalchemy import update

from .extensions import db
from .models import Article

KEY_PREFIX = "feedback:views:"


class ViewCounter(Protocol):
    def record(self, article_id: int) -> None: ...

    def pending(self, article_id: int) -> int: ...


class DatabaseViewCounter:
    def record(self, article_id: int) -> None:
        db.session.execute(update(Article).where(Article.id == article_id).values(view_count=Article.view_count + 1))

    def pending(self, article_id: int) -> int:
        return 0


class RedisViewCounter:
    def __init__(self, client):
        self.client = client

    def record(self, article_id: int) -> None:
        self.client.incr(f"{KEY_PREFIX}{article_id}")

    def pending(self, article_id: int) -> int:
        return int(self.client.get(f"{KEY_PREFIX}{article_id}") or 0)

    def flush(self) -> int:
        """Move every pending count into the database; GETDEL makes each move atomic. The caller commits."""
        moved = 0
        for key in self.client.scan_iter(match=f"{KEY_PREFIX}*"):
            count = int(self.client.getdel(key) or 0)
            article_id = int(key.decode().removeprefix(KEY_PREFIX))
            db.session.execute(update(Article).where(Article.id == article_id)
                               .values(view_count=Article.view_count + count))
            moved += count
        return moved


def views(article: Article, counter: ViewCounter) -> int:
    return article.view_count + counter.pending(article.id)
