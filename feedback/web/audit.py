"""The audit log page under /kiem-duyet/nhat-ky and its CSV export."""
from flask import Blueprint, Response, abort, current_app, render_template, request, stream_with_context

from .. import audit, editors
from ..audit import AuditFilter
from ..diffs import word_diff
from ..errors import NotFound
from ..models import AuditAction
from .auth import editor_required
from .forms import AuditFilterForm
from .moderation import ACTION_LABELS

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


def csv_response(filters: AuditFilter) -> Response:
    """The log as a CSV download, streamed as it is read."""
    response = Response(stream_with_context(audit.export_csv(filters)), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="nhat-ky-kiem-duyet.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def read_audit_filter(args) -> tuple[AuditFilterForm, AuditFilter | None]:
    """The filter form from a query string and, when every value is known, the filter it describes."""
    form = AuditFilterForm(formdata=args)
    form.editor.choices = {"": "Tất cả", **{str(e.id): e.display_name for e in editors.list_editors()}}
    form.action.choices = {"": "Tất cả", **{a.value: ACTION_LABELS[a.value] for a in AuditAction}}
    valid = form.validate()
    editor_id = _editor_id(form.editor.data or "")
    if editor_id is False:
        form.editor.errors = ["Không có biên tập viên này."]
        valid = False
    action = form.action.data or ""
    if action and action not in {a.value for a in AuditAction}:
        form.action.errors = ["Thao tác không hợp lệ."]
        valid = False
    if not valid:
        return form, None
    return form, AuditFilter(editor_id=editor_id, article=form.article.data or None,
                             action=AuditAction(action) if action else None)


def _editor_id(value: str) -> int | None | bool:
    """An editor given by id (the page's list) or e-mail (handy in the API); False when there is no such editor."""
    if not value:
        return None
    if value.isdigit():
        return int(value)
    try:
        return editors.get_editor_by_email(value).id
    except NotFound:
        return False
