"""The audit log page under /kiem-duyet/nhat-ky and its CSV export."""
from flask import Blueprint, abort, current_app, render_template, request

from .. import audit
from ..audit import AuditFilter
from ..diffs import word_diff
from ..http.downloads import csv_response
from ..http.filters import ACTION_LABELS, read_audit_filter
from .auth import editor_required

bp = Blueprint("audit", __name__, url_prefix="/kiem-duyet")


@bp.get("/nhat-ky")
@editor_required
def log():
    form, filters = read_audit_filter(request.args)
    entries, next_cursor = audit.audit_page(filters or AuditFilter(), limit=current_app.config["AUDIT_PAGE_SIZE"],
                                            cursor=request.args.get("cursor") if filters else None)
    diffs = {e.id: word_diff(e.text_before, e.text_after) for e in entries if e.text_before != e.text_after}
    return render_template("audit/log.html", form=form, entries=entries, next_cursor=next_cursor, diffs=diffs,
                           labels=ACTION_LABELS)


@bp.get("/nhat-ky.csv")
@editor_required
def export():
    _, filters = read_audit_filter(request.args)
    if filters is None:
        abort(422)
    return csv_response(filters)
