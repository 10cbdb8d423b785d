"""Request bodies with attachments: the article's own cap, and the text of a form too large to read whole."""
from typing import IO

from flask import current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData
from werkzeug.wsgi import get_input_stream

from .. import articles
from ..config import request_cap
from ..errors import NotFound
from ..extensions import csrf
from ..models import Article

CHUNK = 64 * 1024
# How much of a refused body we read and drop, so the browser sees our answer rather than a reset connection;
# past this the connection is simply closed.
DRAIN_LIMIT = 64 * 1024 * 1024


def cap_for_article(slug: str) -> None:
    """Hold a comment post to its article's cap before anything (the rate limiter's e-mail key) reads the body."""
    try:
        _cap(*articles.attachment_rules(slug))
    except NotFound:
        pass  # the view answers 404; until then the small cap of routes without files holds


def cap_body(article: Article) -> bool:
    """Hold this request to what the article allows, before anything reads the body; True if it declares more."""
    _cap(article.max_attachment_bytes, article.max_attachments)
    return over_cap()


def _cap(max_attachment_bytes: int, max_attachments: int) -> None:
    request.max_content_length = request_cap(max_attachment_bytes, max_attachments,
                                              current_app.config["FORM_OVERHEAD_BYTES"])


def over_cap() -> bool:
    """The declared body is larger than this request may send (decided before reading a byte)."""
    length, cap = request.content_length, request.max_content_length
    return length is not None and cap is not None and length > cap


def read_leading_fields() -> None:
    """Make the request's form the text fields sent before the first file, and drop the rest of the body.

    Browsers send fields in page order and our form puts the text before the file, so the reader's text
    survives a file that is too large.
    """
    stream = get_input_stream(request.environ, max_content_length=None)
    boundary = request.mimetype_params.get("boundary", "").encode()
    fields: list[tuple[str, str]] = []
    read = 0
    if request.mimetype == "multipart/form-data" and boundary:
        try:
            read = _collect_fields(stream, boundary, fields)
        except ValueError:
            pass  # malformed multipart: keep the fields that were whole
    _drain(stream, read)
    request.form, request.files = MultiDict(fields), MultiDict()


def _collect_fields(stream: IO[bytes], boundary: bytes, fields: list[tuple[str, str]]) -> int:
    """Decode parts until the first file, reading no more than the form overhead; return the bytes read."""
    budget = current_app.config["FORM_OVERHEAD_BYTES"]
    decoder = MultipartDecoder(boundary)
    read, name, value = 0, None, bytearray()
    while read < budget:
        chunk = stream.read(min(CHUNK, budget - read))
        read += len(chunk)
        decoder.receive_data(chunk or None)
        event = decoder.next_event()
        while not isinstance(event, NeedData):
            if isinstance(event, (File, Epilogue)):
                return read
            if isinstance(event, Field):
                name, value = event.name, bytearray()
            elif isinstance(event, Data) and name is not None:
                value += event.data
                if not event.more_data:
                    fields.append((name, value.decode("utf-8", "replace")))
            event = decoder.next_event()
        if not chunk:
            break
    return read


def drain_refused_body() -> None:
    """After a 413 decided from Content-Length alone, read and drop the untouched body, up to a bound."""
    if over_cap():
        _drain(get_input_stream(request.environ, max_content_length=None), 0)


def _drain(stream: IO[bytes], already_read: int) -> None:
    remaining = DRAIN_LIMIT - already_read
    while remaining > 0 and (chunk := stream.read(min(CHUNK, remaining))):
        remaining -= len(chunk)


def check_csrf() -> None:
    """CSRFProtect's check, for a view exempt from the automatic one because it caps its body first."""
    if current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
