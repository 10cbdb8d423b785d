"""Public pages: the article list, an article with its comments and the comment form."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for

from .. import abuse, articles, comments, counters
from ..attachments import Upload
from ..attachments.inspect import accept_attribute, allowed_types_text, too_large
from ..comments import CommentDraft
from ..errors import CommentRejected, NotFound
from ..extensions import csrf, db
from ..http import uploads
from ..http.errors import COMMENT_RATE_LIMIT_MESSAGE, rate_limit_wait, rate_limited
from ..http.limits import comment_posting
from ..http.policies import abuse_policy, storage, text_limits, view_counter
from .forms import CommentForm

bp = Blueprint("articles", __name__)


@bp.get("/")
def index():
    page = request.args.get("trang", 1, type=int)
    pagination = articles.list_articles(max(page, 1), current_app.config["ARTICLES_PER_PAGE"])
    counts = comments.count_published([a.id for a in pagination.items])
    return render_template("articles/index.html", pagination=pagination, counts=counts)


@bp.get("/bai-viet/<slug>")
def show(slug: str):
    article = articles.get_article(slug)
    view_counter().record(article.id)
    db.session.commit()
    return render_article(article, CommentForm())


@bp.post("/bai-viet/<slug>")
@csrf.exempt  # checked below, once the article's cap governs how much of the body is read
@comment_posting
def post_comment(slug: str):
    article = articles.get_article(slug)
    if uploads.cap_body(article):
        return oversized_form(article)
    uploads.check_csrf()
    form = CommentForm()
    if not form.validate_on_submit():
        return render_article(article, form), 400
    if request.form.get("use_suggestion") and request.form.get("suggestion"):
        # The reader accepted our corrected text: show it in the form for a last look, do not post yet.
        form.body.data = request.form["suggestion"]
        return render_article(article, form, notice="Đã thay bằng văn bản đã sửa. Vui lòng kiểm tra lại rồi bấm Gửi.")
    try:
        comment = comments.submit_comment(article.id, draft_from(form), limits=text_limits(), storage=storage(),
                                          ip=request.remote_addr, signals=bot_signals(form), policy=abuse_policy(),
                                          max_image_pixels=current_app.config["MAX_IMAGE_PIXELS"])
    except CommentRejected as exc:
        return form_rejected(article, form, exc)
    # A comment caught as spam gets this same answer: a bot learns nothing from it.
    return redirect(url_for("articles.submitted", slug=article.slug, ma=comment.id), code=303)


def oversized_form(article):
    """The body is over the article's cap: the form again with the text sent before the file, and why."""
    uploads.read_leading_fields()
    uploads.check_csrf()
    return form_rejected(article, CommentForm(), too_large(article.max_attachment_bytes), status=413)


def form_rejected(article, form: CommentForm, exc: CommentRejected, status: int = 422):
    """The form again, the reader's text intact, each message beside its field."""
    for error in exc.errors:
        field = getattr(form, error.field, None) or form.body
        field.errors = [*field.errors, error.message]
    suggestion = next((e.details.get("suggestion") for e in exc.errors if e.details.get("suggestion")), None)
    return render_article(article, form, suggestion=suggestion), status


@bp.get("/bai-viet/<slug>/da-gui")
def submitted(slug: str):
    article = articles.get_article(slug)
    return render_template("articles/submitted.html", article=article)


@bp.errorhandler(429)
def form_after_rate_limit(exc):
    """Over a comment limit: the article with the reader's form as sent, and how long to wait."""
    if request.endpoint != "articles.post_comment":
        return rate_limited()
    message = COMMENT_RATE_LIMIT_MESSAGE.format(wait=rate_limit_wait())
    try:
        return render_article(articles.get_article(request.view_args["slug"]), CommentForm(), notice=message), 429
    except NotFound:
        return rate_limited()  # no such article: there is no form to give back


def render_article(article, form: CommentForm, **extra):
    if not form.started.data:
        # A form re-shown after an error keeps the time it was first shown.
        form.started.data = abuse.issue_form_token(current_app.secret_key)
    limits = text_limits()
    form.set_limits(max_length=limits.max_length, name_max_length=limits.name_max_length,
                    accept=accept_attribute(article.allowed_attachment_types), max_files=article.max_attachments)
    return render_template(
        "articles/show.html",
        article=article,
        comments=comments.published_comments(article.id),
        form=form,
        max_length=limits.max_length,
        views=counters.views(article, view_counter()),
        allowed_types=allowed_types_text(tuple(article.allowed_attachment_types)),
        **extra,
    )


def draft_from(form: CommentForm) -> CommentDraft:
    files = [f for f in form.attachment.data or [] if f and f.filename]
    attachments = tuple(Upload(f.filename, f.stream, f.mimetype) for f in files)
    return CommentDraft(form.author_name.data or "", form.email.data or "", form.body.data or "", attachments)


def bot_signals(form: CommentForm) -> abuse.BotSignals:
    return abuse.BotSignals(honeypot=form.website.data or "",
                            form_age=abuse.form_age(form.started.data, current_app.secret_key))
