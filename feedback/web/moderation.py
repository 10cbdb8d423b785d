"""The moderation panel under /kiem-duyet: the queue and each decision."""
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import moderation
from ..abuse import flags
from ..errors import EditConflict, InvalidDecision
from ..extensions import db
from ..models import CommentStatus, Role
from .attachments import attachment_response
from .forms import ApproveForm, RejectForm

bp = Blueprint("moderation", __name__, url_prefix="/kiem-duyet")

ACTION_LABELS = {"approve": "duyệt", "edit_approve": "biên tập và duyệt", "reject": "từ chối", "pending": "đang chờ",
                 "approved": "đã duyệt", "rejected": "đã từ chối", "spam": "đánh dấu spam"}


def editor_required(view):
    """Any active editor or admin; the login check comes first."""
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.role not in (Role.EDITOR, Role.ADMIN):
            abort(403)
        return view(*args, **kwargs)
    return wrapped


@bp.get("/")
@editor_required
def queue():
    # ?co=<flag> narrows the queue to one flag; ?muc=spam shows what the abuse checks sent to Spam.
    flag = request.args.get("co") if request.args.get("co") in flags.LABELS else None
    status = CommentStatus.SPAM if request.args.get("muc") == "spam" else CommentStatus.PENDING
    items, next_cursor = moderation.queue_page(limit=current_app.config["QUEUE_PAGE_SIZE"], cursor=request.args.get("sau"),
                                               flag=flag, status=status)
    return render_template("moderation/queue.html", items=items, next_cursor=next_cursor,
                           pending=moderation.count_pending(), spam=moderation.count_pending(CommentStatus.SPAM),
                           forms=_forms_for(items), flag=flag, status=status.value,
                           flag_filters=[(code, flags.LABELS[code]) for code in flags.QUEUE_FILTERS])


@bp.get("/binh-luan/<int:comment_id>")
@editor_required
def comment(comment_id: int):
    item = moderation.get_comment(comment_id)
    return render_template("moderation/comment.html", item=item, history=moderation.history(comment_id),
                           forms=_forms_for([item])[item.id], labels=ACTION_LABELS)


@bp.post("/binh-luan/<int:comment_id>/duyet")
@editor_required
def approve(comment_id: int):
    form = ApproveForm()
    if not form.validate_on_submit():
        abort(400)
    return _decide(comment_id, form, lambda version: moderation.approve_comment(
        comment_id, current_user.id, version=version, text=form.body.data,
        publish_attachments=form.publish_attachments.data,
    ), "Đã duyệt và đăng bình luận #{id}.")


@bp.post("/binh-luan/<int:comment_id>/tu-choi")
@editor_required
def reject(comment_id: int):
    form = RejectForm()
    if not form.validate_on_submit():
        item = moderation.get_comment(comment_id)
        forms = _forms_for([item])[item.id]
        forms["reject"] = form
        return render_template("moderation/comment.html", item=item, history=moderation.history(comment_id),
                               forms=forms, labels=ACTION_LABELS), 422
    return _decide(comment_id, form, lambda version: moderation.reject_comment(
        comment_id, current_user.id, version=version, reason=form.reason.data,
    ), "Đã từ chối bình luận #{id}.")


@bp.get("/tep/<int:attachment_id>")
@editor_required
def attachment(attachment_id: int):
    return attachment_response(attachment_id, editor=True)


@bp.get("/tep/<int:attachment_id>/anh-nho")
@editor_required
def attachment_thumbnail(attachment_id: int):
    return attachment_response(attachment_id, editor=True, thumbnail=True)


def _decide(comment_id: int, form, action, done_message: str):
    """Run one decision; on a conflict show the comment again with who decided, keeping the editor's text."""
    try:
        action(int(form.version.data))
        db.session.commit()
    except (EditConflict, InvalidDecision) as exc:
        db.session.rollback()
        item = moderation.get_comment(comment_id)
        forms = _forms_for([item])[item.id]
        forms[form.__class__.__name__.removesuffix("Form").lower()] = form
        form.version.data = str(item.version)
        return render_template("moderation/comment.html", item=item, history=moderation.history(comment_id),
                               forms=forms, labels=ACTION_LABELS, conflict=getattr(exc, "latest", None),
                               kept_text=_typed_text(form),
                               problem=getattr(exc, "message", None)), 409 if isinstance(exc, EditConflict) else 422
    flash(done_message.format(id=comment_id), "success")
    return redirect(url_for("moderation.queue"), code=303)


def _typed_text(form) -> str | None:
    """What the editor typed into the form that lost, so a conflict never swallows it."""
    field = getattr(form, "reason", None) or getattr(form, "body", None)
    return field.data if field is not None else None


def _forms_for(items) -> dict:
    return {
        item.id: {
            "approve": ApproveForm(formdata=None, version=item.version, body=item.text, publish_attachments=True),
            "reject": RejectForm(formdata=None, version=item.version),
        }
        for item in items
    }

