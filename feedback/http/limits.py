"""Rate limits on the doors abusers knock on: posting comments (both doors share a count), logging in, the API.

Each limit string is a setting read per request; the 429 answer is written in web/errors.py.
"""
import hashlib
import time
from functools import wraps
from http import HTTPStatus

from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from ..extensions import limiter
from .bearer import bearer_token, token_editor
from .uploads import cap_for_article, over_cap


def _setting(name: str):
    return lambda: current_app.config[name]


@limiter.request_filter
def _switched_off() -> bool:
    """An app with RATELIMIT_ENABLED false is never limited, even while another app in the process is."""
    return not current_app.config["RATELIMIT_ENABLED"]


def _comment_accepted(response) -> bool:
    """Only comments we took count; a reader correcting a refused form is not held back."""
    return response.status_code in (HTTPStatus.SEE_OTHER, HTTPStatus.ACCEPTED)


def _login_failed(response) -> bool:
    return response.status_code == HTTPStatus.UNAUTHORIZED


def posted_email() -> str:
    """The e-mail field of the form or JSON body, lower case; empty when there is none or the body is too large."""
    if over_cap():
        return ""  # the view answers 413 (keeping a form's text); reading this body is what the cap forbids
    try:
        if request.is_json:
            data = request.get_json(silent=True)
            value = data.get("email") if isinstance(data, dict) else None
        else:
            value = request.form.get("email")
    except HTTPException:  # a body too large or malformed: the view gives that answer
        return ""
    return value.strip().lower() if isinstance(value, str) else ""


def _email_key() -> str:
    return "email:" + hashlib.sha256(posted_email().encode()).hexdigest()


def _api_client() -> str:
    """A valid editor's token (a newsroom shares one address), the client address otherwise.

    Only a token that checks out gets its own count: a client sending a fresh random token per call is one address.
    """
    if token_editor() is not None:
        return "token:" + hashlib.sha256(bearer_token().encode()).hexdigest()
    return get_remote_address()


_comments_per_ip = limiter.shared_limit(_setting("RATELIMIT_COMMENT_IP"), scope="comment-ip",
                                        deduct_when=_comment_accepted)
_comments_per_email = limiter.shared_limit(_setting("RATELIMIT_COMMENT_EMAIL"), scope="comment-email",
                                           key_func=_email_key, exempt_when=lambda: not posted_email(),
                                           deduct_when=_comment_accepted)
login_attempts = limiter.limit(_setting("RATELIMIT_LOGIN"), methods=["POST"], deduct_when=_login_failed)
view_beacons = limiter.limit(_setting("RATELIMIT_VIEWS"))
api_calls = limiter.shared_limit(_setting("RATELIMIT_API"), scope="api", key_func=_api_client)


def comment_posting(view):
    """Per address and per e-mail, counted together for the comment form and the API.

    The article's body cap is set first: the e-mail key reads the body, and nothing may read it uncapped.
    """
    limited = _comments_per_ip(_comments_per_email(view))

    @wraps(view)
    def capped_then_limited(*args, slug: str, **kwargs):
        cap_for_article(slug)
        return limited(*args, slug=slug, **kwargs)
    return capped_then_limited


def register(app: Flask) -> None:
    @app.after_request
    def _retry_after_only_when_refused(response):
        # Flask-Limiter adds Retry-After to every answer under a limit; it means "come back then" and belongs only
        # on a refusal.
        if response.status_code not in (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE):
            response.headers.pop("Retry-After", None)
        return response


def retry_after_seconds() -> int | None:
    """Seconds until the limit this request broke lets the client in again."""
    breached = limiter.current_limit
    if breached is None:
        return None
    return max(int(breached.reset_at - time.time()), 1)
