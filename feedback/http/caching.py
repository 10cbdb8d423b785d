"""Rendered threads kept in the cache, and the HTTP headers that let browsers, nginx and CDNs keep pages too.

Keys carry the article's thread version (feedback/thread_versions.py), so a decision makes older entries
unreachable on every server; nothing here clears an entry. The store is Redis when FEEDBACK_REDIS_URL is set,
else each process keeps its own (Flask-Caching's SimpleCache). A store that fails is skipped for a few seconds,
never turned into an error: the page is rendered as if nothing were cached.
"""
import gzip
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from flask import Flask, Response, current_app, request

from ..extensions import cache

log = logging.getLogger("feedback")
T = TypeVar("T")
PRIVATE = "private, no-store"
# After a failure the store is left alone this long, so a Redis outage costs one timeout, not one per request.
_PAUSE_AFTER_FAILURE = 5.0
# Finished pages each process keeps in front of the store, and for how long at most.
_RECENT_PAGES = 32
_RECENT_SECONDS = 10


@dataclass(frozen=True)
class Rendered:
    """A finished response body, compressed once too, with its strong validator."""

    body: bytes
    gzipped: bytes
    etag: str
    mimetype: str


def rendered(body: str | bytes, mimetype: str) -> Rendered:
    data = body.encode() if isinstance(body, str) else body
    # Compressed once per render, not per view: phones on slow networks get a third of the bytes, for free.
    return Rendered(data, gzip.compress(data, compresslevel=6, mtime=0), hashlib.sha256(data).hexdigest()[:32],
                    mimetype)


def cached(key: str, build: Callable[[], T], *, timeout: int | None = None) -> T:
    """The value stored under key, or build it and store it; the store's failures only cost the build."""
    state = current_app.extensions["feedback.cache"]
    full_key = f"{state.render_id}:{key}"
    if state.available():
        try:
            value = cache.get(full_key)
        except Exception as exc:  # any store failure (connection, timeout, a corrupt entry) means a miss
            state.failed(exc)
        else:
            if value is not None:
                return value
    value = build()
    if state.available():
        try:
            cache.set(full_key, value, timeout=timeout)
        except Exception as exc:
            state.failed(exc)
    return value


def cached_page(key: str, build: Callable[[], Rendered], *, timeout: int) -> Rendered:
    """A finished page: kept a few seconds in this process too, in front of the shared store.

    The hottest pages then cost neither a round trip to Redis nor unpickling their bytes. The key holds the thread
    version read for this request, so a page kept here is never older than the last decision; the short life only
    bounds how old its printed view count may grow.
    """
    state = current_app.extensions["feedback.cache"]
    page = state.recent(key)
    if page is None:
        page = cached(key, build, timeout=timeout)
        state.keep(key, page, min(timeout, _RECENT_SECONDS))
    return page


def clear_cache() -> None:
    """Drop every entry: the shared store's and this process's (other processes let theirs expire in seconds)."""
    cache.clear()
    current_app.extensions["feedback.cache"].forget_recent()


def personal_request() -> bool:
    """The visitor carries our session cookie (an editor, or someone mid-login): they get a page of their own."""
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies


def public_response(page: Rendered, *, vary: str | None = None) -> Response:
    """A response any cache may keep for a few seconds, answered 304 when the client already has it."""
    compressed = request.accept_encodings["gzip"] > 0
    response = Response(page.gzipped if compressed else page.body, mimetype=page.mimetype)
    if compressed:
        response.content_encoding = "gzip"
    # A strong validator names one representation, so the compressed one has its own.
    etag = f"{page.etag}-gz" if compressed else page.etag
    response.set_etag(etag)
    response.vary.add("Accept-Encoding")
    config = current_app.config
    # Browsers ask again each time (a 304 costs us one small query), so a reader who reloads sees the latest
    # decision; shared caches (nginx, a CDN) keep the answer a few seconds and absorb the crowd.
    response.headers["Cache-Control"] = (f"public, max-age=0, s-maxage={config['HTTP_SHARED_MAX_AGE']}, "
                                         f"stale-while-revalidate={config['HTTP_STALE_WHILE_REVALIDATE']}")
    if vary:
        response.vary.add(vary)
    if request.if_none_match.contains(etag):
        # The client has this very representation: headers only, as RFC 9110 asks of a 304.
        response.status_code, response.data = 304, b""
        for name in ("Content-Encoding", "Content-Length"):
            response.headers.pop(name, None)
    return response


def private(response, *, vary: str | None = None):
    """Only this visitor's browser may keep it, and not even that."""
    response = current_app.make_response(response)
    response.headers["Cache-Control"] = PRIVATE
    if vary:
        response.vary.add(vary)
    return response


class CacheState:
    """This process's view of the store: the render id its keys start with, and whether it is paused."""

    def __init__(self, render_id: str):
        self.render_id = render_id
        self._paused_until = 0.0
        self._recent: OrderedDict[str, tuple[float, Rendered]] = OrderedDict()
        self._lock = threading.Lock()

    def recent(self, key: str) -> Rendered | None:
        entry = self._recent.get(key)
        return entry[1] if entry is not None and entry[0] > time.monotonic() else None

    def forget_recent(self) -> None:
        with self._lock:
            self._recent.clear()

    def keep(self, key: str, page: Rendered, seconds: float) -> None:
        with self._lock:
            self._recent[key] = (time.monotonic() + seconds, page)
            self._recent.move_to_end(key)
            while len(self._recent) > _RECENT_PAGES:
                self._recent.popitem(last=False)

    def available(self) -> bool:
        return time.monotonic() >= self._paused_until

    def failed(self, exc: Exception) -> None:
        log.warning("cache unavailable for %.0f s: %s", _PAUSE_AFTER_FAILURE, exc)
        self._paused_until = time.monotonic() + _PAUSE_AFTER_FAILURE


def render_id(*folders: Path) -> str:
    """A digest of the code and templates: servers running another release never read each other's renders."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".js", ".css")):
            digest.update(str(path.relative_to(folder)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def register(app: Flask, *folders: Path) -> None:
    """Bind the store, and make every response that did not say otherwise private."""
    app.extensions["feedback.cache"] = CacheState(render_id(*folders))
    cache.init_app(app)

    @app.after_request
    def _private_unless_declared(response):
        if response.headers.get("Cache-Control") is None:
            response.headers["Cache-Control"] = PRIVATE
        return response
