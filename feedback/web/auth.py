"""Editor log-in and log-out."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import editors
from .forms import LoginForm
from .limits import login_attempts

bp = Blueprint("auth", __name__)


@bp.route("/dang-nhap", methods=["GET", "POST"])
@login_attempts
def login():
    if current_user.is_authenticated:
        return redirect(url_for("moderation.queue"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        editor = editors.authenticate(form.email.data, form.password.data)
        if editor is not None:
            session.clear()  # a fresh session on login, so nothing from before carries over
            session.permanent = True
            login_user(editor)
            return redirect(safe_next(form.next.data) or url_for("moderation.queue"))
        form.password.errors = ["Email hoặc mật khẩu không đúng."]
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 401 if form.errors else 200


@bp.post("/dang-xuat")
@login_required
def logout():
    logout_user()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("articles.index"))


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, so the login form cannot send an editor elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
