"""Serving stored attachments so that nothing uploaded can act as a page."""
from urllib.parse import quote

from flask import Blueprint, Response, current_app, request
from werkzeug.wsgi import wrap_file

from ..attachments.inspect import name_for_type
from ..comments import get_attachment
from ..errors import NotFound

bp = Blueprint("attachments", __name__)

# Types a browser may show inline; everything else downloads.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
SANDBOX = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@bp.get("/tep/<int:attachment_id>")
def public(attachment_id: int):
    return attachment_response(attachment_id, editor=False)


def attachment_response(attachment_id: int, *, editor: bool, thumbnail: bool = False) -> Response:
    """The file (or an image's thumbnail), with headers that keep any browser from running it."""
    attachment = get_attachment(attachment_id, include_unpublished=editor)
    key, content_type = attachment.storage_key, attachment.content_type
    if thumbnail:
        if not attachment.thumbnail_key:
            raise NotFound("thumbnail")
        key, content_type = attachment.thumbnail_key, "image/jpeg"
    stream = current_app.extensions["feedback.storage"].open(key)
    mimetype = content_type if content_type in INLINE_TYPES | {"application/pdf"} else "application/octet-stream"
    response = Response(wrap_file(request.environ, stream), mimetype=mimetype, direct_passthrough=True)
    if not thumbnail:
        response.content_length = attachment.size
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    # Rows stored before names followed their type still download under a name of the type served.
    name = name_for_type(attachment.original_name, content_type)
    response.headers["Content-Disposition"] = content_disposition(disposition, name)
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["X-Content-Type-Options"] = "nosniff"
    # A shared cache may keep a published file no longer than the article page it belongs to (the pages'
    # micro-caching): after an unpublish it must be gone within seconds, not an hour.
    response.headers["Cache-Control"] = "private, no-store" if editor else "public, max-age=5, s-maxage=10"
    return response


def content_disposition(kind: str, filename: str) -> str:
    """An ASCII fallback plus the RFC 5987 UTF-8 name, so Vietnamese file names survive."""
    fallback = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in filename) or "tep"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
