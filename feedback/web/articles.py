"""Public pages: the article list, an article with its comments and the comment form."""
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from .. import abuse, articles, comments, counters
from ..attachments import Upload
from ..attachments.inspect import too_large
from ..comments import CommentDraft
from ..errors import CommentRejected, NotFound
from ..extensions import csrf, db
from ..http import uploads
from ..http.caching import personal_request, private, public_response
from ..http.errors import COMMENT_RATE_LIMIT_MESSAGE, rate_limit_wait, rate_limited
from ..http.limits import comment_posting, view_beacons
from ..http.policies import abuse_policy, storage, text_limits, view_counter
from .forms import CommentForm
from .origin import same_origin_post
from .reading import article_page, index_page, public_article_page, public_index_page

bp = Blueprint("articles", __name__)
CROSS_SITE_MESSAGE = ("Không xác minh được biểu mẫu này được gửi từ trang của chúng tôi. Vui lòng tải lại trang "
                      "bài viết rồi bấm Gửi lại; nội dung bạn viết vẫn còn nguyên bên dưới.")


@bp.get("/")
def index():
    page = max(request.args.get("trang", 1, type=int), 1)
    if personal_request():
        return private(index_page(page), vary="Cookie")
    return public_response(public_index_page(page), vary="Cookie")


@bp.get("/bai-viet/<slug>")
def show(slug: str):
    ref = articles.article_ref(slug)
    if personal_request():
        return private(article_page(articles.get_article_by_id(ref.id), CommentForm()), vary="Cookie")
    return public_response(public_article_page(ref), vary="Cookie")


@bp.post("/bai-viet/<slug>/luot-xem")
@csrf.exempt  # a view count carries no cookie and changes nothing a reader owns
@view_beacons
def count_view(slug: str):
    """The page's beacon: counts a view even when a CDN served the page, and answers the current count."""
    ref = articles.article_ref(slug)
    counter = view_counter()
    if counter.record(ref.id):
        db.session.commit()
        ref = articles.article_ref(slug)  # this view wrote a batch: the stored count moved
    return {"views": counters.views(ref.view_count, ref.id, counter)}


@bp.get("/bai-viet/<slug>/thoi-diem-mo-form")
def form_token(slug: str):
    """The signed time the form was shown, fetched by the page's script: a cached page cannot carry it."""
    return jsonify(started=abuse.issue_form_token(current_app.secret_key))


@bp.post("/bai-viet/<slug>")
@csrf.exempt  # a shared page has no per-visitor token; the origin is checked below, once the cap is set
@comment_posting
def post_comment(slug: str):
    article = articles.get_article(slug)
    if uploads.cap_body(article):
        return oversized_form(article)
    form = CommentForm()
    if not same_origin_post():
        return form_refused(article, form, CROSS_SITE_MESSAGE, 403)
    if not form.validate_on_submit():
        return article_page(article, form), 400
    if request.form.get("use_suggestion") and request.form.get("suggestion"):
        # The reader accepted our corrected text: show it in the form for a last look, do not post yet.
        form.body.data = request.form["suggestion"]
        return article_page(article, form, notice="Đã thay bằng văn bản đã sửa. Vui lòng kiểm tra lại rồi bấm Gửi.")
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
    if not same_origin_post():
        return form_refused(article, CommentForm(), CROSS_SITE_MESSAGE, 403)
    return form_rejected(article, CommentForm(), too_large(article.max_attachment_bytes), status=413)


def form_rejected(article, form: CommentForm, exc: CommentRejected, status: int = 422):
    """The form again, the reader's text intact, each message beside its field."""
    for error in exc.errors:
        field = getattr(form, error.field, None) or form.body
        field.errors = [*field.errors, error.message]
    suggestion = next((e.details.get("suggestion") for e in exc.errors if e.details.get("suggestion")), None)
    return article_page(article, form, suggestion=suggestion), status


def form_refused(article, form: CommentForm, message: str, status: int):
    """The form again with the reader's text and a notice saying why it was not taken."""
    return article_page(article, form, notice=message), status


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
        return form_refused(articles.get_article(request.view_args["slug"]), CommentForm(), message, 429)
    except NotFound:
        return rate_limited()  # no such article: there is no form to give back


def draft_from(form: CommentForm) -> CommentDraft:
    files = [f for f in form.attachment.data or [] if f and f.filename]
    attachments = tuple(Upload(f.filename, f.stream, f.mimetype) for f in files)
    return CommentDraft(form.author_name.data or "", form.email.data or "", form.body.data or "", attachments)


def bot_signals(form: CommentForm) -> abuse.BotSignals:
    return abuse.BotSignals(honeypot=form.website.data or "",
                            form_age=abuse.form_age(form.started.data, current_app.secret_key))
