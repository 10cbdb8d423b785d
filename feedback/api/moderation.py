"""Editors' API: the queue and decisions, with the same rules and version checks as the panel."""
from flask import current_app, g, request

from .. import moderation
from ..abuse import flags
from ..errors import EditConflict, InvalidDecision
from ..extensions import db
from ..models import CommentStatus
from . import bp
from .auth import token_required
from .serialize import iso, moderation_comment_json


@bp.get("/moderation/queue")
@token_required
def queue():
    limit = min(max(request.args.get("limit", current_app.config["QUEUE_PAGE_SIZE"], type=int), 1), 200)
    # ?status=spam lists what the abuse checks caught; ?flag=<code> narrows to one flag.
    status = CommentStatus.SPAM if request.args.get("status") == "spam" else CommentStatus.PENDING
    flag = request.args.get("flag") if request.args.get("flag") in flags.LABELS else None
    items, next_cursor = moderation.queue_page(limit=limit, cursor=request.args.get("cursor"), flag=flag, status=status)
    return {"comments": [moderation_comment_json(c) for c in items], "next_cursor": next_cursor}


@bp.post("/moderation/comments/<int:comment_id>/approve")
@token_required
def approve(comment_id: int):
    data = _json_body()
    return _decide(lambda: moderation.approve_comment(
        comment_id, g.editor.id, version=_version(data), text=data.get("body"),
        publish_attachments=bool(data.get("publish_attachments", True)),
    ))


@bp.post("/moderation/comments/<int:comment_id>/reject")
@token_required
def reject(comment_id: int):
    data = _json_body()
    return _decide(lambda: moderation.reject_comment(
        comment_id, g.editor.id, version=_version(data), reason=data.get("reason") or "",
    ))


def _decide(action):
    try:
        comment = action()
        db.session.commit()
    except EditConflict as exc:
        db.session.rollback()
        latest = exc.latest
        body = {"errors": [{"field": "version", "code": "conflict", "message": "Bình luận đã được xử lý trước đó."}],
                "current": {"version": latest.version, "action": latest.action, "editor": latest.editor,
                            "at": iso(latest.at)}}
        return body, 409
    return moderation_comment_json(moderation.get_comment(comment.id)), 200


def _json_body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidDecision("Cần gửi JSON dạng đối tượng.")
    return data


def _version(data: dict) -> int:
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise InvalidDecision("Thiếu trường version (số nguyên).")
    return version

