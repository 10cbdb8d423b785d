"""Editors' API: everything the panel does, with the same rules and version checks."""
from flask import current_app, g, request

from .. import audit, moderation, reasons
from ..dashboard import build_dashboard
from ..diffs import word_diff
from ..errors import EditConflict, NotFound
from ..extensions import db
from ..models import utcnow
from ..queue import author_histories, queue_page, tab_counts
from ..http.downloads import csv_response
from ..http.filters import read_audit_filter, read_queue_filter
from ..timezone import VIETNAM
from . import bp
from .auth import token_required
from .fields import bulk_items, flag, json_body, text, version
from .serialize import audit_entry_json, conflict_json, dashboard_json, diff_json, history_json, moderation_comment_json

MAX_LIMIT = 200


@bp.get("/moderation/queue")
@token_required
def queue():
    form, filters = read_queue_filter(request.args)
    if filters is None:
        return _form_errors(form)
    page = queue_page(filters, limit=_limit("QUEUE_PAGE_SIZE"), cursor=request.args.get("cursor"))
    return {"comments": [moderation_comment_json(c, page.authors[c.id]) for c in page.items],
            "next_cursor": page.next_cursor}


@bp.get("/moderation/counts")
@token_required
def counts():
    return {tab.value: count for tab, count in tab_counts().items()}


@bp.get("/moderation/reasons")
@token_required
def reject_reasons():
    return {"reasons": [{"code": r.code, "label": r.label, "note_required": r.note_required}
                        for r in reasons.list_reasons()]}


@bp.get("/moderation/comments/<int:comment_id>")
@token_required
def comment(comment_id: int):
    item = moderation.get_comment(comment_id)
    return {**moderation_comment_json(item, author_histories([item])[item.id]),
            "original_diff": diff_json(word_diff(item.original_text, item.text)),
            "history": history_json(moderation.history(comment_id))}


@bp.get("/moderation/comments/<int:comment_id>/history")
@token_required
def comment_history(comment_id: int):
    moderation.get_comment(comment_id)  # 404 for an unknown comment rather than an empty history
    return {"history": history_json(moderation.history(comment_id))}


@bp.post("/moderation/comments/<int:comment_id>/approve")
@token_required
def approve(comment_id: int):
    data = json_body()
    return _decide(lambda: moderation.approve_comment(
        comment_id, g.editor.id, version=version(data), text=text(data, "body", None),
        publish_attachments=flag(data, "publish_attachments", True),
    ))


@bp.post("/moderation/comments/<int:comment_id>/reject")
@token_required
def reject(comment_id: int):
    data = json_body()
    # Older clients send a free-text "reason"; it stands as the note when no reason_code is given.
    note = text(data, "note", None) or text(data, "reason", "")
    return _decide(lambda: moderation.reject_comment(
        comment_id, g.editor.id, version=version(data), reason_code=text(data, "reason_code", None), note=note,
    ))


@bp.post("/moderation/comments/<int:comment_id>/spam")
@token_required
def spam(comment_id: int):
    data = json_body()
    return _decide(lambda: moderation.mark_spam(comment_id, g.editor.id, version=version(data),
                                                note=text(data, "note", "")))


@bp.post("/moderation/comments/<int:comment_id>/unpublish")
@token_required
def unpublish(comment_id: int):
    data = json_body()
    return _decide(lambda: moderation.return_to_queue(comment_id, g.editor.id, version=version(data),
                                                      reason=text(data, "reason", "")))


@bp.post("/moderation/bulk")
@token_required
def bulk():
    data = json_body()
    outcomes = moderation.decide_many(text(data, "action", ""), bulk_items(data), g.editor.id,
                                      reason_code=text(data, "reason_code", None), note=text(data, "note", ""))
    db.session.commit()
    results = [_outcome_json(o) for o in outcomes]
    return {"results": results, "done": sum(r["status"] == "ok" for r in results),
            "failed": sum(r["status"] != "ok" for r in results)}


@bp.get("/moderation/audit")
@token_required
def audit_log():
    form, filters = read_audit_filter(request.args)
    if filters is None:
        return _form_errors(form)
    entries, next_cursor = audit.audit_page(filters, limit=_limit("AUDIT_PAGE_SIZE"), cursor=request.args.get("cursor"))
    return {"entries": [audit_entry_json(e) for e in entries], "next_cursor": next_cursor}


@bp.get("/moderation/audit.csv")
@token_required
def audit_csv():
    form, filters = read_audit_filter(request.args)
    if filters is None:
        return _form_errors(form)
    return csv_response(filters)


@bp.get("/moderation/dashboard")
@token_required
def dashboard():
    return dashboard_json(build_dashboard(utcnow(), utc_offset=VIETNAM.utcoffset(None)))


def _decide(action):
    try:
        comment = action()
        db.session.commit()
    except EditConflict as exc:
        db.session.rollback()
        return conflict_json(exc.latest), 409
    item = moderation.get_comment(comment.id)
    return moderation_comment_json(item, author_histories([item])[item.id]), 200


def _outcome_json(outcome: moderation.BulkOutcome) -> dict:
    if outcome.comment is not None:
        return {"id": outcome.id, "status": "ok", "version": outcome.comment.version,
                "comment_status": outcome.comment.status.value}
    if isinstance(outcome.error, EditConflict):
        return {"id": outcome.id, "status": "conflict", **conflict_json(outcome.error.latest)}
    if isinstance(outcome.error, NotFound):
        return {"id": outcome.id, "status": "not_found"}
    return {"id": outcome.id, "status": "invalid", "message": getattr(outcome.error, "message", str(outcome.error))}


def _form_errors(form):
    errors = [{"field": name, "code": "invalid", "message": messages[0]} for name, messages in form.errors.items()]
    return {"errors": errors}, 422


def _limit(setting: str) -> int:
    return min(max(request.args.get("limit", current_app.config[setting], type=int), 1), MAX_LIMIT)
