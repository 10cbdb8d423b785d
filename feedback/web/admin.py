"""Administration under /quan-tri: editor accounts, articles and their comment rules, reject reasons."""
from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from .. import articles, editors, logins, reasons
from ..articles import ArticleInput, ArticleInvalid
from ..errors import InvalidDecision
from ..extensions import db
from ..models import DEFAULT_ATTACHMENT_TYPES, DEFAULT_MAX_ATTACHMENTS, Role
from .auth import admin_required
from .forms import ArticleForm, EditorCreateForm, EditorUpdateForm, PasswordResetForm, ReasonForm, RevokeTokensForm

bp = Blueprint("admin", __name__, url_prefix="/quan-tri")

MIB = 1024 * 1024


@bp.route("/bien-tap-vien", methods=["GET", "POST"], endpoint="editors")
@admin_required
def editors_page():
    form = EditorCreateForm()
    if form.validate_on_submit():
        try:
            editor = editors.create_editor(form.email.data, form.password.data, role=Role(form.role.data),
                                           name=form.name.data or "")
        except InvalidDecision as exc:
            db.session.rollback()
            _field_error(form.password if "Mật khẩu" in exc.message else form.email, exc.message)
        else:
            db.session.commit()
            flash(f"Đã tạo tài khoản {editor.email}.", "success")
            return redirect(url_for("admin.editors"), code=303)
    status = 422 if form.errors else 200
    return render_template("admin/editors.html", form=form, editors=editors.list_editors()), status


@bp.route("/bien-tap-vien/<int:editor_id>", methods=["GET", "POST"])
@admin_required
def editor(editor_id: int):
    account = editors.get_editor(editor_id)
    form = EditorUpdateForm(obj=account, role=account.role.value)
    if form.validate_on_submit():
        try:
            editors.update_editor(editor_id, acting_editor_id=current_user.id, name=form.name.data or "",
                                  role=Role(form.role.data), active=form.active.data)
        except InvalidDecision as exc:
            db.session.rollback()
            _field_error(form.active, exc.message)
        else:
            db.session.commit()
            flash(f"Đã lưu tài khoản {account.email}.", "success")
            return redirect(url_for("admin.editor", editor_id=editor_id), code=303)
    return _editor_page(account, form, PasswordResetForm(formdata=None))


@bp.post("/bien-tap-vien/<int:editor_id>/mat-khau")
@admin_required
def reset_password(editor_id: int):
    account = editors.get_editor(editor_id)
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            editors.set_password(editor_id, form.password.data)
        except InvalidDecision as exc:
            db.session.rollback()
            _field_error(form.password, exc.message)
        else:
            db.session.commit()
            flash(f"Đã đặt mật khẩu mới cho {account.email}; các phiên đăng nhập cũ đã kết thúc.", "success")
            return redirect(url_for("admin.editor", editor_id=editor_id), code=303)
    return _editor_page(account, EditorUpdateForm(formdata=None, obj=account, role=account.role.value), form)


@bp.post("/bien-tap-vien/<int:editor_id>/thu-hoi-ma")
@admin_required
def revoke_tokens(editor_id: int):
    account = editors.get_editor(editor_id)
    revoked = editors.revoke_tokens(editor_id)
    db.session.commit()
    flash(f"Đã thu hồi {revoked} mã truy cập API của {account.email}.", "success")
    return redirect(url_for("admin.editor", editor_id=editor_id), code=303)


@bp.get("/bai-viet", endpoint="articles")
@admin_required
def articles_page():
    return render_template("admin/articles.html", articles=articles.list_articles(1, 200).items)


@bp.route("/bai-viet/moi", methods=["GET", "POST"])
@admin_required
def new_article():
    form = _article_form(None)
    return _save_article(None, form) or _article_page(None, form)


@bp.route("/bai-viet/<int:article_id>", methods=["GET", "POST"])
@admin_required
def article(article_id: int):
    item = articles.get_article_by_id(article_id)
    form = _article_form(item)
    return _save_article(article_id, form) or _article_page(item, form)


@bp.route("/ly-do-tu-choi", methods=["GET", "POST"], endpoint="reasons")
@admin_required
def reasons_page():
    form = ReasonForm(prefix="moi")
    if form.validate_on_submit():
        try:
            reasons.create_reason(form.code.data or "", form.label.data, note_required=form.note_required.data)
        except InvalidDecision as exc:
            db.session.rollback()
            _field_error(form.code, exc.message)
        else:
            db.session.commit()
            flash("Đã thêm lý do từ chối.", "success")
            return redirect(url_for("admin.reasons"), code=303)
    return _reasons_page(form), 422 if form.errors else 200


@bp.post("/ly-do-tu-choi/<int:reason_id>")
@admin_required
def reason(reason_id: int):
    form = ReasonForm(prefix=f"ld{reason_id}")
    if form.validate_on_submit():
        reasons.update_reason(reason_id, label=form.label.data, active=form.active.data,
                              note_required=form.note_required.data, position=form.position.data or 0)
        db.session.commit()
        flash("Đã lưu lý do từ chối.", "success")
        return redirect(url_for("admin.reasons"), code=303)
    flash(next(iter(form.errors.values()))[0], "error")
    return redirect(url_for("admin.reasons"), code=303)


def _editor_page(account, form: EditorUpdateForm, password_form: PasswordResetForm):
    status = 422 if form.errors or password_form.errors else 200
    return render_template("admin/editor.html", account=account, form=form, password_form=password_form,
                           revoke_form=RevokeTokensForm(), live_tokens=editors.live_token_count(account.id),
                           locked_until=logins.locked_until(account.email)), status


def _article_form(item) -> ArticleForm:
    if item is None:
        form = ArticleForm(comments_open=True, require_diacritics=True, max_attachment_mb=10,
                           max_attachments=DEFAULT_MAX_ATTACHMENTS, allowed_attachment_types=list(DEFAULT_ATTACHMENT_TYPES))
    else:
        form = ArticleForm(obj=item, max_attachment_mb=max(1, item.max_attachment_bytes // MIB))
    form.allowed_attachment_types.choices = {t: t for t in DEFAULT_ATTACHMENT_TYPES}
    return form


def _save_article(article_id: int | None, form: ArticleForm):
    """Save on a valid POST and redirect; None means "show the form" (a GET, or errors now on the form)."""
    if not form.validate_on_submit():
        return None
    data = ArticleInput(
        title=form.title.data, slug=form.slug.data or "", lead=form.lead.data or "", body_html=form.body_html.data or "",
        author=form.author.data or "", image_url=form.image_url.data or "", image_caption=form.image_caption.data or "",
        comments_open=form.comments_open.data, require_diacritics=form.require_diacritics.data,
        max_attachment_bytes=form.max_attachment_mb.data * MIB, max_attachments=form.max_attachments.data or 0,
        allowed_attachment_types=tuple(form.allowed_attachment_types.data or ()), notice=form.notice.data or "",
    )
    try:
        saved = articles.save_article(article_id, data, max_attachment_bytes=current_app.config["MAX_ATTACHMENT_BYTES"],
                                      max_attachments=current_app.config["MAX_ATTACHMENTS"])
    except ArticleInvalid as exc:
        db.session.rollback()
        _field_error(getattr(form, exc.field, form.title), exc.message)
        return None
    db.session.commit()
    flash(f"Đã lưu bài “{saved.title}”.", "success")
    return redirect(url_for("admin.article", article_id=saved.id), code=303)


def _article_page(item, form: ArticleForm):
    return render_template("admin/article.html", item=item, form=form), 422 if form.errors else 200


def _reasons_page(form: ReasonForm):
    items = reasons.list_reasons(include_retired=True)
    edit_forms = {r.id: ReasonForm(formdata=None, obj=r, prefix=f"ld{r.id}") for r in items}
    return render_template("admin/reasons.html", form=form, reasons=items, edit_forms=edit_forms)


def _field_error(field, message: str) -> None:
    field.errors = [*field.errors, message]
