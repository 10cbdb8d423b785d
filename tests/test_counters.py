import os

import pytest
import redis
from sqlalchemy import event

from feedback.counters import KEY_PREFIX, BufferedViewCounter, RedisViewCounter
from feedback.extensions import db
from feedback.models import Article

from .conftest import service_missing
from .factories import make_article

REDIS_URL = os.environ.get("FEEDBACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_app(app, monkeypatch):
    """The test app with its view counter moved to a real Redis."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        service_missing("redis", str(exc))
    for key in client.scan_iter(match=f"{KEY_PREFIX}*"):
        client.delete(key)
    monkeypatch.setitem(app.extensions, "feedback.views", RedisViewCounter(client))
    yield app
    for key in client.scan_iter(match=f"{KEY_PREFIX}*"):
        client.delete(key)
    client.close()


@pytest.fixture
def batched(app, monkeypatch):
    """The default counter without Redis, with a batch interval the test controls."""
    counter = BufferedViewCounter(flush_seconds=3600)
    monkeypatch.setitem(app.extensions, "feedback.views", counter)
    return counter


def stored_views(app, article_id: int) -> int:
    with app.app_context():
        return db.session.get(Article, article_id).view_count


def beacon(client, slug="tin"):
    return client.post(f"/bai-viet/{slug}/luot-xem")


def test_reading_a_page_writes_nothing_to_the_database(app, client, batched):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
        engine = db.engine
    writes = []
    listener = lambda conn, cursor, statement, *args: writes.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        for _ in range(3):
            assert client.get("/bai-viet/tin").status_code == 200
            assert beacon(client).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert [s for s in writes if not s.lstrip().upper().startswith("SELECT")] == []


def test_beacon_counts_views_in_batches_without_redis(app, client, batched):
    with app.app_context():
        article_id = make_article(slug="tin", view_count=7).id
        db.session.commit()
    answers = [beacon(client).get_json()["views"] for _ in range(3)]
    assert answers == [8, 9, 10]
    assert stored_views(app, article_id) == 7  # not yet written: no write per read
    batched.flush_seconds = 0
    assert beacon(client).get_json()["views"] == 11
    assert stored_views(app, article_id) == 11
    assert client.get("/api/articles/tin").get_json()["view_count"] == 11


def test_beacon_answers_carry_no_cookie_and_are_never_cached(app, client, batched):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    response = beacon(client)
    assert "Set-Cookie" not in response.headers and response.headers["Cache-Control"] == "private, no-store"
    assert beacon(client, "khong-co").status_code == 404


def test_views_go_to_redis_when_configured_and_flush_into_the_database(redis_app, client, runner):
    with redis_app.app_context():
        article_id = make_article(slug="tin", view_count=10).id
        db.session.commit()
    beacon(client)
    assert beacon(client).get_json()["views"] == 12
    assert stored_views(redis_app, article_id) == 10
    assert "2 view(s) moved" in runner.invoke(args=["flush-view-counts"]).output
    assert stored_views(redis_app, article_id) == 12
    assert client.get("/api/articles/tin").get_json()["view_count"] == 12


def test_a_redis_outage_loses_views_not_pages(app, client, monkeypatch):
    dead = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    monkeypatch.setitem(app.extensions, "feedback.views", RedisViewCounter(dead))
    with app.app_context():
        make_article(slug="tin", view_count=3)
        db.session.commit()
    assert beacon(client).get_json()["views"] == 3
    assert client.get("/bai-viet/tin").status_code == 200
