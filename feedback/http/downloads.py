"""Files both doors send: the audit log as CSV."""
from flask import Response, stream_with_context

from .. import audit
from ..audit import AuditFilter
from .caching import PRIVATE


def csv_response(filters: AuditFilter) -> Response:
    """The log as a CSV download, streamed as it is read."""
    response = Response(stream_with_context(audit.export_csv(filters)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="nhat-ky-kiem-duyet.csv"'
    response.headers["Cache-Control"] = PRIVATE
    return response
