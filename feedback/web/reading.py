"""What readers are shown, rendered once per change: the published thread, and the whole page for anonymous readers.

Every key holds the article's thread version, read before the thread itself, so a page rendered from an older
version can never be stored under a newer key. Pages for anonymous readers carry no per-visitor bytes (no CSRF
token, no form time, no flash messages), so any cache may keep them; editors get theirs rendered afresh.
"""
from flask import current_app, render_template
from markupsafe import Markup

from .. import abuse, articles, comments, counters
from ..attachments.inspect import accept_attribute, allowed_types_text
from ..http.caching import Rendered, cached, cached_page, rendered
from ..http.hosts import link_host
from ..http.policies import text_limits, view_counter
from ..models import Article
from .forms import CommentForm


def thread_fragment(article: Article) -> Markup:
    """The published comments under an article as HTML, rendered once per thread version."""
    html = cached(f"thread-html:{article.id}:{article.thread_version}",
                  lambda: render_template("articles/_thread.html", article=article,
                                          comments=comments.published_comments(article.id)))
    return Markup(html)  # our own template's output, its comment HTML marked safe once in _comment.html


def public_article_page(ref: articles.ArticleRef) -> Rendered:
    """The anonymous article page, kept at most PAGE_REFRESH_SECONDS so its view count stays near the truth."""
    key = f"page:{ref.id}:{ref.thread_version}:{link_host()}"
    return cached_page(key, lambda: rendered(article_page(articles.get_article_by_id(ref.id), CommentForm(),
                                                     public=True), "text/html"),
                  timeout=current_app.config["PAGE_REFRESH_SECONDS"])


def public_index_page(page: int) -> Rendered:
    """A page of the article list, rendered again when an article on it (or the number of articles) changes."""
    per_page = current_app.config["ARTICLES_PER_PAGE"]
    version = articles.list_page_version(page, per_page)
    return cached_page(f"index:{page}:{version}:{link_host()}",
                  lambda: rendered(index_page(page, public=True), "text/html"),
                  timeout=current_app.config["PAGE_REFRESH_SECONDS"])


def index_page(page: int, *, public: bool = False) -> str:
    pagination = articles.list_articles(page, current_app.config["ARTICLES_PER_PAGE"])
    counts = comments.count_published([a.id for a in pagination.items])
    return render_template("articles/index.html", pagination=pagination, counts=counts, public_page=public)


def article_page(article: Article, form: CommentForm, *, public: bool = False, **extra) -> str:
    """The article, its thread and the form (as the reader left it, after an error)."""
    if not public and not form.started.data:
        # A form re-shown after an error keeps the time it was first shown; a public page leaves it to the script.
        form.started.data = abuse.issue_form_token(current_app.secret_key)
    limits = text_limits()
    form.set_limits(max_length=limits.max_length, name_max_length=limits.name_max_length,
                    accept=accept_attribute(article.allowed_attachment_types), max_files=article.max_attachments)
    return render_template(
        "articles/show.html",
        article=article,
        thread=thread_fragment(article),
        form=form,
        max_length=limits.max_length,
        views=counters.views(article.view_count, article.id, view_counter()),
        allowed_types=allowed_types_text(tuple(article.allowed_attachment_types)),
        public_page=public,
        **extra,
    )
