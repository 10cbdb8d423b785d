import re

import pytest
from sqlalchemy import select

from feedback import editors
from feedback.extensions import db
from feedback.models import Article, Editor, RejectReason

from ..conftest import PASSWORD
from ..factories import make_article

ADMIN_ROUTES = [
    ("get", "/quan-tri/bien-tap-vien"),
    ("post", "/quan-tri/bien-tap-vien"),
    ("get", "/quan-tri/bien-tap-vien/{editor}"),
    ("post", "/quan-tri/bien-tap-vien/{editor}"),
    ("post", "/quan-tri/bien-tap-vien/{editor}/mat-khau"),
    ("post", "/quan-tri/bien-tap-vien/{editor}/thu-hoi-ma"),
    ("get", "/quan-tri/bai-viet"),
    ("get", "/quan-tri/bai-viet/moi"),
    ("post", "/quan-tri/bai-viet/moi"),
    ("get", "/quan-tri/bai-viet/{article}"),
    ("post", "/quan-tri/bai-viet/{article}"),
    ("get", "/quan-tri/ly-do-tu-choi"),
    ("post", "/quan-tri/ly-do-tu-choi"),
    ("post", "/quan-tri/ly-do-tu-choi/{reason}"),
]


@pytest.fixture
def ids(app, auth):
    editor = auth.create("bientap@example.com")
    with app.app_context():
        article = make_article(slug="tin")
        reason = db.session.scalars(select(RejectReason)).first()
        db.session.commit()
        return {"editor": editor, "article": article.id, "reason": reason.id}


@pytest.fixture
def admin(auth):
    auth.create("quantri@example.com", role="admin", name="Quản trị")
    auth.login("quantri@example.com")


@pytest.mark.parametrize("method,path", ADMIN_ROUTES)
def test_admin_routes_send_visitors_to_login(client, ids, method, path):
    response = getattr(client, method)(path.format(**ids))
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


@pytest.mark.parametrize("method,path", ADMIN_ROUTES)
def test_admin_routes_refuse_editors(auth, client, ids, method, path):
    auth.login("bientap@example.com")
    assert getattr(client, method)(path.format(**ids)).status_code == 403


@pytest.mark.parametrize("path", [p for m, p in ADMIN_ROUTES if m == "get"])
def test_admin_pages_open_for_admins(client, ids, admin, path):
    assert client.get(path.format(**ids)).status_code == 200


@pytest.mark.parametrize("password", [" " * 12, "aaaaaaaaaaaa", "matkhau123", "x" * 2000])
def test_admin_cannot_give_a_weak_password(client, admin, auth, password):
    other = auth.create("cu@example.com")
    for path in ("/quan-tri/bien-tap-vien", f"/quan-tri/bien-tap-vien/{other}/mat-khau"):
        data = {"email": "moi@example.com", "role": "editor", "password": password, "confirm": password}
        response = client.post(path, data=data)
        assert response.status_code == 422 and "Mật khẩu" in response.get_data(as_text=True)


def test_admin_creates_an_editor_who_can_log_in(app, client, admin, auth):
    response = client.post("/quan-tri/bien-tap-vien", data={"email": "Moi@Example.com", "name": "Người mới",
                                                            "role": "editor", "password": "ngan"})
    assert response.status_code == 422 and "Mật khẩu phải có ít nhất 10 ký tự" in response.get_data(as_text=True)
    response = client.post("/quan-tri/bien-tap-vien", data={"email": "Moi@Example.com", "name": "Người mới",
                                                            "role": "editor", "password": PASSWORD})
    assert response.status_code == 303
    auth.logout()
    assert auth.login("moi@example.com").status_code == 302


def test_disabling_an_editor_locks_out_their_open_session_and_token(app, ids, admin):
    victim_client = app.test_client()
    victim_client.post("/dang-nhap", data={"email": "bientap@example.com", "password": PASSWORD})
    assert victim_client.get("/kiem-duyet/").status_code == 200
    with app.app_context():
        token = editors.issue_token(ids["editor"])
        db.session.commit()
    admin_client = app.test_client()
    admin_client.post("/dang-nhap", data={"email": "quantri@example.com", "password": PASSWORD})
    response = admin_client.post(f"/quan-tri/bien-tap-vien/{ids['editor']}", data={"name": "Đã nghỉ", "role": "editor"})
    assert response.status_code == 303
    assert victim_client.get("/kiem-duyet/").status_code == 302
    api = victim_client.get("/api/moderation/queue", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    with app.app_context():
        assert db.session.get(Editor, ids["editor"]).active is False


def test_admin_changes_a_role_but_not_their_own(app, client, ids, admin):
    assert client.post(f"/quan-tri/bien-tap-vien/{ids['editor']}",
                       data={"name": "Lên quản trị", "role": "admin", "active": "y"}).status_code == 303
    with app.app_context():
        me = db.session.scalar(select(Editor).where(Editor.email == "quantri@example.com"))
        assert db.session.get(Editor, ids["editor"]).is_admin
    response = client.post(f"/quan-tri/bien-tap-vien/{me.id}", data={"name": "", "role": "editor", "active": "y"})
    assert response.status_code == 422 and "không thể tự hạ quyền" in response.get_data(as_text=True)


def test_admin_resets_a_password_and_ends_the_editors_sessions(app, ids, admin, client):
    victim = app.test_client()
    victim.post("/dang-nhap", data={"email": "bientap@example.com", "password": PASSWORD})
    response = client.post(f"/quan-tri/bien-tap-vien/{ids['editor']}/mat-khau",
                           data={"password": "mat-khau-moi-dai", "confirm": "khac-han-roi"})
    assert response.status_code == 422 and "Hai mật khẩu không giống nhau" in response.get_data(as_text=True)
    response = client.post(f"/quan-tri/bien-tap-vien/{ids['editor']}/mat-khau",
                           data={"password": "mat-khau-moi-dai", "confirm": "mat-khau-moi-dai"})
    assert response.status_code == 303
    assert victim.get("/kiem-duyet/").status_code == 302
    assert victim.post("/dang-nhap", data={"email": "bientap@example.com", "password": "mat-khau-moi-dai"}
                       ).status_code == 302


def test_admin_creates_and_edits_an_article_with_its_comment_rules(app, client, admin):
    data = {"title": "Khánh thành  cầu Bến Lội", "lead": "Cây cầu mới.", "body_html": "<p>Nội dung</p><script>x</script>",
            "author": "Phóng viên", "image_url": "javascript:alert(1)", "comments_open": "y", "require_diacritics": "y",
            "max_attachment_mb": "5", "max_attachments": "2", "allowed_attachment_types": ["image/png", "application/pdf"],
            "notice": "Vui lòng bình luận văn minh."}
    response = client.post("/quan-tri/bai-viet/moi", data=data)
    assert response.status_code == 422 and "Địa chỉ ảnh phải bắt đầu bằng" in response.get_data(as_text=True)
    response = client.post("/quan-tri/bai-viet/moi", data={**data, "image_url": "/static/img/demo/cau-ben-loi.svg"})
    assert response.status_code == 303
    with app.app_context():
        article = db.session.scalars(select(Article)).one()
        assert (article.slug, article.title, article.max_attachment_bytes, article.max_attachments) == (
            "khanh-thanh-cau-ben-loi", "Khánh thành cầu Bến Lội", 5 * 1024 * 1024, 2)
        assert article.allowed_attachment_types == ["image/png", "application/pdf"]
        assert "<script>" not in article.body_html and article.notice == "Vui lòng bình luận văn minh."
        article_id = article.id
    response = client.post(f"/quan-tri/bai-viet/{article_id}", data={**data, "image_url": "", "comments_open": "",
                                                                      "max_attachment_mb": "50"})
    assert response.status_code == 422 and "Giới hạn file phải từ" in response.get_data(as_text=True)
    response = client.post(f"/quan-tri/bai-viet/{article_id}", data={**data, "image_url": "", "max_attachments": "9"})
    assert response.status_code == 422 and "Số file mỗi bình luận phải từ 0 đến 3" in response.get_data(as_text=True)
    response = client.post(f"/quan-tri/bai-viet/{article_id}", data={**data, "image_url": "", "comments_open": ""})
    assert response.status_code == 303
    public = client.get("/bai-viet/khanh-thanh-cau-ben-loi").get_data(as_text=True)
    assert "Bài viết này đã đóng bình luận." in public


def test_two_articles_cannot_share_a_slug(app, client, admin):
    with app.app_context():
        make_article(slug="trung")
        db.session.commit()
    response = client.post("/quan-tri/bai-viet/moi", data={"title": "Khác", "slug": "trung", "max_attachment_mb": "1"})
    assert response.status_code == 422 and "đã được bài khác dùng" in response.get_data(as_text=True)


def test_admin_maintains_the_reject_reasons_editors_see(app, client, admin):
    response = client.post("/quan-tri/ly-do-tu-choi", data={"moi-code": "trung_lap", "moi-label": "Trùng lặp"})
    assert response.status_code == 303
    with app.app_context():
        spam = db.session.scalar(select(RejectReason).where(RejectReason.code == "spam"))
    client.post(f"/quan-tri/ly-do-tu-choi/{spam.id}", data={f"ld{spam.id}-label": "Quảng cáo",
                                                           f"ld{spam.id}-position": "3"})
    with app.app_context():
        make_article()
        from ..factories import make_comment
        make_comment(db.session.scalars(select(Article)).first())
        db.session.commit()
    queue = client.get("/kiem-duyet/").get_data(as_text=True)
    assert '<option value="trung_lap">Trùng lặp</option>' in queue
    assert "Quảng cáo" not in queue  # retired: the active box was left unticked


def test_admin_revokes_an_editors_api_tokens_with_one_button(app, client, ids, admin):
    with app.app_context():
        tokens = [editors.issue_token(ids["editor"]) for _ in range(2)]
        db.session.commit()
    page = client.get(f"/quan-tri/bien-tap-vien/{ids['editor']}").get_data(as_text=True)
    assert "2 mã truy cập API còn hiệu lực" in page and "Thu hồi mọi mã truy cập API" in page
    assert page.count("Thu hồi mọi mã truy cập API") == 1  # one button, in the page body, not in its title
    assert re.search(r"<title>bientap@example.com – Quản trị[^<]*</title>", page)
    response = client.post(f"/quan-tri/bien-tap-vien/{ids['editor']}/thu-hoi-ma")
    assert response.status_code == 303
    api = app.test_client()
    assert [api.get("/api/moderation/counts", headers={"Authorization": f"Bearer {t}"}).status_code
            for t in tokens] == [401, 401]
    assert "Đã thu hồi 2 mã truy cập API" in client.get(response.headers["Location"]).get_data(as_text=True)
