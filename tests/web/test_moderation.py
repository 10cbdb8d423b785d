import re

import pytest
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import AuditEntry, Comment, CommentStatus

from ..conftest import csrf_token_from
from feedback import moderation

from ..factories import make_article, make_comment, make_editor

EDITOR_ROUTES = [
    ("get", "/kiem-duyet/"),
    ("get", "/kiem-duyet/so-luong"),
    ("get", "/kiem-duyet/binh-luan/{id}"),
    ("post", "/kiem-duyet/binh-luan/{id}/duyet"),
    ("post", "/kiem-duyet/binh-luan/{id}/tu-choi"),
    ("post", "/kiem-duyet/binh-luan/{id}/spam"),
    ("post", "/kiem-duyet/binh-luan/{id}/dua-ve-hang-cho"),
    ("post", "/kiem-duyet/hang-loat"),
    ("get", "/kiem-duyet/tep/1"),
    ("get", "/kiem-duyet/nhat-ky"),
    ("get", "/kiem-duyet/nhat-ky.csv"),
    ("get", "/kiem-duyet/tong-quan"),
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
    response = editor_client.post(f"/kiem-duyet/binh-luan/{pending}/tu-choi", data={"version": 1, "reason_code": ""})
    assert response.status_code == 422
    assert "Vui lòng chọn lý do từ chối" in response.get_data(as_text=True)
    response = editor_client.post(f"/kiem-duyet/binh-luan/{pending}/tu-choi",
                                  data={"version": 1, "reason_code": "off_topic", "note": "Bài nói về cầu, không về đường"})
    assert response.status_code == 303
    expected = "Lạc đề, không liên quan đến bài viết: Bài nói về cầu, không về đường"
    with app.app_context():
        comment = db.session.get(Comment, pending)
        assert comment.status == CommentStatus.REJECTED and comment.reject_reason == expected
        assert comment.reject_reason_code == "off_topic"
        entry = db.session.scalars(select(AuditEntry)).one()
        assert (entry.reason, entry.reason_code) == (expected, "off_topic")
        assert entry.editor_id == comment.decided_by_id is not None


def test_second_editor_gets_conflict_with_who_decided(app, client, auth, pending):
    auth.create(email="a@example.com", name="Biên tập A")
    auth.create(email="b@example.com", name="Biên tập B")
    auth.login("a@example.com")
    assert client.post(f"/kiem-duyet/binh-luan/{pending}/duyet", data={"version": 1}).status_code == 303
    auth.logout()
    auth.login("b@example.com")
    response = client.post(f"/kiem-duyet/binh-luan/{pending}/tu-choi",
                           data={"version": 1, "reason_code": "other", "note": "Lý do tôi đã gõ cẩn thận"})
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


def make_pending(app, *texts, **overrides) -> list[int]:
    with app.app_context():
        article = make_article(slug=overrides.pop("slug", None) or f"bai-{len(texts)}-{id(texts)}")
        ids = [make_comment(article, text=t, **overrides).id for t in texts]
        db.session.commit()
        return ids


def status_of(app, comment_id: int) -> CommentStatus:
    with app.app_context():
        return db.session.get(Comment, comment_id).status


def test_tabs_show_live_counts_and_each_tab_lists_its_comments(app, editor_client):
    with app.app_context():
        article = make_article()
        make_comment(article, text="Đang chờ một.")
        make_comment(article, text="Bình luận bị từ chối.", status=CommentStatus.REJECTED)
        make_comment(article, text="Bình luận rác.", status=CommentStatus.SPAM)
        db.session.commit()
    html = editor_client.get("/kiem-duyet/").get_data(as_text=True)
    assert re.search(r'Chờ duyệt <span class="badge badge--count" data-count="pending">1</span>', html)
    assert 'data-count="spam">1</span>' in html and "Đang chờ một." in html and "Bình luận rác." not in html
    spam = editor_client.get("/kiem-duyet/?status=spam").get_data(as_text=True)
    assert "Bình luận rác." in spam and "Đang chờ một." not in spam
    assert editor_client.get("/kiem-duyet/so-luong").get_json() == {
        "pending": "1", "flagged": "0", "approved": "0", "rejected": "1", "spam": "1"}


def test_tab_badges_stop_counting_past_the_cap(app, editor_client, monkeypatch):
    from feedback.web import moderation as panel
    monkeypatch.setattr(panel, "COUNT_CAP", 2)
    make_pending(app, "Một.", "Hai.", "Ba.")
    html = editor_client.get("/kiem-duyet/").get_data(as_text=True)
    assert 'data-count="pending">2+</span>' in html and "<title>Kiểm duyệt (2+)" in html
    assert editor_client.get("/kiem-duyet/so-luong").get_json()["pending"] == "2+"


def test_search_box_ignores_diacritics(app, editor_client):
    make_pending(app, "Đội tuyển Việt Nam chơi rất hay.", "Trời mưa to quá.")
    html = editor_client.get("/kiem-duyet/?q=viet+nam").get_data(as_text=True)
    assert "Đội tuyển Việt Nam" in html and "Trời mưa" not in html


def test_bad_filter_values_come_back_as_messages_not_errors(app, editor_client):
    response = editor_client.get("/kiem-duyet/?date_from=hom-qua&status=xoa-het&has_attachment=co")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in html and "Tab không hợp lệ" in html and "Chỉ nhận true hoặc false" in html


def test_queue_item_shows_author_record_flags_and_thumbnail(app, editor_client):
    with app.app_context():
        from feedback.models import Attachment, CommentFlag
        article = make_article(title="Giá điện tăng")
        make_comment(article, text="Lần trước.", status=CommentStatus.APPROVED, email="doc@example.com")
        comment = make_comment(article, text="Lần này.", email="doc@example.com")
        db.session.add(CommentFlag(comment_id=comment.id, code="banned_word", detail="từ bị cấm"))
        db.session.add(Attachment(comment_id=comment.id, storage_key="k", thumbnail_key="k-nho", original_name="hoa-don.png",
                                  content_type="image/png", size=10, sha256="0" * 64))
        db.session.commit()
    html = editor_client.get("/kiem-duyet/").get_data(as_text=True)
    assert "Đã gửi 1 bình luận trước, 1 được duyệt" in html
    assert "Từ cấm: từ bị cấm" in html
    assert 'class="thumb"' in html and "hoa-don.png" in html and "Giá điện tăng" in html


def test_spam_and_return_to_queue_from_the_panel(app, editor_client):
    (comment_id,) = make_pending(app, "Mua hàng giá rẻ tại đây!")
    response = editor_client.post(f"/kiem-duyet/binh-luan/{comment_id}/spam",
                                  data={"version": 1, "next": "/kiem-duyet/?q=mua"})
    assert response.status_code == 303 and response.headers["Location"] == "/kiem-duyet/?q=mua"
    assert status_of(app, comment_id) == CommentStatus.SPAM
    response = editor_client.post(f"/kiem-duyet/binh-luan/{comment_id}/dua-ve-hang-cho",
                                  data={"version": 2, "reason": ""})
    assert response.status_code == 422 and "Vui lòng nêu lý do đưa về hàng chờ" in response.get_data(as_text=True)
    response = editor_client.post(f"/kiem-duyet/binh-luan/{comment_id}/dua-ve-hang-cho",
                                  data={"version": 2, "reason": "Đánh dấu nhầm", "next": "https://evil.example/"})
    assert response.status_code == 303 and response.headers["Location"] == "/kiem-duyet/"
    assert status_of(app, comment_id) == CommentStatus.PENDING


def test_unpublishing_takes_an_approved_comment_off_the_article(app, client, editor_client):
    (comment_id,) = make_pending(app, "Bài viết rất hay, cảm ơn tác giả.", slug="tin-hay")
    editor_client.post(f"/kiem-duyet/binh-luan/{comment_id}/duyet", data={"version": 1})
    assert "cảm ơn tác giả" in client.get("/bai-viet/tin-hay").get_data(as_text=True)
    response = editor_client.post(f"/kiem-duyet/binh-luan/{comment_id}/dua-ve-hang-cho",
                                  data={"version": 2, "reason": "Người trong ảnh yêu cầu gỡ"})
    assert response.status_code == 303
    assert "cảm ơn tác giả" not in client.get("/bai-viet/tin-hay").get_data(as_text=True)
    page = editor_client.get(f"/kiem-duyet/binh-luan/{comment_id}").get_data(as_text=True)
    assert "gỡ và đưa về hàng chờ" in page and "Người trong ảnh yêu cầu gỡ" in page


def test_bulk_reject_with_one_stale_item_reports_it_and_decides_the_rest(app, auth, client):
    ids = make_pending(app, "Một.", "Hai.", "Ba.")
    with app.app_context():
        other = make_editor(email="nhanh@example.com", name="Biên tập Nhanh")
        moderation.approve_comment(ids[1], other.id, version=1)
        db.session.commit()
    auth.create()
    auth.login()
    response = client.post("/kiem-duyet/hang-loat", data={
        "items": [f"{i}:1" for i in ids], "action": "reject", "reason_code": "off_topic", "next": "/kiem-duyet/"})
    assert response.status_code == 303
    assert [status_of(app, i) for i in ids] == [CommentStatus.REJECTED, CommentStatus.APPROVED,
                                                CommentStatus.REJECTED]
    html = client.get("/kiem-duyet/").get_data(as_text=True)
    assert f"Đã xử lý 2 bình luận: #{ids[0]}, #{ids[2]}." in html
    assert f"#{ids[1]}: Biên tập Nhanh đã duyệt lúc" in html


def test_bulk_reject_without_a_reason_decides_nothing(app, editor_client):
    ids = make_pending(app, "Một.", "Hai.")
    editor_client.post("/kiem-duyet/hang-loat", data={"items": [f"{i}:1" for i in ids], "action": "reject"})
    assert [status_of(app, i) for i in ids] == [CommentStatus.PENDING] * 2
    assert "Vui lòng chọn lý do từ chối." in editor_client.get("/kiem-duyet/").get_data(as_text=True)


def test_bulk_form_needs_its_csrf_token(app, editor_client, csrf_enabled):
    ids = make_pending(app, "Một.")
    editor_client.post("/kiem-duyet/hang-loat", data={"items": [f"{ids[0]}:1"], "action": "approve"})
    assert status_of(app, ids[0]) == CommentStatus.PENDING
    token = csrf_token_from(editor_client.get("/kiem-duyet/").get_data(as_text=True))
    editor_client.post("/kiem-duyet/hang-loat", data={"items": [f"{ids[0]}:1"], "action": "approve",
                                                      "csrf_token": token})
    assert status_of(app, ids[0]) == CommentStatus.APPROVED


def test_two_editors_in_two_sessions_never_both_win_and_the_loser_keeps_the_edit(app):
    (comment_id,) = make_pending(app, "Giá cả leo thang quá mức chịu đựng.")
    first, second = app.test_client(), app.test_client()
    from ..conftest import AuthActions
    AuthActions(app, first).create("hoa@example.com", name="Biên tập Hoa")
    AuthActions(app, second).create("nam@example.com", name="Biên tập Nam")
    AuthActions(app, first).login("hoa@example.com")
    AuthActions(app, second).login("nam@example.com")
    assert 'name="version" type="hidden" value="1"' in first.get(f"/kiem-duyet/binh-luan/{comment_id}").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in second.get(f"/kiem-duyet/binh-luan/{comment_id}").get_data(as_text=True)

    assert first.post(f"/kiem-duyet/binh-luan/{comment_id}/tu-choi",
                      data={"version": 1, "reason_code": "extreme"}).status_code == 303
    edit = "Giá cả leo thang, vượt sức chịu đựng của người dân."
    response = second.post(f"/kiem-duyet/binh-luan/{comment_id}/duyet", data={"version": 1, "body": edit})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Biên tập Hoa đã từ chối lúc" in html and "(phiên bản 2)" in html
    assert html.count(edit) >= 1 and 'id="noi-dung-da-nhap"' in html
    with app.app_context():
        comment = db.session.get(Comment, comment_id)
        assert comment.status == CommentStatus.REJECTED and comment.text != edit
        assert len(db.session.scalars(select(AuditEntry)).all()) == 1


def test_comment_page_shows_the_word_diff_of_an_edit_escaped(app, editor_client):
    (comment_id,) = make_pending(app, "Ý kiến hay <b>quá</b>.")
    editor_client.post(f"/kiem-duyet/binh-luan/{comment_id}/duyet",
                       data={"version": 1, "body": "Ý kiến rất hay <script>alert(1)</script>."})
    html = editor_client.get(f"/kiem-duyet/binh-luan/{comment_id}").get_data(as_text=True)
    assert "Ý kiến<ins> rất</ins> hay &lt;<del>b</del><ins>script</ins>&gt;<del>quá</del><ins>alert(1)</ins>" in html
    assert "<script>alert(1)" not in html


def test_queue_page_costs_the_same_queries_for_2_or_20_comments(app, editor_client):
    from sqlalchemy import event

    def queries_for(count: int) -> int:
        make_pending(app, *[f"Bình luận số {n}." for n in range(count)])
        statements = []
        with app.app_context():
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
            try:
                assert editor_client.get("/kiem-duyet/").status_code == 200
            finally:
                event.remove(db.engine, "before_cursor_execute", listener)
            db.session.execute(db.text("DELETE FROM comments"))
            db.session.commit()
        return len(statements)

    assert queries_for(2) == queries_for(20)
