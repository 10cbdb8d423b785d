"""The moderation panel under /kiem-duyet: the queue's tabs and filters, each decision, and bulk decisions."""
from typing import Callable

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import moderation, reasons
from ..errors import EditConflict, InvalidDecision, NotFound
from ..extensions import db
from ..models import Comment
from ..http.filters import ACTION_LABELS, read_queue_filter
from ..http.inputs import parse_id
from ..queue import QueueFilter, QueueTab, author_histories, queue_page, tab_counts
from .attachments import attachment_response
from .auth import editor_required, safe_next
from .filters import number, vietnam_time
from .forms import ApproveForm, BulkForm, DecisionForm, RejectForm, SpamForm, UnpublishForm

bp = Blueprint("moderation", __name__, url_prefix="/kiem-duyet")

# Tab badges count up to this and then read "1.000+", so the queue page costs the same whatever its length.
COUNT_CAP = 1000
TAB_LABELS = {QueueTab.PENDING: "Chờ duyệt", QueueTab.FLAGGED: "Bị gắn cờ", QueueTab.APPROVED: "Đã duyệt",
              QueueTab.REJECTED: "Đã từ chối", QueueTab.SPAM: "Spam"}


@bp.get("/")
@editor_required
def queue():
    form, filters = read_queue_filter(request.args)
    # Bad filter values come back as messages beside their fields, over the unfiltered queue.
    cursor = request.args.get("cursor") if filters else None
    page = queue_page(filters or QueueFilter(), limit=current_app.config["QUEUE_PAGE_SIZE"], cursor=cursor)
    counts = _count_labels()
    return render_template("moderation/queue.html", page=page, filters=filters or QueueFilter(), form=form,
                           counts=counts, pending=counts[QueueTab.PENDING], tabs=TAB_LABELS, labels=ACTION_LABELS,
                           forms=_forms_for(page.items), bulk=_bulk_form(), here=request.full_path.rstrip("?"))


@bp.get("/so-luong")
@editor_required
def counts():
    """Tab counts for the panel's live badges, as the badges show them."""
    return {tab.value: label for tab, label in _count_labels().items()}


@bp.get("/binh-luan/<int:comment_id>")
@editor_required
def comment(comment_id: int):
    return _comment_page(moderation.get_comment(comment_id), {})


@bp.post("/binh-luan/<int:comment_id>/duyet")
@editor_required
def approve(comment_id: int):
    form = ApproveForm()
    return _decide(comment_id, form, "approve", lambda version: moderation.approve_comment(
        comment_id, current_user.id, version=version, text=form.body.data,
        publish_attachments=form.publish_attachments.data,
    ), "Đã duyệt và đăng bình luận #{id}.")


@bp.post("/binh-luan/<int:comment_id>/tu-choi")
@editor_required
def reject(comment_id: int):
    form = RejectForm()
    form.reason_code.choices = _reason_choices()
    return _decide(comment_id, form, "reject", lambda version: moderation.reject_comment(
        comment_id, current_user.id, version=version, reason_code=form.reason_code.data, note=form.note.data or "",
    ), "Đã từ chối bình luận #{id}.")


@bp.post("/binh-luan/<int:comment_id>/spam")
@editor_required
def spam(comment_id: int):
    form = SpamForm()
    return _decide(comment_id, form, "spam", lambda version: moderation.mark_spam(
        comment_id, current_user.id, version=version, note=form.note.data or "",
    ), "Đã đánh dấu bình luận #{id} là spam.")


@bp.post("/binh-luan/<int:comment_id>/dua-ve-hang-cho")
@editor_required
def unpublish(comment_id: int):
    form = UnpublishForm()
    return _decide(comment_id, form, "unpublish", lambda version: moderation.return_to_queue(
        comment_id, current_user.id, version=version, reason=form.reason.data or "",
    ), "Đã đưa bình luận #{id} về hàng chờ.")


@bp.post("/hang-loat")
@editor_required
def bulk():
    form = _bulk_form()
    back = safe_next(form.next.data) or url_for("moderation.queue")
    if not form.validate_on_submit():
        flash("Thao tác hàng loạt không hợp lệ. Vui lòng thử lại.", "error")
        return redirect(back, code=303)
    try:
        outcomes = moderation.decide_many(form.action.data, _bulk_items(form.items.data), current_user.id,
                                          reason_code=form.reason_code.data or None, note=form.note.data or "")
    except InvalidDecision as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(back, code=303)
    db.session.commit()
    _flash_outcomes(outcomes)
    return redirect(back, code=303)


@bp.get("/tep/<int:attachment_id>")
@editor_required
def attachment(attachment_id: int):
    return attachment_response(attachment_id, editor=True)


@bp.get("/tep/<int:attachment_id>/anh-nho")
@editor_required
def attachment_thumbnail(attachment_id: int):
    return attachment_response(attachment_id, editor=True, thumbnail=True)


def _count_labels() -> dict[QueueTab, str]:
    return {tab: number(n) if n <= COUNT_CAP else f"{number(COUNT_CAP)}+"
            for tab, n in tab_counts(cap=COUNT_CAP).items()}


def _decide(comment_id: int, form: DecisionForm, kind: str, action: Callable[[int], Comment], done: str):
    """Run one decision; on a conflict show the comment again with who decided, keeping what the editor typed."""
    if not form.validate_on_submit():
        problem = next(iter(e for name, errs in form.errors.items() if name != "csrf_token" for e in errs), None)
        if "csrf_token" in form.errors or parse_id(form.version.data) is None:
            return render_template("errors/error.html", status=400, message=None), 400
        return _comment_page(moderation.get_comment(comment_id), {kind: form}, problem=problem), 422
    if parse_id(form.version.data) is None:
        return render_template("errors/error.html", status=400, message=None), 400
    try:
        action(parse_id(form.version.data))
        db.session.commit()
    except (EditConflict, InvalidDecision) as exc:
        db.session.rollback()
        item = moderation.get_comment(comment_id)
        form.version.data = str(item.version)
        status = 409 if isinstance(exc, EditConflict) else 422
        return _comment_page(item, {kind: form}, conflict=getattr(exc, "latest", None), kept_text=_typed_text(form),
                             problem=getattr(exc, "message", None)), status
    flash(done.format(id=comment_id), "success")
    return redirect(safe_next(form.next.data) or url_for("moderation.queue"), code=303)


def _comment_page(item: Comment, overrides: dict, **context):
    for kind, form in overrides.items():
        _suffix_ids(form, f"{kind}-{item.id}")
    forms = {**_forms_for([item])[item.id], **overrides}
    back = safe_next(request.values.get("next")) or url_for("moderation.queue")
    return render_template("moderation/comment.html", item=item, history=moderation.history(item.id), forms=forms,
                           author=author_histories([item])[item.id], labels=ACTION_LABELS, back=back, **context)


def _typed_text(form) -> str | None:
    """What the editor typed into the form that lost, so a conflict never swallows it."""
    for name in ("body", "note", "reason"):
        field = getattr(form, name, None)
        if field is not None and field.data:
            return field.data
    return None


def _forms_for(items: list[Comment]) -> dict:
    choices = _reason_choices()
    forms = {}
    for item in items:
        reject = RejectForm(formdata=None, version=item.version)
        reject.reason_code.choices = choices
        forms[item.id] = {
            "approve": ApproveForm(formdata=None, version=item.version, body=item.text, publish_attachments=True),
            "reject": reject,
            "spam": SpamForm(formdata=None, version=item.version),
            "unpublish": UnpublishForm(formdata=None, version=item.version),
        }
        for kind, form in forms[item.id].items():
            _suffix_ids(form, f"{kind}-{item.id}")
    return forms


def _suffix_ids(form, suffix: str) -> None:
    """A page lists many comments with the same forms; unique ids keep every label on its own field."""
    for field in form:
        field.id = f"{field.name}-{suffix}"
        field.label.field_id = field.id


def _reason_choices() -> dict[str, str]:
    return {"": "— Chọn lý do —", **{r.code: r.label for r in reasons.list_reasons()}}


def _bulk_form() -> BulkForm:
    form = BulkForm()
    form.reason_code.choices = _reason_choices()
    return form


def _bulk_items(raw: list[str]) -> list[moderation.BulkItem]:
    items = []
    for value in raw or []:
        comment_id, _, version = (parse_id(part) for part in value.partition(":"))
        if comment_id is not None and version is not None:
            items.append(moderation.BulkItem(comment_id, version))
    return items


def _flash_outcomes(outcomes: list[moderation.BulkOutcome]) -> None:
    done = [o.id for o in outcomes if o.comment is not None]
    if done:
        flash(f"Đã xử lý {len(done)} bình luận: " + ", ".join(f"#{i}" for i in done) + ".", "success")
    for outcome in outcomes:
        if isinstance(outcome.error, EditConflict):
            latest = outcome.error.latest
            flash(f"#{outcome.id}: {latest.editor or 'Hệ thống'} đã {ACTION_LABELS.get(latest.action, latest.action)} "
                  f"lúc {vietnam_time(latest.at)}; bình luận này chưa được xử lý lại.", "error")
        elif isinstance(outcome.error, NotFound):
            flash(f"#{outcome.id}: không tìm thấy bình luận.", "error")
        elif outcome.error is not None:
            flash(f"#{outcome.id}: {getattr(outcome.error, 'message', outcome.error)}", "error")
