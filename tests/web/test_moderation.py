import re

import pytest
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEntry, Comment, CommentStatus

from ..conftest import csrf_token_from
from ..factories import make_article, make_comment

EDITOR_ROUTES = [
    ("get", "/kiem-duyet/"),
    ("get", "/kiem-duyet/binh-luan/{id}"),
    ("post", "/kiem-duyet/binh-luan/{id}/duyet"),
    ("post", "/kiem-duyet/binh-luan/{id}/tu-choi"),
    ("get", "/kiem-duyet/tep/1"),
]


@pytest.fixture
def pending(app):
    with app.app_context():
        article = make_article(slug="tin")
        comment = make_comment(article, text="Tôi thấy đề xuất này hợp lý, mong sớm triển khai.")
        db.session.commit()
        return comment.id


@pytest.mark.parametrize("method,path", EDITOR_ROUTES)
def test_editor_routes_send_anonymous_visitors_to_login(client, pending, method, path):
    response = getattr(client, method)(path.format(id=pending))
    assert response.status_code == 302
    assert "/dang-nhap" in response.headers["Location"]


def test_disabled_editor_loses_access_at_once(app, auth, client, pending):
    editor_id = auth.create()
    auth.login()
    assert client.get("/kiem-duyet/").status_code == 200
    with app.app_context():
        from feedback.models import Editor
        db.session.get(Editor, editor_id).active = False
        db.session.commit()
    assert client.get("/kiem-duyet/").status_code == 302


def test_wrong_password_is_refused(auth, client):
    auth.create()
    response = auth.login(password="sai-mat-khau-roi")
    assert response.status_code == 401
    assert "Email hoặc mật khẩu không đúng" in response.get_data(as_text=True)
    assert client.get("/kiem-duyet/").status_code == 302


def test_login_cookie_is_httponly_and_samesite(auth, client):
    auth.create()
    response = auth.login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_does_not_redirect_off_site(auth, client):
    auth.create()
    response = client.post("/dang-nhap", data={"email": "editor@example.com", "password": "mat-khau-du-dai",
                                               "next": "//evil.example/"})
    assert response.headers["Location"] == "/kiem-duyet/"


def test_queue_shows_pending_comments_oldest_first_with_details(app, editor_client):
    with app.app_context():
        article = make_article(title="Cầu mới")
        from datetime import datetime
        make_comment(article, text="Bình luận gửi sau.", created_at=datetime(2026, 1, 2))
        make_comment(article, text="Bình luận gửi trước.", created_at=datetime(2026, 1, 1), email="doc@example.com")
        make_comment(article, text="Bình luận đã duyệt.", status=CommentStatus.APPROVED)
        db.session.commit()
    html = editor_client.get("/kiem-duyet/").get_data(as_text=True)
    assert html.index("gửi trước") < html.index("gửi sau")
    assert "đã duyệt." not in html
    assert "doc@example.com" in html and "Cầu mới" in html


def test_whole_loop_edit_approve_publishes_edited_text_and_keeps_original(app, client, auth):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    original = "Đề nghị thành phố sửa đường sớm, đi lại khổ lắm <b>luôn</b>!"
    assert client.post("/bai-viet/tin", data={"author_name": "Phạm Thị Dung", "email": "", "body": original}
                       ).status_code == 303
    auth.create()
    auth.login()
    with app.app_context():
        comment = db.session.scalars(select(Comment)).one()
    page = client.get(f"/kiem-duyet/binh-luan/{comment.id}").get_data(as_text=True)
    assert "Bản gốc của bạn đọc" in page
    edited = "Đề nghị thành phố sớm sửa đường, đi lại rất khó khăn."
    response = client.post(f"/kiem-duyet/binh-luan/{comment.id}/duyet",
                           data={"version": comment.version, "body": edited, "publish_attachments": "y"})
    assert response.status_code == 303
    public = client.get("/bai-viet/tin").get_data(as_text=True)
    assert edited in public and "Phạm Thị Dung" in public and "khổ lắm" not in public
    with app.app_context():
        stored = db.session.get(Comment, comment.id)
        assert stored.original_text == original and stored.text == edited
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.action.value, entry.text_before, entry.text_after) == ("edit_approve", original, edited)
    editor_page = client.get(f"/kiem-duyet/binh-luan/{comment.id}").get_data(as_text=True)
    assert "khổ lắm" in editor_page


def test_reject_needs_a_reason_and_records_it(app, editor_client, pending):
    response = editor_client.post(f"/kiem-duyet/binh-luan/{pending}/tu-choi", data={"version": 1, "reason": ""})
    assert response.status_code == 422
    assert "Vui lòng nêu lý do từ chối" in response.get_data(as_text=True)
    response = editor_client.post(f"/kiem-duyet/binh-luan/{pending}/tu-choi",
                                  data={"version": 1, "reason": "Lạc đề"})
    assert response.status_code == 303
    with app.app_context():
        comment = db.session.get(Comment, pending)
        assert comment.status == CommentStatus.REJECTED and comment.reject_reason == "Lạc đề"
        entry = db.session.scalars(select(AuditEntry)).one()
        assert entry.reason == "Lạc đề" and entry.editor_id == comment.decided_by_id is not None


def test_second_editor_gets_conflict_with_who_decided(app, client, auth, pending):
    auth.create(email="a@example.com", name="Biên tập A")
    auth.create(email="b@example.com", name="Biên tập B")
    auth.login("a@example.com")
    assert client.post(f"/kiem-duyet/binh-luan/{pending}/duyet", data={"version": 1}).status_code == 303
    auth.logout()
    auth.login("b@example.com")
    response = client.post(f"/kiem-duyet/binh-luan/{pending}/tu-choi",
                           data={"version": 1, "reason": "Lý do tôi đã gõ cẩn thận"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Biên tập A đã duyệt" in html and "Lý do tôi đã gõ cẩn thận" in html
    with app.app_context():
        assert db.session.get(Comment, pending).status == CommentStatus.APPROVED


def test_panel_forms_refuse_missing_csrf(app, editor_client, pending, csrf_enabled):
    response = editor_client.post(f"/kiem-duyet/binh-luan/{pending}/duyet", data={"version": 1})
    assert response.status_code == 400
    page = editor_client.get(f"/kiem-duyet/binh-luan/{pending}").get_data(as_text=True)
    token = csrf_token_from(page)
    response = editor_client.post(f"/kiem-duyet/binh-luan/{pending}/duyet", data={"version": 1, "csrf_token": token})
    assert response.status_code == 303


def test_logout_requires_post_with_csrf(editor_client, csrf_enabled):
    assert editor_client.post("/dang-xuat").status_code == 400
    assert editor_client.get("/kiem-duyet/").status_code == 200
