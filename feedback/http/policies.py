"""What the doors hand the domain from this app's settings: text limits, the abuse policy, storage, counters."""
from datetime import timedelta

from flask import current_app

from .. import abuse, counters
from ..attachments import Storage
from ..comments import TextLimits


def text_limits() -> TextLimits:
    return TextLimits(current_app.config["COMMENT_MAX_LENGTH"], current_app.config["AUTHOR_NAME_MAX_LENGTH"])


def abuse_policy() -> abuse.AbusePolicy:
    config = current_app.config
    return abuse.AbusePolicy(
        min_form_seconds=config["FORM_MIN_SECONDS"],
        duplicate_window=timedelta(minutes=config["DUPLICATE_WINDOW_MINUTES"]),
        duplicate_articles=config["DUPLICATE_ARTICLES"],
        duplicate_articles_window=timedelta(hours=config["DUPLICATE_ARTICLES_HOURS"]),
        burst_comments=config["IP_BURST_COMMENTS"],
        burst_window=timedelta(minutes=config["IP_BURST_MINUTES"]),
    )


def storage() -> Storage:
    return current_app.extensions["feedback.storage"]


def view_counter() -> counters.ViewCounter:
    return current_app.extensions["feedback.views"]
