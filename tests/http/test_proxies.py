"""Behind a reverse proxy the client's address comes from X-Forwarded-For, but only from proxies we trust."""
import pytest
from sqlalchemy import select

from feedback import create_app
from feedback.config import ConfigError
from feedback.extensions import db
from feedback.models import Comment

from ..factories import GOOD_TEXT, make_article


def app_behind(app, proxies: int):
    return create_app({"ENV": "testing", "SECRET_KEY": "test-secret", "DATABASE_URL": app.config["DATABASE_URL"],
                       "UPLOAD_DIR": app.config["UPLOAD_DIR"], "RATELIMIT_ENABLED": False,
                       "TRUSTED_PROXIES": proxies})


def stored_ip(target, forwarded_for: str) -> str:
    with target.app_context():
        make_article(slug="tin")
        db.session.commit()
    response = target.test_client().post(
        "/api/articles/tin/comments", json={"author_name": "Lê Văn Cường", "body": GOOD_TEXT},
        headers={"X-Forwarded-For": forwarded_for}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 202
    with target.app_context():
        ip = db.session.scalars(select(Comment.ip_address)).one()
    with target.app_context():
        db.engine.dispose()  # in a context of its own, so no session still holds a connection
    return ip


def test_by_default_forwarded_for_is_ignored(app):
    assert stored_ip(app_behind(app, 0), "198.51.100.7") == "10.0.0.2"


def test_behind_one_trusted_proxy_the_address_it_saw_is_the_readers(app):
    # The reader may send their own X-Forwarded-For; only the entry our proxy appended counts.
    assert stored_ip(app_behind(app, 1), "203.0.113.66, 198.51.100.7") == "198.51.100.7"


@pytest.mark.parametrize("value", [-1, "hai", True])
def test_a_malformed_proxy_count_stops_start_up(tmp_path, value):
    with pytest.raises(ConfigError, match="FEEDBACK_TRUSTED_PROXIES"):
        create_app({"ENV": "testing", "TRUSTED_PROXIES": value, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
