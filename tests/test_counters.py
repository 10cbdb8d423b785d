import os

import pytest
import redis

from feedback import create_app
from feedback.counters import KEY_PREFIX
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
    from feedback.counters import RedisViewCounter
    monkeypatch.setitem(app.extensions, "feedback.views", RedisViewCounter(client))
    yield app
    for key in client.scan_iter(match=f"{KEY_PREFIX}*"):
        client.delete(key)
    client.close()


def test_views_are_counted_in_the_database_by_default(app, client):
    with app.app_context():
        article_id = make_article(slug="tin").id
        db.session.commit()
    for _ in range(3):
        client.get("/bai-viet/tin")
    with app.app_context():
        assert db.session.get(Article, article_id).view_count == 3
    assert client.get("/api/articles/tin").get_json()["view_count"] == 3


def test_views_go_to_redis_when_configured_and_flush_into_the_database(redis_app, client, runner):
    with redis_app.app_context():
        article_id = make_article(slug="tin", view_count=10).id
        db.session.commit()
    client.get("/bai-viet/tin")
    page = client.get("/bai-viet/tin").get_data(as_text=True)
    assert "12 lượt xem" in page
    with redis_app.app_context():
        assert db.session.get(Article, article_id).view_count == 10
    assert "2 view(s) moved" in runner.invoke(args=["flush-view-counts"]).output
    with redis_app.app_context():
        assert db.session.get(Article, article_id).view_count == 12
    assert client.get("/api/articles/tin").get_json()["view_count"] == 12


def test_redis_url_setting_selects_the_redis_counter(tmp_path):
    app = create_app({"ENV": "testing", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "REDIS_URL": REDIS_URL})
    assert type(app.extensions["feedback.views"]).__name__ == "RedisViewCounter"
