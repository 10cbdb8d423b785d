"""Admin pages for word lists and the blocklist, and the flags editors see in the queue."""
import pytest
from sqlalchemy import event, select

from feedback import abuse
from feedback.extensions import db
from feedback.models import BlockedSender, CommentFlag, CommentStatus, WordListKind

from ..conftest import csrf_token_from
from ..factories import make_article, make_comment

ADMIN_ROUTES = [
    ("get", "/kiem-duyet/quan-tri/tu-khoa"),
    ("post", "/kiem-duyet/quan-tri/tu-khoa/banned"),
    ("get", "/kiem-duyet/quan-tri/chan"),
    ("post", "/kiem-duyet/quan-tri/chan"),
    ("post", "/kiem-duyet/quan-tri/chan/1/xoa"),
]


@pytest.fixture
def admin_client(auth, client):
    auth.create(email="admin@example.com", role="admin")
    auth.login(email="admin@example.com")
    return client


@pytest.mark.parametrize("method,path", ADMIN_ROUTES)
def test_admin_pages_need_a_login(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


@pytest.mark.parametrize("method,path", ADMIN_ROUTES)
def test_admin_pages_are_closed_to_editors(editor_client, method, path):
    assert getattr(editor_client, method)(path).status_code == 403


def test_admin_saves_a_word_list_and_sees_each_level(app, admin_client):
    response = admin_client.post("/kiem-duyet/quan-tri/tu-khoa/banned", data={"banned-words": "VCL\nlồn\n\nvcl"})
    assert response.status_code == 303
    html = admin_client.get("/kiem-duyet/quan-tri/tu-khoa").get_data(as_text=True)
    assert "<td>lồn</td><td>đúng dấu</td>" in html and "<td>vcl</td><td>bỏ dấu</td>" in html
    with app.app_context():
        assert [e.word for e in abuse.list_entries(WordListKind.BANNED)] == ["lồn", "vcl"]
        assert abuse.list_entries(WordListKind.WATCHED) == []


def test_word_list_with_a_mistake_comes_back_with_the_text_kept(app, admin_client):
    response = admin_client.post("/kiem-duyet/quan-tri/tu-khoa/watched", data={"watched-words": "ngu\n???"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "không có chữ cái nào" in html and "ngu\n???</textarea>" in html
    with app.app_context():
        assert abuse.list_entries(WordListKind.WATCHED) == []


def test_word_list_form_is_protected_by_csrf(app, admin_client, csrf_enabled):
    assert admin_client.post("/kiem-duyet/quan-tri/tu-khoa/banned", data={"banned-words": "vcl"}).status_code == 400
    token = csrf_token_from(admin_client.get("/kiem-duyet/quan-tri/tu-khoa").get_data(as_text=True))
    response = admin_client.post("/kiem-duyet/quan-tri/tu-khoa/banned",
                                 data={"banned-csrf_token": token, "banned-words": "vcl"})
    assert response.status_code == 303


def test_admin_blocks_and_unblocks_a_sender(app, admin_client):
    response = admin_client.post("/kiem-duyet/quan-tri/chan", data={"kind": "ip", "value": "198.51.100.7/24",
                                                                    "note": "Spam cá độ"})
    assert response.status_code == 303
    html = admin_client.get("/kiem-duyet/quan-tri/chan").get_data(as_text=True)
    assert "198.51.100.0/24" in html and "Spam cá độ" in html
    with app.app_context():
        block = db.session.scalars(select(BlockedSender)).one()
        assert block.created_by_id is not None
    assert admin_client.post(f"/kiem-duyet/quan-tri/chan/{block.id}/xoa").status_code == 303
    with app.app_context():
        assert db.session.scalars(select(BlockedSender)).all() == []


def test_malformed_block_comes_back_with_a_message_and_the_value(admin_client):
    response = admin_client.post("/kiem-duyet/quan-tri/chan", data={"kind": "ip", "value": "198.51.100"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Địa chỉ IP hoặc dải IP không hợp lệ" in html and 'value="198.51.100"' in html


def flagged(app):
    with app.app_context():
        article = make_article(slug="tin")
        links = make_comment(article, text="Xem tại www.vidu.vn nhé.", flags=[CommentFlag(code="links", detail="1")])
        fast = make_comment(article, text="Bình luận gửi vội.", flags=[CommentFlag(code="fast", detail="1,2"),
                                                                     CommentFlag(code="first_comment")])
        make_comment(article, text="Bình luận bình thường.")
        spam = make_comment(article, text="Hay vcl.", status=CommentStatus.SPAM,
                            flags=[CommentFlag(code="banned_word", detail="vcl")])
        db.session.commit()
        return links.id, fast.id, spam.id


def test_queue_shows_each_comments_flags(app, editor_client):
    flagged(app)
    html = editor_client.get("/kiem-duyet/").get_data(as_text=True)
    assert "Có liên kết: 1 liên kết" in html
    assert "Gửi rất nhanh: sau 1,2 giây" in html and "Lần đầu bình luận" in html
    assert "Hay vcl." not in html


def test_editors_filter_the_queue_on_a_flag(app, editor_client):
    flagged(app)
    html = editor_client.get("/kiem-duyet/?flag=fast").get_data(as_text=True)
    assert "Bình luận gửi vội." in html
    assert "Xem tại" not in html and "Bình luận bình thường." not in html


def test_spam_shows_the_matched_word_without_approve_buttons(app, editor_client):
    _, _, spam_id = flagged(app)
    html = editor_client.get("/kiem-duyet/?status=spam").get_data(as_text=True)
    assert "Hay vcl." in html and "Từ cấm: vcl" in html
    assert f"/binh-luan/{spam_id}/duyet" not in html
    detail = editor_client.get(f"/kiem-duyet/binh-luan/{spam_id}").get_data(as_text=True)
    assert "Từ cấm: vcl" in detail


def test_queue_with_flags_costs_the_same_queries_for_2_or_20_comments(app, editor_client):
    def count_queries(n: int) -> int:
        with app.app_context():
            article = make_article()
            for i in range(n):
                make_comment(article, text=f"Ý kiến {i}.", flags=[CommentFlag(code="links", detail="1"),
                                                                  CommentFlag(code="first_comment")])
            db.session.commit()
            statements = []
            listener = lambda *args: statements.append(args[2])  # noqa: E731
            event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert editor_client.get("/kiem-duyet/").status_code == 200
        finally:
            with app.app_context():
                event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    assert count_queries(2) == count_queries(18)
