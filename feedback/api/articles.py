"""Public API: articles, their approved comments, and posting a comment."""
from flask import current_app, request

from .. import articles, comments, counters
from ..attachments import Upload
from ..comments import CommentDraft
from ..errors import CommentRejected, FieldError
from ..models import CommentStatus
from ..http.caching import Rendered, cached, cached_page, public_response, rendered
from ..http.hosts import link_host
from ..http.limits import comment_posting
from ..http.policies import abuse_policy, storage, text_limits, view_counter
from ..http.uploads import cap_body
from . import bp
from .serialize import article_json, public_comment_json

FIELDS = ("author_name", "email", "body")


@bp.get("/articles")
def list_articles():
    page = max(request.args.get("page", 1, type=int), 1)
    version = articles.list_page_version(page, current_app.config["ARTICLES_PER_PAGE"])
    return public_response(cached_page(f"api-index:{page}:{version}:{link_host()}", lambda: as_json(_articles_page(page)),
                                       timeout=current_app.config["PAGE_REFRESH_SECONDS"]))


@bp.get("/articles/<slug>")
def get_article(slug: str):
    ref = articles.article_ref(slug)
    return public_response(cached_page(f"api-article:{ref.id}:{ref.thread_version}:{link_host()}",
                                       lambda: as_json(_article_with_thread(ref)),
                                       timeout=current_app.config["PAGE_REFRESH_SECONDS"]))


def _articles_page(page: int) -> dict:
    pagination = articles.list_articles(page, current_app.config["ARTICLES_PER_PAGE"])
    counts = comments.count_published([a.id for a in pagination.items])
    return {
        "articles": [article_json(a, counts.get(a.id, 0), views=_views(a)) for a in pagination.items],
        "page": pagination.page,
        "pages": pagination.pages,
        "total": pagination.total,
    }


def _article_with_thread(ref: articles.ArticleRef) -> dict:
    article = articles.get_article_by_id(ref.id)
    thread = cached(f"thread-json:{article.id}:{article.thread_version}",
                    lambda: [public_comment_json(c) for c in comments.published_comments(article.id)])
    return {**article_json(article, len(thread), views=_views(article)), "comments": thread}


def _views(article) -> int:
    return counters.views(article.view_count, article.id, view_counter())


def as_json(data: dict) -> Rendered:
    return rendered(current_app.json.dumps(data) + "\n", "application/json")


@bp.post("/articles/<slug>/comments")
@comment_posting
def post_comment(slug: str):
    article = articles.get_article(slug)
    cap_body(article)  # a larger body is refused with 413 when first read
    draft = _draft_from_request()
    comment = comments.submit_comment(article.id, draft, limits=text_limits(), storage=storage(), ip=request.remote_addr,
                                      max_image_pixels=current_app.config["MAX_IMAGE_PIXELS"], policy=abuse_policy())
    # A comment caught as spam gets this same answer: a bot learns nothing from it.
    return {"id": comment.id, "status": CommentStatus.PENDING.value}, 202


def _draft_from_request() -> CommentDraft:
    """Accept JSON or a multipart form with the same field names."""
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise CommentRejected([FieldError("body", "invalid_json", "Dữ liệu JSON không hợp lệ.")])
        values = {name: data.get(name) for name in FIELDS}
        attachments = ()
    else:
        values = {name: request.form.get(name) for name in FIELDS}
        files = [f for f in request.files.getlist("attachment") if f.filename]
        attachments = tuple(Upload(f.filename, f.stream, f.mimetype) for f in files)
    wrong = [name for name, value in values.items() if value is not None and not isinstance(value, str)]
    if wrong:
        raise CommentRejected([FieldError(name, "invalid_type", "Giá trị phải là chuỗi ký tự.") for name in wrong])
    return CommentDraft(values["author_name"] or "", values["email"] or "", values["body"] or "", attachments)
