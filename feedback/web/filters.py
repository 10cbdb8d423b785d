"""Template filters: Vietnam time and Vietnamese number formats."""
from datetime import datetime, timezone

from flask import Flask
from markupsafe import Markup

from ..attachments.inspect import TYPE_LABELS, format_size
from ..timezone import VIETNAM


def vietnam_time(value: datetime | None, fmt: str = "%d-%m-%Y | %H:%M:%S") -> str:
    """A stored UTC time as the paper prints it: 08-12-2014 | 08:30:26."""
    if value is None:
        return ""
    return value.replace(tzinfo=timezone.utc).astimezone(VIETNAM).strftime(fmt)


def iso_time(value: datetime | None) -> str:
    return value.replace(tzinfo=timezone.utc).isoformat() if value else ""


def number(value: int) -> str:
    """Thousands separated by dots, as Vietnamese readers write them."""
    return f"{value:,}".replace(",", ".")


def type_label(content_type: str) -> str:
    """'ảnh JPEG', 'tài liệu PDF': what an editor calls a file."""
    return TYPE_LABELS.get(content_type, content_type)


def sanitized(html: str) -> Markup:
    """The one place comment HTML is trusted: it was cleaned by feedback.sanitize when stored."""
    return Markup(html)


def register(app: Flask) -> None:
    app.add_template_filter(vietnam_time)
    app.add_template_filter(iso_time)
    app.add_template_filter(number)
    app.add_template_filter(format_size, "filesize")
    app.add_template_filter(type_label)
    app.add_template_filter(sanitized)
