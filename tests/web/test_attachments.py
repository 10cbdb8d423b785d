"""Attachments through the site: the form, the editors' queue, approval and serving."""
import io
import re
from urllib.parse import quote

import pytest
from PIL import Image
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Attachment, Comment

from ..attachments import samples
from ..factories import GOOD_TEXT, make_article

SAMPLES = {
    "jpeg": (samples.jpeg_with_gps, "Ảnh hiện trường.jpg", "image/jpeg"),
    "png": (samples.png, "ảnh.png", "image/png"),
    "webp": (samples.webp, "ảnh.webp", "image/webp"),
    "gif": (samples.gif, "ảnh.gif", "image/gif"),
    "heic": (samples.heic, "IMG_0001.HEIC", "image/jpeg"),
    "pdf": (samples.pdf, "Đơn kiến nghị.pdf", "application/pdf"),
}


def form_data(**overrides):
    data = {"author_name": "Lê Văn Cường", "email": "cuong@example.com", "body": GOOD_TEXT}
    data.update(overrides)
    return data


@pytest.fixture
def article(app):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()


def post_file(client, data: bytes, name: str, **fields):
    return client.post("/bai-viet/tin", **samples.multipart(form_data(**fields, attachment=(data, name))))


def only_attachment(app) -> tuple[int, int, str, str | None]:
    with app.app_context():
        attachment = db.session.scalars(select(Attachment)).one()
        return attachment.id, attachment.comment_id, attachment.content_type, attachment.thumbnail_key


def approve(app, client, comment_id: int, *, publish: bool):
    with app.app_context():
        version = db.session.get(Comment, comment_id).version
    data = {"version": version, **({"publish_attachments": "y"} if publish else {})}
    response = client.post(f"/kiem-duyet/binh-luan/{comment_id}/duyet", data=data)
    assert response.status_code == 303


@pytest.mark.parametrize("kind", SAMPLES)
def test_reader_sends_every_allowed_type_through_the_form(app, client, article, kind):
    make, name, stored_type = SAMPLES[kind]
    response = post_file(client, make(), name)
    assert response.status_code == 303
    _, _, content_type, thumbnail_key = only_attachment(app)
    assert content_type == stored_type
    assert (thumbnail_key is not None) == stored_type.startswith("image/")


def test_disguised_file_comes_back_with_the_text_intact(app, client, article):
    response = post_file(client, samples.SVG_AS_IMAGE, "anh.png")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Loại file này không được chấp nhận" in html and GOOD_TEXT in html


SAME_ORIGIN = {"Origin": "http://localhost"}


def test_oversized_form_keeps_text_when_csrf_is_on(app, client, article, csrf_enabled, monkeypatch):
    monkeypatch.setitem(app.config, "FORM_OVERHEAD_BYTES", 4000)
    big = b"%PDF" + b"x" * (10 * 1024 * 1024 + 4000)
    body = samples.multipart(form_data(attachment=(big, "to.pdf")))
    response = client.post("/bai-viet/tin", headers=SAME_ORIGIN, **body)
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "vượt quá giới hạn 10 MB" in html and GOOD_TEXT in html and "Lê Văn Cường" in html
    # From another site: refused, and still the reader's text comes back rather than a bare error.
    forged = client.post("/bai-viet/tin", headers={"Origin": "https://trang-gia.example"},
                         **samples.multipart(form_data(attachment=(big, "to.pdf"))))
    assert forged.status_code == 403 and GOOD_TEXT in forged.get_data(as_text=True)


def test_form_without_file_still_posts_with_csrf_on(app, client, article, csrf_enabled):
    response = client.post("/bai-viet/tin", data=form_data(), headers=SAME_ORIGIN)
    assert response.status_code == 303


def test_article_form_offers_the_rules_to_the_browser(app, client):
    with app.app_context():
        make_article(slug="nhieu", max_attachments=2, max_attachment_bytes=2 * 1024 * 1024)
        make_article(slug="khong", max_attachments=0)
        db.session.commit()
    html = client.get("/bai-viet/nhieu").get_data(as_text=True)
    assert 'data-max-bytes="2097152"' in html and 'data-max-files="2"' in html and "multiple" in html
    assert "image/heic" in html and ".heic" in html and "js/attachments.js" in html
    assert "Tối đa 2 file, mỗi file không quá 2 MB" in html
    assert 'name="attachment"' not in client.get("/bai-viet/khong").get_data(as_text=True)


def test_unpublished_attachment_is_404_to_readers_and_served_to_editors(app, client, article, auth):
    post_file(client, samples.png(), "ảnh.png")
    attachment_id, _, _, _ = only_attachment(app)
    assert client.get(f"/tep/{attachment_id}", buffered=True).status_code == 404
    anonymous = client.get(f"/kiem-duyet/tep/{attachment_id}", buffered=True)
    assert anonymous.status_code == 302 and "/dang-nhap" in anonymous.headers["Location"]
    assert client.get(f"/kiem-duyet/tep/{attachment_id}/anh-nho", buffered=True).status_code == 302
    auth.create()
    auth.login()
    assert client.get(f"/kiem-duyet/tep/{attachment_id}", buffered=True).status_code == 200
    assert client.get(f"/tep/{attachment_id}", buffered=True).status_code == 404  # the public address stays closed until approval


def test_queue_shows_thumbnail_name_type_size_and_a_publish_box(app, client, article, auth):
    post_file(client, samples.png((800, 600)), "Ảnh ngập đường.png")
    attachment_id, _, _, _ = only_attachment(app)
    auth.create()
    auth.login()
    html = client.get("/kiem-duyet/").get_data(as_text=True)
    assert f"/kiem-duyet/tep/{attachment_id}/anh-nho" in html
    assert "Ảnh ngập đường.png" in html and "ảnh PNG" in html and re.search(r"\d+ KB", html)
    assert 'name="publish_attachments"' in html and "checked" in html
    thumbnail = client.get(f"/kiem-duyet/tep/{attachment_id}/anh-nho", buffered=True)
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    assert max(Image.open(io.BytesIO(thumbnail.data)).size) <= 320


def test_unticked_box_approves_the_comment_but_keeps_the_file_private(app, client, article, auth):
    post_file(client, samples.png(), "ảnh.png")
    attachment_id, comment_id, _, _ = only_attachment(app)
    auth.create()
    auth.login()
    approve(app, client, comment_id, publish=False)
    auth.logout()
    assert GOOD_TEXT in client.get("/bai-viet/tin").get_data(as_text=True)
    assert f"/tep/{attachment_id}" not in client.get("/bai-viet/tin").get_data(as_text=True)
    assert client.get(f"/tep/{attachment_id}", buffered=True).status_code == 404


def test_published_image_shows_inline_and_pdf_as_a_download_link(app, client, auth):
    with app.app_context():
        make_article(slug="tin", max_attachments=2)
        db.session.commit()
    data = form_data(attachment=[(samples.png(), "ảnh.png"), (samples.pdf(), "đơn.pdf")])
    assert client.post("/bai-viet/tin", **samples.multipart(data)).status_code == 303
    with app.app_context():
        image, document = db.session.scalars(select(Attachment).order_by(Attachment.id)).all()
        comment_id = image.comment_id
    auth.create()
    auth.login()
    approve(app, client, comment_id, publish=True)
    auth.logout()
    html = client.get("/bai-viet/tin").get_data(as_text=True)
    assert f'<img src="/tep/{image.id}"' in html
    assert re.search(rf'<a href="/tep/{document.id}" download>[^<]*đơn\.pdf</a>', html)
    assert client.get(f"/tep/{image.id}", buffered=True).status_code == 200


def assert_safe_headers(response, *, inline: bool, filename: str):
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    csp = response.headers["Content-Security-Policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "script-src" not in csp
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline;" if inline else "attachment;")
    assert "filename*=UTF-8''" + filename in disposition
    assert response.mimetype not in {"text/html", "image/svg+xml", "application/javascript", "text/javascript"}


@pytest.mark.parametrize("kind", SAMPLES)
def test_every_served_file_carries_the_safety_headers(app, client, article, auth, kind):
    make, name, stored_type = SAMPLES[kind]
    post_file(client, make(), name)
    attachment_id, comment_id, _, thumbnail_key = only_attachment(app)
    with app.app_context():
        shown_name = db.session.get(Attachment, attachment_id).original_name
    encoded, inline = quote(shown_name, safe=""), stored_type != "application/pdf"
    auth.create()
    auth.login()
    assert_safe_headers(client.get(f"/kiem-duyet/tep/{attachment_id}", buffered=True), inline=inline, filename=encoded)
    if thumbnail_key:
        # A thumbnail is a JPEG whatever the photo was, and its name says so.
        thumbnail_name = quote(shown_name.rpartition(".")[0] + ".jpg", safe="")
        assert_safe_headers(client.get(f"/kiem-duyet/tep/{attachment_id}/anh-nho", buffered=True), inline=True,
                            filename=thumbnail_name)
    approve(app, client, comment_id, publish=True)
    auth.logout()
    public = client.get(f"/tep/{attachment_id}", buffered=True)
    assert_safe_headers(public, inline=inline, filename=encoded)
    assert public.mimetype == stored_type


@pytest.mark.parametrize("sent_name", [
    "../../static/css/site.css.pdf",
    "Biên bản họp tổ dân phố số 7 phường Láng Hạ về việc khắc phục ngập úng kéo dài " * 5 + ".pdf",
])
def test_reader_file_name_is_shown_but_never_used_as_a_path(app, client, article, auth, sent_name):
    assert post_file(client, samples.pdf(), sent_name).status_code == 303
    attachment_id, _, _, _ = only_attachment(app)
    with app.app_context():
        attachment = db.session.get(Attachment, attachment_id)
        shown, key = attachment.original_name, attachment.storage_key
    assert "/" not in shown and len(shown) <= 255 and shown.endswith(".pdf")
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}", key)
    assert [f.name for f in app.extensions["feedback.storage"].stored()] == [key]
    auth.create()
    auth.login()
    response = client.get(f"/kiem-duyet/tep/{attachment_id}", buffered=True)
    assert response.headers["Content-Disposition"].endswith("filename*=UTF-8''" + quote(shown, safe=""))
    assert response.data == samples.pdf()


@pytest.mark.parametrize("sent_name", ["bao-cao.html", "bao-cao.hta", "bao-cao.bat", "bao-cao.exe", "bao-cao.js"])
def test_html_behind_a_pdf_header_is_refused_with_the_text_kept(app, client, article, sent_name):
    response = post_file(client, samples.HTML_AS_PDF, sent_name)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "không phải PDF thật" in html and GOOD_TEXT in html


def test_a_document_always_downloads_under_its_types_extension(app, client, article, auth):
    post_file(client, samples.pdf(), "bao-cao.html")
    attachment_id, comment_id, _, _ = only_attachment(app)
    with app.app_context():
        assert db.session.get(Attachment, attachment_id).original_name == "bao-cao.pdf"
        # A row stored before this rule, under the reader's own name:
        db.session.get(Attachment, attachment_id).original_name = "bao-cao.html"
        db.session.commit()
    auth.create()
    auth.login()
    response = client.get(f"/kiem-duyet/tep/{attachment_id}", buffered=True)
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        "attachment; filename=\"bao-cao.pdf\"; filename*=UTF-8''bao-cao.pdf"


def test_a_published_file_is_cached_only_briefly_so_an_unpublish_takes_effect(app, client, article, auth):
    post_file(client, samples.png(), "anh.png")
    attachment_id, comment_id, _, _ = only_attachment(app)
    auth.create()
    auth.login()
    approve(app, client, comment_id, publish=True)
    auth.logout()
    cache = client.get(f"/tep/{attachment_id}", buffered=True).cache_control
    assert cache.public and cache.max_age == 5 and cache.s_maxage <= 10
