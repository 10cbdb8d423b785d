"""The read path: a thread rendered once per change, pages any cache may keep, and never a stale thread."""
import gzip
import json
import os

import pytest
import redis
from sqlalchemy import event, select

from feedback import articles, create_app, editors, moderation
from feedback.articles import ArticleInput
from feedback.extensions import cache, db
from feedback.models import Article, Attachment, CommentStatus

from ..conftest import PASSWORD, service_missing
from ..factories import make_article, make_comment, make_editor

REDIS_URL = os.environ.get("FEEDBACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ANONYMOUS_GETS = ["/", "/bai-viet/tin", "/api/articles", "/api/articles/tin"]
SHOWN = "Tôi đồng ý, con đường này ngập suốt mùa mưa."


@pytest.fixture
def thread(app):
    """An article with one published comment and one waiting; returns (editor id, pending comment id)."""
    with app.app_context():
        article = make_article(slug="tin")
        make_comment(article, text="Bình luận đã đăng từ trước, cảm ơn tòa soạn.", status=CommentStatus.APPROVED)
        waiting = make_comment(article, text=SHOWN)
        editor = make_editor()
        db.session.commit()
        return editor.id, waiting.id


def shows(client, text: str) -> tuple[bool, bool]:
    """Whether the page and the thread JSON show the text."""
    page = client.get("/bai-viet/tin").get_data(as_text=True)
    thread = json.dumps(client.get("/api/articles/tin").get_json(), ensure_ascii=False)
    return text in page, text in thread


def decide(app, change) -> None:
    with app.app_context():
        change()
        db.session.commit()


@pytest.mark.parametrize("path", ANONYMOUS_GETS)
def test_anonymous_answers_set_no_cookie_and_may_be_kept_by_any_cache_for_seconds(app, client, thread, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "public, max-age=0, s-maxage=5, stale-while-revalidate=10"
    etag, weak = response.get_etag()
    assert etag and not weak


@pytest.mark.parametrize("path", ["/", "/bai-viet/tin"])
def test_pages_vary_on_the_cookie_that_makes_them_personal(client, thread, path):
    assert "Cookie" in client.get(path).headers["Vary"]


@pytest.mark.parametrize("path", ["/bai-viet/tin", "/api/articles/tin"])
def test_revalidation_is_304_until_a_decision_then_200(app, client, thread, path):
    editor, waiting = thread
    etag = client.get(path).get_etag()[0]
    again = client.get(path, headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.get_data() == b""
    decide(app, lambda: moderation.approve_comment(waiting, editor, version=1))
    fresh = client.get(path, headers={"If-None-Match": f'"{etag}"'})
    assert fresh.status_code == 200 and SHOWN in fresh.get_data(as_text=True)


def test_a_cached_page_costs_one_small_query(app, client, thread):
    client.get("/bai-viet/tin")
    client.get("/api/articles/tin")
    with app.app_context():
        engine = db.engine
    statements = []
    listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get("/bai-viet/tin").status_code == 200
        assert client.get("/api/articles/tin").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 2 and all("FROM articles" in s and "comments" not in s for s in statements)


def _approve(editor, waiting):
    return lambda: moderation.approve_comment(waiting, editor, version=1)


def _edit_and_approve(editor, waiting):
    return lambda: moderation.approve_comment(waiting, editor, version=1, text=SHOWN + " Đã biên tập.")


def _bulk_approve(editor, waiting):
    return lambda: moderation.decide_many("approve", [moderation.BulkItem(waiting, 1)], editor)


@pytest.mark.parametrize("decision", [_approve, _edit_and_approve, _bulk_approve])
def test_each_publishing_decision_shows_at_once(app, client, thread, decision):
    editor, waiting = thread
    assert shows(client, SHOWN) == (False, False)  # both renders are now cached
    decide(app, decision(editor, waiting))
    assert shows(client, SHOWN) == (True, True)


@pytest.mark.parametrize("action", ["unpublish", "reject_after_unpublish", "spam_after_unpublish"])
def test_taking_a_published_comment_down_hides_it_at_once(app, client, thread, action):
    editor, waiting = thread
    decide(app, _approve(editor, waiting))
    assert shows(client, SHOWN) == (True, True)
    decide(app, lambda: moderation.return_to_queue(waiting, editor, version=2, reason="Cần xem lại."))
    assert shows(client, SHOWN) == (False, False)
    if action == "reject_after_unpublish":
        decide(app, lambda: moderation.reject_comment(waiting, editor, version=3, reason_code="off_topic"))
    elif action == "spam_after_unpublish":
        decide(app, lambda: moderation.mark_spam(waiting, editor, version=3))
    assert shows(client, SHOWN) == (False, False)


def test_publishing_or_withdrawing_a_published_file_shows_at_once(app, client, thread):
    editor, waiting = thread
    with app.app_context():
        db.session.add(Attachment(comment_id=waiting, storage_key="k1", original_name="bien-ban.pdf",
                                  content_type="application/pdf", size=10, sha256="0" * 64))
        db.session.commit()
    decide(app, lambda: moderation.approve_comment(waiting, editor, version=1, publish_attachments=False))
    assert shows(client, "bien-ban.pdf") == (False, False)

    def publish_file():
        db.session.scalars(select(Attachment)).one().published = True
    decide(app, publish_file)
    assert shows(client, "bien-ban.pdf") == (True, True)


def test_article_edits_and_rule_changes_show_at_once(app, client, thread):
    assert 'name="body"' in client.get("/bai-viet/tin").get_data(as_text=True)
    with app.app_context():
        article_id = articles.get_article("tin").id
    closed = ArticleInput(title="Tiêu đề đã sửa", slug="tin", comments_open=False)
    decide(app, lambda: articles.save_article(article_id, closed, max_attachment_bytes=10 * 2**20, max_attachments=3))
    page = client.get("/bai-viet/tin").get_data(as_text=True)
    assert "Tiêu đề đã sửa" in page and "đã đóng bình luận" in page and 'name="body"' not in page
    assert client.get("/api/articles/tin").get_json()["rules"]["comments_open"] is False
    assert "Tiêu đề đã sửa" in client.get("/").get_data(as_text=True)


def test_an_import_that_changes_an_article_shows_at_once(app, client, runner, thread, tmp_path):
    client.get("/bai-viet/tin")
    feed = tmp_path / "bai.json"
    feed.write_text(json.dumps({"articles": [{"slug": "tin", "title": "Tin đã cập nhật"}]}), encoding="utf-8")
    assert runner.invoke(args=["import-articles", str(feed)]).exit_code == 0
    assert "Tin đã cập nhật" in client.get("/bai-viet/tin").get_data(as_text=True)


def test_views_do_not_move_the_thread_version(app, client, thread):
    with app.app_context():
        before = articles.article_ref("tin").thread_version
    client.post("/bai-viet/tin/luot-xem")
    decide(app, lambda: db.session.get(Article, articles.get_article("tin").id).__setattr__("view_count", 99))
    with app.app_context():
        assert articles.article_ref("tin").thread_version == before


def other_server(app, **config):
    """A second app on the same database, with a cache of its own unless told otherwise."""
    return create_app({**{k: app.config[k] for k in ("ENV", "SECRET_KEY", "DATABASE_URL", "UPLOAD_DIR",
                                                       "RATELIMIT_ENABLED")}, **config})


def test_a_second_server_never_shows_a_thread_older_than_the_last_decision(app, client, thread):
    editor, waiting = thread
    second = other_server(app)
    try:
        reader = second.test_client()
        assert shows(reader, SHOWN) == (False, False)  # the second server has it cached now
        decide(app, _approve(editor, waiting))  # decided through the first server
        assert shows(reader, SHOWN) == (True, True)
    finally:
        with second.app_context():
            db.engine.dispose()


def test_servers_sharing_a_redis_cache_never_show_a_stale_thread(app, thread):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        service_missing("redis", str(exc))
    editor, waiting = thread
    shared = {"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": "feedback-test:cache:"}
    first, second = other_server(app, **shared), other_server(app, **shared)
    try:
        with first.app_context():
            cache.clear()
        assert shows(first.test_client(), SHOWN) == (False, False)
        with second.app_context():
            moderation.approve_comment(waiting, editor, version=1)
            db.session.commit()
        assert shows(first.test_client(), SHOWN) == (True, True)
        with second.app_context():
            assert any(key.startswith(b"feedback-test:cache:") for key in cache.cache._read_client.scan_iter())
    finally:
        for server in (first, second):
            with server.app_context():
                cache.clear()
                db.engine.dispose()


def test_a_failing_cache_costs_only_the_render(app, client, thread, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")
    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert client.get("/bai-viet/tin").status_code == 200
    assert client.get("/api/articles/tin").status_code == 200


def test_an_editor_gets_a_private_page_with_the_panel_links(app, client, thread):
    with app.app_context():
        make_editor(email="bien-tap@example.com", password=PASSWORD)
        db.session.commit()
    client.get("/bai-viet/tin")  # the public render is cached now
    client.post("/dang-nhap", data={"email": "bien-tap@example.com", "password": PASSWORD})
    response = client.get("/bai-viet/tin")
    assert response.headers["Cache-Control"] == "private, no-store" and "Cookie" in response.headers["Vary"]
    assert "Kiểm duyệt" in response.get_data(as_text=True)
    for path in ("/kiem-duyet/", "/kiem-duyet/so-luong", "/kiem-duyet/nhat-ky", "/", "/dang-nhap"):
        assert client.get(path).headers["Cache-Control"] == "private, no-store", path


def test_an_anonymous_page_never_shows_the_panel_links(app, client, thread):
    assert "Kiểm duyệt" not in client.get("/bai-viet/tin").get_data(as_text=True)


def test_pages_rendered_for_other_hosts_are_kept_apart(app, client, thread):
    client.get("/bai-viet/tin", base_url="http://gia-mao.example")
    page = client.get("/bai-viet/tin").get_data(as_text=True)
    assert "gia-mao.example" not in page


def test_form_errors_are_never_cached(app, client, thread):
    response = client.post("/bai-viet/tin", data={"author_name": "", "body": ""})
    assert response.status_code == 422 and response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("path", ["/bai-viet/tin", "/api/articles/tin"])
def test_browsers_that_accept_gzip_get_the_page_compressed_once_per_render(client, thread, path):
    plain = client.get(path)
    packed = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data())
    assert "Content-Encoding" not in plain.headers and "Accept-Encoding" in plain.headers["Vary"]
    etag = packed.get_etag()[0]
    assert etag != plain.get_etag()[0]
    again = client.get(path, headers={"Accept-Encoding": "gzip", "If-None-Match": f'"{etag}"'})
    assert again.status_code == 304


def test_the_editors_api_is_never_kept_by_any_cache(app, client, thread):
    editor, waiting = thread
    with app.app_context():
        token = editors.issue_token(editor)
        db.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    for path in ("/api/moderation/queue", "/api/moderation/counts", f"/api/moderation/comments/{waiting}",
                 "/api/moderation/audit", "/api/moderation/audit.csv"):
        response = client.get(path, headers=auth)
        assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store", path
    decided = client.post(f"/api/moderation/comments/{waiting}/approve", json={"version": 1}, headers=auth)
    assert decided.status_code == 200 and decided.headers["Cache-Control"] == "private, no-store"
