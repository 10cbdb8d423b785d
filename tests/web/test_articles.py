import io
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select

from feedback.extensions import db
from feedback.models import Comment, CommentStatus

from ..factories import GOOD_TEXT, make_article, make_comment


def form_data(**overrides):
    data = {"author_name": "Lê Văn Cường", "email": "cuong@example.com", "body": GOOD_TEXT}
    data.update(overrides)
    return data


def test_home_lists_newest_articles_first_and_paginates(app, client):
    with app.app_context():
        for day in range(1, 13):
            make_article(title=f"Tin ngày {day:02d}", published_at=datetime(2026, 11, day, 8))
        db.session.commit()
    first = client.get("/").get_data(as_text=True)
    assert first.index("Tin ngày 12") < first.index("Tin ngày 11")
    assert "Tin ngày 02" not in first and "Trang sau" in first
    second = client.get("/?trang=2").get_data(as_text=True)
    assert "Tin ngày 02" in second and "Tin ngày 12" not in second


def test_article_page_shows_body_time_rules_notice_and_form(app, client):
    with app.app_context():
        make_article(slug="dong-song", title="Dòng sông", published_at=datetime(2014, 12, 8, 1, 30, 26),
                     updated_at=datetime(2014, 12, 8, 1, 30, 26), body_html="<p>Nội dung chính.</p>")
        db.session.commit()
    html = client.get("/bai-viet/dong-song").get_data(as_text=True)
    assert "Cập nhật: <time" in html and "08-12-2014 | 08:30:26" in html
    assert "Nội dung chính." in html
    assert "Tòa soạn biên tập bình luận" in html and "Vui lòng gõ tiếng Việt có dấu" in html
    assert 'name="body"' in html and 'maxlength="3000"' in html
    assert "facebook.com/sharer" in html


def test_only_approved_comments_are_public_oldest_first_without_email(app, client):
    with app.app_context():
        article = make_article(slug="tin")
        make_comment(article, text="Ý kiến thứ nhất đã được duyệt.", status=CommentStatus.APPROVED,
                     created_at=datetime(2026, 1, 1), email="bimat@example.com", ip_address="198.51.100.7")
        make_comment(article, text="Ý kiến thứ hai đã được duyệt.", status=CommentStatus.APPROVED,
                     created_at=datetime(2026, 1, 2))
        make_comment(article, text="Ý kiến đang chờ duyệt.", status=CommentStatus.PENDING)
        make_comment(article, text="Ý kiến bị từ chối.", status=CommentStatus.REJECTED)
        db.session.commit()
    html = client.get("/bai-viet/tin").get_data(as_text=True)
    assert html.index("Ý kiến thứ nhất") < html.index("Ý kiến thứ hai")
    assert "đang chờ duyệt" not in html and "bị từ chối" not in html
    assert "bimat@example.com" not in html and "198.51.100.7" not in html
    assert "Ý kiến bạn đọc <span class=\"comments__count\">(2)</span>" in html


def test_posting_redirects_to_the_waiting_page(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    response = client.post("/bai-viet/tin", data=form_data())
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/bai-viet/tin/da-gui")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "đang chờ biên tập viên duyệt" in page
    with app.app_context():
        (comment,) = db.session.scalars(select(Comment)).all()
        assert comment.status == CommentStatus.PENDING and comment.ip_address == "127.0.0.1"
    assert GOOD_TEXT not in client.get("/bai-viet/tin").get_data(as_text=True)


def test_rejected_form_keeps_every_field_and_says_what_to_fix(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    toneless = "Toi thay bai viet nay rat hay, cam on tac gia nhieu lam"
    response = client.post("/bai-viet/tin", data=form_data(body=toneless, email="sai@@"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert toneless in html and "Lê Văn Cường" in html and "sai@@" in html
    assert "Địa chỉ email không hợp lệ" in html and "dấu" in html
    assert 'aria-invalid="true"' in html and 'role="alert"' in html


@pytest.mark.parametrize("headers", [
    {"Origin": "https://trang-gia.example"},
    {"Referer": "https://trang-gia.example/bai-lua.html"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://trang-gia.example"},
    {"Origin": "null"},
    {},
], ids=["origin", "referer", "fetch-metadata", "opaque-origin", "no-origin"])
def test_cross_site_form_post_is_refused_with_the_text_kept(app, client, csrf_enabled, headers):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    response = client.post("/bai-viet/tin", data=form_data(), headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Không xác minh được biểu mẫu" in html and GOOD_TEXT in html and "Lê Văn Cường" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


@pytest.mark.parametrize("headers", [
    {"Origin": "http://localhost"},
    {"Referer": "http://localhost/bai-viet/tin"},
    {"Sec-Fetch-Site": "same-origin"},
    {"Origin": "https://localhost"},  # TLS ended at a proxy: the host is what counts
], ids=["origin", "referer", "fetch-metadata", "behind-tls-proxy"])
def test_form_posted_from_our_own_page_is_taken(app, client, csrf_enabled, headers):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    assert client.post("/bai-viet/tin", data=form_data(), headers=headers).status_code == 303


def test_closed_article_shows_no_form_and_refuses_posts(app, client):
    with app.app_context():
        make_article(slug="dong", comments_open=False)
        db.session.commit()
    html = client.get("/bai-viet/dong").get_data(as_text=True)
    assert 'name="body"' not in html and "đã đóng bình luận" in html
    assert client.post("/bai-viet/dong", data=form_data()).status_code == 403


def test_attachment_over_article_limit_comes_back_with_text_intact(app, client):
    with app.app_context():
        make_article(slug="tin", max_attachment_bytes=2048)
        db.session.commit()
    data = form_data(attachment=(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 4096), "ảnh ngập.png"))
    response = client.post("/bai-viet/tin", data=data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "vượt quá giới hạn 2 KB" in html and GOOD_TEXT in html


def test_request_over_the_article_cap_gets_a_friendly_413_page_with_the_text_kept(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "FORM_OVERHEAD_BYTES", 4000)
    with app.app_context():
        make_article(slug="tin", max_attachment_bytes=1000)
        db.session.commit()
    data = form_data(attachment=(io.BytesIO(b"%PDF" + b"x" * 20_000), "to.pdf"))
    response = client.post("/bai-viet/tin", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "vượt quá giới hạn 1 KB" in html and 'id="attachment-error"' in html
    assert GOOD_TEXT in html and "Lê Văn Cường" in html and "cuong@example.com" in html
    with app.app_context():
        assert db.session.scalars(select(Comment)).all() == []


def test_unknown_article_is_404_page(client):
    response = client.get("/bai-viet/khong-co")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)


def test_security_headers_are_on_every_page(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert "frame-ancestors 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_healthz_answers_when_the_database_does(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "database": "up"}


def test_telex_typed_without_input_method_is_offered_corrected_and_never_rewritten_silently(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    raw = "Vieejt Nam laf quee huwowng cuar toio"
    response = client.post("/bai-viet/tin", data=form_data(body=raw))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert raw in html and "Việt Nam là quê hương của tôi" in html and "Dùng văn bản đã sửa" in html
    accepted = client.post("/bai-viet/tin", data=form_data(body=raw, use_suggestion="1",
                                                         suggestion="Việt Nam là quê hương của tôi"))
    page = accepted.get_data(as_text=True)
    assert accepted.status_code == 200
    assert re.search(r'name="body"[^>]*>\s*Việt Nam là quê hương của tôi</textarea>', page)
    assert "kiểm tra lại rồi bấm Gửi" in page
    with app.app_context():
        assert db.session.scalars(select(Comment)).all() == []


def test_static_urls_carry_a_content_version_and_are_cached_long(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    html = client.get("/bai-viet/tin").get_data(as_text=True)
    css_url = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = client.get(css_url)
    assert response.status_code == 200
    assert response.cache_control.max_age == 365 * 24 * 3600
    response.close()


def test_form_posted_from_the_public_address_is_taken_whatever_host_the_proxy_sends(app, client, csrf_enabled,
                                                                                    monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://bandoc.bao.example")
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    posted = client.post("/bai-viet/tin", data=form_data(), headers={"Origin": "https://bandoc.bao.example"},
                         base_url="http://app-noi-bo:8001")
    assert posted.status_code == 303
    forged = client.post("/bai-viet/tin", data=form_data(body=GOOD_TEXT + " Lần hai."),
                         headers={"Origin": "https://trang-gia.example"}, base_url="http://app-noi-bo:8001")
    assert forged.status_code == 403
