"""Rendered threads kept in the cache, and the HTTP headers that let browsers, nginx and CDNs keep pages too.

Keys carry the article's thread version (feedback/thread_versions.py), so a decision makes older entries
unreachable on every server; nothing here clears an entry. The store is Redis when FEEDBACK_REDIS_URL is set,
else each process keeps its own (Flask-Caching's SimpleCache). A store that fails is skipped for a few seconds,
never turned into an error: the page is rendered as if nothing were cached.
"""
import hashlib
import logging
import time
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


@dataclass(frozen=True)
class Rendered:
    """A finished response body with its strong validator."""

    body: bytes
    etag: str
    mimetype: str


def rendered(body: str | bytes, mimetype: str) -> Rendered:
    data = body.encode() if isinstance(body, str) else body
    return Rendered(data, hashlib.sha256(data).hexdigest()[:32], mimetype)


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


def personal_request() -> bool:
    """The visitor carries our session cookie (an editor, or someone mid-login): they get a page of their own."""
    return current_app.config["SESSION_COOKIE_NAME"] in request.cookies


def public_response(page: Rendered, *, vary: str | None = None) -> Response:
    """A response any cache may keep for a few seconds, answered 304 when the client already has it."""
    response = Response(page.body, mimetype=page.mimetype)
    response.set_etag(page.etag)
    config = current_app.config
    # Browsers ask again each time (a 304 costs us one small query), so a reader who reloads sees the latest
    # decision; shared caches (nginx, a CDN) keep the answer a few seconds and absorb the crowd.
    response.headers["Cache-Control"] = (f"public, max-age=0, s-maxage={config['HTTP_SHARED_MAX_AGE']}, "
                                         f"stale-while-revalidate={config['HTTP_STALE_WHILE_REVALIDATE']}")
    if vary:
        response.vary.add(vary)
    return response.make_conditional(request)


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
        response.headers.setdefault("Cache-Control", PRIVATE)
        return response
