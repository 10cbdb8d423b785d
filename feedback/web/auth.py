"""Editor log-in and log-out, and the login and role checks every panel route uses."""
from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import logins
from ..extensions import db
from ..models import Role
from .forms import LoginForm
from ..http.limits import login_attempts

bp = Blueprint("auth", __name__)


def editor_required(view):
    """Any active editor or admin; the login check comes first."""
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.role not in (Role.EDITOR, Role.ADMIN):
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def admin_required(view):
    """Admins only: editors get 403, visitors the login page."""
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if current_user.role != Role.ADMIN:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


@bp.route("/dang-nhap", methods=["GET", "POST"])
@login_attempts
def login():
    if current_user.is_authenticated:
        return redirect(url_for("moderation.queue"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 401
    policy = logins.LockoutPolicy(current_app.config["LOGIN_MAX_FAILURES"], current_app.config["LOGIN_LOCK_MINUTES"])
    try:
        editor = logins.authenticate(form.email.data, form.password.data, address=request.remote_addr or "",
                                     policy=policy)
    except logins.AccountLocked as exc:
        db.session.commit()  # the failure that locked the account must be kept
        form.password.errors = [exc.message]
        return render_template("auth/login.html", form=form), 429, {"Retry-After": str(exc.retry_after)}
    if editor is None:
        db.session.commit()
        form.password.errors = ["Email hoặc mật khẩu không đúng."]
        return render_template("auth/login.html", form=form), 401
    logins.start_session(editor, lifetime=current_app.permanent_session_lifetime)
    db.session.commit()
    session.clear()  # a fresh session on login, so nothing from before carries over
    session.permanent = True
    login_user(editor)
    return redirect(safe_next(form.next.data) or url_for("moderation.queue"))


@bp.post("/dang-xuat")
@login_required
def logout():
    logins.end_session(current_user)
    db.session.commit()
    logout_user()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("articles.index"))


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, so the login form cannot send an editor elsewhere."""
    if not target or not target.isprintable() or "\\" in target:
        # Control characters cannot go into a Location header, and browsers read "/\\evil.example" as a host.
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
