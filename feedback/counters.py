"""Article view counters: one Redis INCR per view when Redis is configured, else batched in each process.

Neither writes the database once per view. With Redis, `flask --app feedback flush-view-counts` folds the counts
into the database; without it, each process adds up its views and writes them in one UPDATE per article every
`VIEW_FLUSH_SECONDS` (and when the process exits), so the number shown may lag by that much.
"""
import logging
import threading
import time
from collections import Counter
from typing import Protocol

from redis.exceptions import RedisError
from sqlalchemy import update

from .extensions import db
from .models import Article

KEY_PREFIX = "feedback:views:"
log = logging.getLogger("feedback")


class ViewCounter(Protocol):
    def record(self, article_id: int) -> bool:
        """Count one view; True when this wrote counts into the database (the caller commits)."""

    def pending(self, article_id: int) -> int: ...


class BufferedViewCounter:
    """Views kept in this process and written in batches; the caller commits after record()."""

    def __init__(self, flush_seconds: float):
        self.flush_seconds = flush_seconds
        self._counts: Counter[int] = Counter()
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()

    def record(self, article_id: int) -> bool:
        with self._lock:
            self._counts[article_id] += 1
            due = time.monotonic() - self._last_flush >= self.flush_seconds
        return due and self.flush() > 0

    def pending(self, article_id: int) -> int:
        return self._counts.get(article_id, 0)

    def flush(self) -> int:
        """Add the buffered counts to the database in the current session; the caller commits."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
        for article_id, count in counts.items():
            _add_views(article_id, count)
        return sum(counts.values())


class RedisViewCounter:
    """A lost view is better than a failed page: while Redis is down, views go uncounted (and logged)."""

    def __init__(self, client):
        self.client = client

    def record(self, article_id: int) -> bool:
        try:
            self.client.incr(f"{KEY_PREFIX}{article_id}")
        except RedisError as exc:
            log.warning("view not counted, Redis unavailable: %s", exc)
        return False

    def pending(self, article_id: int) -> int:
        try:
            return int(self.client.get(f"{KEY_PREFIX}{article_id}") or 0)
        except RedisError:
            return 0

    def flush(self) -> int:
        """Move every pending count into the database; GETDEL makes each move atomic. The caller commits."""
        moved = 0
        for key in self.client.scan_iter(match=f"{KEY_PREFIX}*"):
            count = int(self.client.getdel(key) or 0)
            _add_views(int(key.decode().removeprefix(KEY_PREFIX)), count)
            moved += count
        return moved


def _add_views(article_id: int, count: int) -> None:
    db.session.execute(update(Article).where(Article.id == article_id)
                       .values(view_count=Article.view_count + count))


def views(stored: int, article_id: int, counter: ViewCounter) -> int:
    """The count in the database plus what the counter has not written yet."""
    return stored + counter.pending(article_id)
