"""The JSON API under /api: public articles and comments, and the editors' API."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api")

from . import articles, moderation  # noqa: E402,F401  (routes register themselves on bp)
