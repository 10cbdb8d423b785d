"""The editor behind a request's bearer token, checked once per request (the API's rate limit and its views share it)."""
from datetime import timedelta

from flask import current_app, g, request

from .. import editors
from ..models import Editor


def bearer_token() -> str:
    """The token of an `Authorization: Bearer …` header; empty when there is none."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def token_editor() -> Editor | None:
    """The active editor whose valid, unexpired token this request carries, or None."""
    if "token_editor" not in g:
        token = bearer_token()
        lifetime = timedelta(days=current_app.config["API_TOKEN_LIFETIME_DAYS"])
        g.token_editor = editors.editor_for_token(token, lifetime=lifetime) if token else None
    return g.token_editor
