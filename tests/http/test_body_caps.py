"""Body caps hold before anything reads a body, whether rate limits (whose keys read the e-mail) are on or off."""
import io
import json

import pytest
from sqlalchemy import select

from feedback import editors
from feedback.extensions import db, limiter
from feedback.models import Comment

from ..attachments import samples
from ..factories import GOOD_TEXT, make_article, make_editor
from ..web.test_limits import build_app

OVERHEAD = 4000


@pytest.fixture(params=["limits-off", "limits-on"])
def any_app(app, request, monkeypatch):
    """The suite's app (limits off) or one with limits on, over the same database."""
    if request.param == "limits-off":
        target = app
    else:
        target = build_app(app, "memory://")
        target.config["RATELIMIT_COMMENT_IP"] = target.config["RATELIMIT_COMMENT_EMAIL"] = "100 per minute"
        limiter.reset()
    monkeypatch.setitem(target.config, "FORM_OVERHEAD_BYTES", OVERHEAD)
    with target.app_context():
        make_article(slug="chu", max_attachments=0)
        make_article(slug="anh", max_attachment_bytes=1000)
        db.session.commit()
    yield target
    if target is not app:
        limiter.reset()
        with target.app_context():
            db.engine.dispose()


def stored_comments(app) -> list[Comment]:
    with app.app_context():
        return db.session.scalars(select(Comment)).all()


def json_of_size(size: int) -> bytes:
    """A comment as JSON of exactly this many bytes."""
    base = {"author_name": "Lê Văn Cường", "email": "cuong@example.com", "body": GOOD_TEXT}
    padding = size - len(json.dumps(base, ensure_ascii=False).encode())
    base["body"] += " " * padding
    body = json.dumps(base, ensure_ascii=False).encode()
    assert len(body) == size
    return body


def test_a_json_comment_a_few_bytes_over_the_articles_cap_is_413_and_not_stored(any_app):
    client = any_app.test_client()
    response = client.post("/api/articles/chu/comments", data=json_of_size(OVERHEAD + 10),
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["errors"][0]["code"] == "attachment_too_large"
    assert stored_comments(any_app) == []


def test_a_json_comment_within_the_cap_is_taken(any_app):
    client = any_app.test_client()
    response = client.post("/api/articles/chu/comments", data=json_of_size(OVERHEAD - 10),
                           content_type="application/json")
    assert response.status_code == 202


def test_a_form_with_a_file_over_the_cap_is_413_with_the_readers_text_kept(any_app):
    fields = {"author_name": "Lê Văn Cường", "email": "cuong@example.com", "body": GOOD_TEXT,
              "attachment": (samples.pdf(20_000), "to.pdf")}
    response = any_app.test_client().post("/bai-viet/anh", **samples.multipart(fields))
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert GOOD_TEXT in html and 'value="cuong@example.com"' in html and "vượt quá giới hạn" in html
    assert stored_comments(any_app) == []


@pytest.mark.parametrize("path", ["/dang-nhap", "/api/moderation/bulk"])
def test_routes_that_take_no_file_have_a_small_cap(any_app, path):
    with any_app.app_context():
        token = editors.issue_token(make_editor().id)
        db.session.commit()
    body = b'{"x": "' + b"a" * (any_app.config["MAX_FORM_BYTES"] + 1) + b'"}'
    response = any_app.test_client().post(path, data=io.BytesIO(body), content_type="application/json",
                                          headers={"Content-Length": str(len(body)),
                                                   "Authorization": f"Bearer {token}"})
    assert response.status_code == 413
