import pytest

from feedback import editors
from feedback.extensions import db
from feedback.models import Comment, CommentStatus

from ..factories import make_article, make_comment, make_editor


@pytest.fixture
def token(app):
    with app.app_context():
        editor = make_editor(email="api@example.com", name="Biên tập API")
        token = editors.issue_token(editor.id)
        db.session.commit()
        return token


@pytest.fixture
def pending(app):
    with app.app_context():
        comment = make_comment(make_article(slug="tin"), text="Cần làm rõ trách nhiệm của chủ đầu tư.")
        db.session.commit()
        return comment.id


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("method,path", [
    ("get", "/api/moderation/queue"),
    ("post", "/api/moderation/comments/1/approve"),
    ("post", "/api/moderation/comments/1/reject"),
])
def test_editor_api_needs_a_valid_token(client, method, path):
    assert getattr(client, method)(path).status_code == 401
    response = getattr(client, method)(path, headers=bearer("fbk_khong-hop-le"))
    assert response.status_code == 401
    assert response.get_json()["errors"][0]["code"] == "unauthorized"


def test_only_the_token_hash_is_stored(app, token):
    with app.app_context():
        from feedback.models import ApiToken
        stored = db.session.scalars(db.select(ApiToken)).one()
        assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_queue_lists_pending_with_versions_and_texts(client, token, pending):
    body = client.get("/api/moderation/queue", headers=bearer(token)).get_json()
    (item,) = body["comments"]
    assert item["id"] == pending and item["version"] == 1 and item["article"] == "tin"
    assert item["original_text"] == "Cần làm rõ trách nhiệm của chủ đầu tư."
    assert body["next_cursor"] is None


def test_queue_pages_with_a_cursor(app, client, token):
    with app.app_context():
        article = make_article()
        ids = [make_comment(article, text=f"Bình luận số {i}.").id for i in range(5)]
        db.session.commit()
    first = client.get("/api/moderation/queue?limit=3", headers=bearer(token)).get_json()
    second = client.get(f"/api/moderation/queue?limit=3&cursor={first['next_cursor']}", headers=bearer(token)).get_json()
    assert [c["id"] for c in first["comments"] + second["comments"]] == ids
    assert client.get("/api/moderation/queue?cursor=rac", headers=bearer(token)).status_code == 422


def test_approve_with_edit_then_stale_reject_conflicts(app, client, token, pending):
    response = client.post(f"/api/moderation/comments/{pending}/approve", headers=bearer(token),
                           json={"version": 1, "body": "Cần làm rõ trách nhiệm chủ đầu tư."})
    assert response.status_code == 200
    state = response.get_json()
    assert state["status"] == "approved" and state["version"] == 2
    assert state["original_text"] == "Cần làm rõ trách nhiệm của chủ đầu tư."
    stale = client.post(f"/api/moderation/comments/{pending}/reject", headers=bearer(token),
                        json={"version": 1, "reason": "Lạc đề"})
    assert stale.status_code == 409
    assert stale.get_json()["current"] == {"version": 2, "action": "edit_approve", "editor": "Biên tập API",
                                           "at": state["decided_at"]}


def test_reject_requires_reason_and_version(client, token, pending):
    assert client.post(f"/api/moderation/comments/{pending}/reject", headers=bearer(token),
                       json={"version": 1}).status_code == 422
    assert client.post(f"/api/moderation/comments/{pending}/reject", headers=bearer(token),
                       json={"reason": "x"}).status_code == 422
    response = client.post(f"/api/moderation/comments/{pending}/reject", headers=bearer(token),
                           json={"version": 1, "reason": "Xúc phạm cá nhân"})
    assert response.status_code == 200 and response.get_json()["reject_reason"] == "Xúc phạm cá nhân"


def test_disabled_editor_token_stops_working(app, client, token):
    with app.app_context():
        editors.get_editor_by_email("api@example.com").active = False
        db.session.commit()
    assert client.get("/api/moderation/queue", headers=bearer(token)).status_code == 401


def test_unknown_comment_is_404(client, token):
    response = client.post("/api/moderation/comments/999/approve", headers=bearer(token), json={"version": 1})
    assert response.status_code == 404
