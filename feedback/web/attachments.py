"""Serving stored attachments so that nothing uploaded can act as a page."""
from urllib.parse import quote

from flask import Blueprint, Response, current_app

from ..comments import get_attachment

bp = Blueprint("attachments", __name__)

# Types a browser may show inline; everything else downloads.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}


@bp.get("/tep/<int:attachment_id>")
def public(attachment_id: int):
    return attachment_response(attachment_id, editor=False)


def attachment_response(attachment_id: int, *, editor: bool) -> Response:
    attachment = get_attachment(attachment_id, include_unpublished=editor)
    stream = current_app.extensions["feedback.storage"].open(attachment.storage_key)
    mimetype = attachment.content_type if attachment.content_type in INLINE_TYPES | {"application/pdf"} \
        else "application/octet-stream"
    response = Response(stream, mimetype=mimetype, direct_passthrough=True)
    response.content_length = attachment.size
    disposition = "inline" if attachment.content_type in INLINE_TYPES else "attachment"
    response.headers["Content-Disposition"] = content_disposition(disposition, attachment.original_name)
    response.headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store" if editor else "public, max-age=3600"
    return response


def content_disposition(kind: str, filename: str) -> str:
    """An ASCII fallback plus the RFC 5987 UTF-8 name, so Vietnamese file names survive."""
    fallback = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in filename) or "tep"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
