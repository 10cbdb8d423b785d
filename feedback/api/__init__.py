"""The JSON API under /api: public articles and comments, and the editors' API."""
from flask import Blueprint

from ..http.limits import api_calls

bp = Blueprint("api", __name__, url_prefix="/api")
api_calls(bp)

from . import abuse, articles, moderation  # noqa: E402,F401  (routes register themselves on bp)
