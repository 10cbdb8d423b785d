"""Absolute URLs come from FEEDBACK_PUBLIC_URL, never from the Host header a client sends."""
import re

import pytest

from feedback import create_app
from feedback.config import ConfigError
from feedback.extensions import db

from ..factories import make_article

PUBLIC = "https://bandoc.bao.example"


def app_with(app, **settings):
    return create_app({"ENV": "testing", "SECRET_KEY": "test-secret", "DATABASE_URL": app.config["DATABASE_URL"],
                       "UPLOAD_DIR": app.config["UPLOAD_DIR"], "RATELIMIT_ENABLED": False, **settings})


@pytest.fixture
def public_app(app):
    target = app_with(app, PUBLIC_URL=PUBLIC)
    with target.app_context():
        make_article(slug="tin")
        db.session.commit()
    yield target
    with target.app_context():
        db.engine.dispose()


def test_api_urls_use_the_public_address_whatever_the_host_header(public_app):
    client = public_app.test_client()
    listing = client.get("/api/articles", headers={"Host": "evil.example"}).get_json()
    detail = client.get("/api/articles/tin", headers={"Host": "evil.example"}).get_json()
    assert listing["articles"][0]["url"] == detail["url"] == f"{PUBLIC}/bai-viet/tin"


def test_canonical_and_share_links_use_the_public_address(public_app):
    html = public_app.test_client().get("/bai-viet/tin", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert f'<link rel="canonical" href="{PUBLIC}/bai-viet/tin">' in html
    assert "evil.example" not in html
    assert re.search(r"facebook\.com/sharer/sharer\.php\?u=https%3A//bandoc\.bao\.example/bai-viet/tin", html)


def test_an_untrusted_host_is_refused(app):
    target = app_with(app, PUBLIC_URL=PUBLIC, TRUSTED_HOSTS=["bandoc.bao.example"])
    client = target.test_client()
    assert client.get("/api/articles", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/api/articles", headers={"Host": "bandoc.bao.example"}).status_code == 200
    with target.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("url", ["bandoc.bao.example", "ftp://bandoc.bao.example", "https://bao.example/ban-doc",
                                 "https://"])
def test_a_malformed_public_url_stops_start_up(tmp_path, url):
    with pytest.raises(ConfigError, match="FEEDBACK_PUBLIC_URL"):
        create_app({"ENV": "testing", "PUBLIC_URL": url, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_production_needs_a_public_url(tmp_path):
    with pytest.raises(ConfigError, match="FEEDBACK_PUBLIC_URL"):
        create_app({"ENV": "production", "SECRET_KEY": "a-long-random-production-key",
                    "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_trusted_hosts_must_be_a_list_of_names(tmp_path):
    with pytest.raises(ConfigError, match="FEEDBACK_TRUSTED_HOSTS"):
        create_app({"ENV": "testing", "TRUSTED_HOSTS": "bao.example", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
