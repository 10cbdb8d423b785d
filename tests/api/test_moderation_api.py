import pytest

from feedback import editors
from feedback.extensions import db
from feedback.models import CommentStatus

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
    ("get", "/api/moderation/counts"),
    ("get", "/api/moderation/reasons"),
    ("get", "/api/moderation/comments/1"),
    ("get", "/api/moderation/comments/1/history"),
    ("post", "/api/moderation/comments/1/approve"),
    ("post", "/api/moderation/comments/1/reject"),
    ("post", "/api/moderation/comments/1/spam"),
    ("post", "/api/moderation/comments/1/unpublish"),
    ("post", "/api/moderation/bulk"),
    ("get", "/api/moderation/audit"),
    ("get", "/api/moderation/audit.csv"),
    ("get", "/api/moderation/dashboard"),
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


def get(client, token, path):
    response = client.get(path, headers=bearer(token))
    return response.status_code, response.get_json()


def post(client, token, path, body):
    response = client.post(path, headers=bearer(token), json=body)
    return response.status_code, response.get_json()


def test_queue_takes_the_panels_filters(app, client, token):
    with app.app_context():
        from feedback.models import Attachment, CommentFlag
        bridge, flood = make_article(slug="cau"), make_article(slug="ngap")
        vietnam = make_comment(bridge, text="Tự hào Việt Nam.")
        with_file = make_comment(flood, text="Ảnh ngập đây.")
        approved = make_comment(flood, text="Đã duyệt rồi.", status=CommentStatus.APPROVED)
        db.session.add(Attachment(comment_id=with_file.id, storage_key="k", original_name="a.jpg",
                                  content_type="image/jpeg", size=1, sha256="0" * 64))
        db.session.add(CommentFlag(comment_id=vietnam.id, code="links", detail="2"))
        db.session.commit()
        ids = {"vietnam": vietnam.id, "file": with_file.id, "approved": approved.id}

    def found(query):
        status, body = get(client, token, f"/api/moderation/queue?{query}")
        assert status == 200
        return [c["id"] for c in body["comments"]]

    assert found("q=viet+nam") == [ids["vietnam"]]
    assert found("article=ngap") == [ids["file"]]
    assert found("has_attachment=true") == [ids["file"]]
    assert found("flag=links") == [ids["vietnam"]]
    assert found("status=approved") == [ids["approved"]]
    assert found("status=flagged") == [ids["vietnam"]]
    _, body = get(client, token, "/api/moderation/queue?q=viet")
    assert body["comments"][0]["flags"] == [{"code": "links", "detail": "2", "label": "Có liên kết: 2 liên kết"}]
    assert body["comments"][0]["author_history"] == {"earlier": 0, "approved": 0}
    status, body = get(client, token, "/api/moderation/queue?status=tat-ca&date_from=hom-qua")
    assert status == 422 and {e["field"] for e in body["errors"]} == {"status", "date_from"}


def test_reject_with_a_reason_code_and_note(client, token, pending):
    status, body = post(client, token, f"/api/moderation/comments/{pending}/reject",
                        {"version": 1, "reason_code": "false_information", "note": "Số liệu sai"})
    assert status == 200
    assert (body["reject_reason_code"], body["reject_reason"]) == ("false_information",
                                                                   "Thông tin sai sự thật: Số liệu sai")


def test_reject_with_an_unknown_code_is_refused(client, token, pending):
    status, body = post(client, token, f"/api/moderation/comments/{pending}/reject",
                        {"version": 1, "reason_code": "tuy_y"})
    assert status == 422 and body["errors"][0]["message"] == "Lý do từ chối không có trong danh sách."


def test_spam_then_unpublish_through_the_api(client, token, pending):
    status, body = post(client, token, f"/api/moderation/comments/{pending}/spam", {"version": 1})
    assert (status, body["status"], body["version"]) == (200, "spam", 2)
    status, body = post(client, token, f"/api/moderation/comments/{pending}/unpublish", {"version": 2})
    assert status == 422
    status, body = post(client, token, f"/api/moderation/comments/{pending}/unpublish",
                        {"version": 2, "reason": "Nhầm lẫn"})
    assert (status, body["status"], body["version"]) == (200, "pending", 3)
    status, body = post(client, token, f"/api/moderation/comments/{pending}/spam", {"version": 2})
    assert status == 409 and body["current"]["action"] == "reopen"


def test_bulk_answers_item_by_item_with_one_stale(app, client, token):
    with app.app_context():
        article = make_article()
        ids = [make_comment(article, text=f"Bình luận {n}.").id for n in range(3)]
        other = make_editor(email="khac@example.com", name="Biên tập khác")
        from feedback import moderation
        moderation.mark_spam(ids[2], other.id, version=1)
        db.session.commit()
    status, body = post(client, token, "/api/moderation/bulk", {
        "action": "approve", "items": [{"id": i, "version": 1} for i in ids] + [{"id": 999, "version": 1}]})
    assert status == 200 and (body["done"], body["failed"]) == (2, 2)
    results = body["results"]
    assert [r["status"] for r in results] == ["ok", "ok", "conflict", "not_found"]
    assert results[0]["version"] == 2 and results[0]["comment_status"] == "approved"
    assert results[2]["current"]["editor"] == "Biên tập khác" and results[2]["current"]["action"] == "spam"
    status, body = post(client, token, "/api/moderation/bulk", {"action": "approve", "items": [{"id": "1"}]})
    assert status == 422


def test_comment_history_comes_with_word_diffs(client, token, pending):
    post(client, token, f"/api/moderation/comments/{pending}/approve",
         {"version": 1, "body": "Cần làm rõ trách nhiệm chủ đầu tư dự án."})
    status, body = get(client, token, f"/api/moderation/comments/{pending}")
    assert status == 200
    assert body["original_diff"] == [{"op": "same", "text": "Cần làm rõ trách nhiệm"}, {"op": "del", "text": " của"},
                                     {"op": "same", "text": " chủ đầu tư"}, {"op": "ins", "text": " dự án"},
                                     {"op": "same", "text": "."}]
    (step,) = body["history"]
    assert step["action"] == "edit_approve" and step["editor"] == "Biên tập API"
    assert {"op": "ins", "text": " dự án"} in step["diff"]
    assert get(client, token, f"/api/moderation/comments/{pending}/history")[1]["history"] == body["history"]
    assert get(client, token, "/api/moderation/comments/999/history")[0] == 404


def test_audit_log_as_json_and_csv(client, token, pending):
    post(client, token, f"/api/moderation/comments/{pending}/reject", {"version": 1, "reason": "Lạc đề"})
    status, body = get(client, token, "/api/moderation/audit?editor=api@example.com&action=reject")
    assert status == 200 and body["next_cursor"] is None
    (entry,) = body["entries"]
    assert (entry["editor_email"], entry["article"], entry["reason"]) == ("api@example.com", "tin", "Lạc đề")
    assert get(client, token, "/api/moderation/audit?action=approve")[1]["entries"] == []
    assert get(client, token, "/api/moderation/audit?editor=nobody@example.com")[0] == 422
    response = client.get("/api/moderation/audit.csv", headers=bearer(token))
    assert response.mimetype == "text/csv" and "Lạc đề" in response.get_data(as_text=True)


def test_counts_reasons_and_dashboard(client, token, pending):
    assert get(client, token, "/api/moderation/counts")[1] == {"pending": 1, "flagged": 0, "approved": 0,
                                                               "rejected": 0, "spam": 0}
    reasons = get(client, token, "/api/moderation/reasons")[1]["reasons"]
    assert reasons[0] == {"code": "extreme", "label": "Cực đoan, xúc phạm", "note_required": False}
    assert reasons[-1]["code"] == "other" and reasons[-1]["note_required"] is True
    status, body = get(client, token, "/api/moderation/dashboard")
    assert status == 200 and body["pending"] == 1 and len(body["days"]) == 14


@pytest.mark.parametrize("value", ["false", "true", 0, 1, None, [], {}])
def test_publish_attachments_other_than_a_json_boolean_is_422(app, client, token, pending, value):
    response = client.post(f"/api/moderation/comments/{pending}/approve",
                           json={"version": 1, "publish_attachments": value}, headers=bearer(token))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == "publish_attachments"
    with app.app_context():
        from feedback.models import Comment
        assert db.session.get(Comment, pending).status == CommentStatus.PENDING


@pytest.mark.parametrize("path,body,field", [
    ("approve", {"version": "1"}, "version"),
    ("approve", {"version": True}, "version"),
    ("approve", {"version": 1, "body": 5}, "body"),
    ("reject", {"version": 1, "reason_code": 7}, "reason_code"),
    ("reject", {"version": 1, "reason": ["off_topic"]}, "reason"),
    ("reject", {"version": 1, "reason_code": "off_topic", "note": False}, "note"),
    ("spam", {"version": 1, "note": {"x": 1}}, "note"),
    ("unpublish", {"version": 1, "reason": 3}, "reason"),
])
def test_every_json_field_of_a_decision_has_its_type_checked(client, token, pending, path, body, field):
    response = client.post(f"/api/moderation/comments/{pending}/{path}", json=body, headers=bearer(token))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == field


@pytest.mark.parametrize("body,field", [
    ({"action": 1, "items": []}, "action"),
    ({"action": "approve", "items": {"id": 1}}, "items"),
    ({"action": "approve", "items": [{"id": "1", "version": 1}]}, "items"),
    ({"action": "reject", "items": [], "reason_code": 1}, "reason_code"),
    ({"action": "reject", "items": [], "note": 1}, "note"),
])
def test_every_json_field_of_a_bulk_decision_has_its_type_checked(client, token, body, field):
    response = client.post("/api/moderation/bulk", json=body, headers=bearer(token))
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["field"] == field
