import io
from itertools import count

from PIL import Image
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import DEFAULT_MAX_ATTACHMENT_BYTES, Attachment, Comment, CommentStatus

from ..attachments import samples
from ..factories import GOOD_TEXT, make_article, make_comment


def payload(**overrides):
    data = {"author_name": "Võ Minh Đức", "email": "duc@example.com", "body": GOOD_TEXT}
    data.update(overrides)
    return data


def test_articles_list_and_detail_include_rules_and_only_approved_comments(app, client):
    with app.app_context():
        article = make_article(slug="tin", max_attachment_bytes=2_000_000)
        make_comment(article, text="Đã duyệt rồi.", status=CommentStatus.APPROVED, email="an@example.com")
        make_comment(article, text="Chưa duyệt.")
        db.session.commit()
    listing = client.get("/api/articles").get_json()
    assert [a["slug"] for a in listing["articles"]] == ["tin"]
    assert listing["articles"][0]["comment_count"] == 1
    detail = client.get("/api/articles/tin").get_json()
    assert detail["rules"]["max_attachment_bytes"] == 2_000_000
    assert detail["rules"]["require_diacritics"] is True
    assert [c["html"] for c in detail["comments"]] == ["<p>Đã duyệt rồi.</p>"]
    assert "email" not in detail["comments"][0] and "an@example.com" not in str(detail)


def test_json_comment_is_accepted_as_pending(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    response = client.post("/api/articles/tin/comments", json=payload())
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "pending"
    with app.app_context():
        assert db.session.get(Comment, body["id"]).text == GOOD_TEXT


def test_multipart_comment_with_attachment_is_accepted(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    data = {**payload(), "attachment": (io.BytesIO(samples.pdf()), "thư.pdf")}
    response = client.post("/api/articles/tin/comments", data=data, content_type="multipart/form-data")
    assert response.status_code == 202


def test_invalid_comment_gets_422_with_a_code_per_field(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    response = client.post("/api/articles/tin/comments", json=payload(author_name="", email="x@", body="a" * 4000))
    assert response.status_code == 422
    errors = {e["field"]: e["code"] for e in response.get_json()["errors"]}
    assert errors == {"author_name": "required", "email": "invalid_email", "body": "too_long"}
    assert all(e["message"] for e in response.get_json()["errors"])


def test_diacritics_codes_are_returned(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    toneless = client.post("/api/articles/tin/comments", json=payload(body="Cam on bai viet, toi thay rat dung"))
    assert toneless.get_json()["errors"][0]["code"] == "missing_diacritics"
    foreign = client.post("/api/articles/tin/comments",
                          json=payload(body="I think the government should fix these roads before the rainy season."))
    assert foreign.get_json()["errors"][0]["code"] in {"not_vietnamese", "missing_diacritics"}


def test_attachment_codes_are_returned(app, client):
    with app.app_context():
        make_article(slug="tin", max_attachment_bytes=100)
        db.session.commit()
    big = {**payload(), "attachment": (io.BytesIO(b"%PDF" + b"x" * 200), "a.pdf")}
    response = client.post("/api/articles/tin/comments", data=big, content_type="multipart/form-data")
    assert response.get_json()["errors"][0]["code"] == "attachment_too_large"
    svg = {**payload(), "attachment": (io.BytesIO(b"<svg onload='alert(1)'/>"), "a.png")}
    response = client.post("/api/articles/tin/comments", data=svg, content_type="multipart/form-data")
    assert response.get_json()["errors"][0]["code"] == "attachment_type_not_allowed"


def test_request_over_the_cap_gets_413_json(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "FORM_OVERHEAD_BYTES", 500)
    with app.app_context():
        make_article(slug="tin", max_attachment_bytes=500)
        db.session.commit()
    data = {**payload(), "attachment": (io.BytesIO(b"%PDF" + b"x" * 5000), "a.pdf")}
    response = client.post("/api/articles/tin/comments", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.get_json()["errors"][0]["code"] == "attachment_too_large"


def test_unknown_article_is_404_and_closed_is_403(app, client):
    with app.app_context():
        make_article(slug="dong", comments_open=False)
        db.session.commit()
    assert client.post("/api/articles/khong-co/comments", json=payload()).status_code == 404
    closed = client.post("/api/articles/dong/comments", json=payload())
    assert closed.status_code == 403
    assert closed.get_json()["errors"][0]["code"] == "comments_closed"
    with app.app_context():
        assert db.session.scalars(select(Comment)).all() == []


def test_non_string_fields_are_refused_cleanly(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    response = client.post("/api/articles/tin/comments", json=payload(body=["danh", "sách"]))
    assert response.status_code == 422
    assert client.post("/api/articles/tin/comments", data="{", content_type="application/json").status_code == 422


_sends = count(1)


def post_multipart(client, fields: dict):
    """Each send carries its own text, so the duplicate check does not answer before the attachment checks."""
    text = f"{GOOD_TEXT} Lần gửi thứ {next(_sends)}."
    return client.post("/api/articles/tin/comments", **samples.multipart({**payload(body=text), **fields}))


def test_default_limit_holds_exactly_ten_mebibytes(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    assert DEFAULT_MAX_ATTACHMENT_BYTES == 10_485_760
    exact = samples.pdf(DEFAULT_MAX_ATTACHMENT_BYTES)
    response = post_multipart(client, {"attachment": (exact, "vua-du.pdf")})
    assert response.status_code == 202
    one_more = samples.pdf(DEFAULT_MAX_ATTACHMENT_BYTES + 1)
    response = post_multipart(client, {"attachment": (one_more, "thua-mot-byte.pdf")})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [{"field": "attachment", "code": "attachment_too_large",
                                              "message": "File đính kèm vượt quá giới hạn 10 MB của bài viết này."}]
    with app.app_context():
        (attachment,) = db.session.scalars(select(Attachment)).all()
        assert attachment.size == DEFAULT_MAX_ATTACHMENT_BYTES


def test_article_with_a_smaller_limit_refuses_what_the_default_would_take(app, client):
    with app.app_context():
        make_article(slug="tin", max_attachment_bytes=102_400)
        db.session.commit()
    assert post_multipart(client, {"attachment": (samples.pdf(102_400), "a.pdf")}).status_code == 202
    response = post_multipart(client, {"attachment": (samples.pdf(102_401), "a.pdf")})
    assert response.get_json()["errors"][0]["code"] == "attachment_too_large"
    assert "100 KB" in response.get_json()["errors"][0]["message"]


def test_body_over_the_article_cap_is_413_json_before_reading_it(app, client):
    with app.app_context():
        make_article(slug="tin", max_attachment_bytes=100_000)
        db.session.commit()
    response = post_multipart(client, {"attachment": (samples.pdf(600_000), "a.pdf")})
    assert response.status_code == 413
    assert response.get_json()["errors"][0] == {"field": "attachment", "code": "attachment_too_large",
                                                "message": response.get_json()["errors"][0]["message"]}
    with app.app_context():
        assert db.session.scalars(select(Comment)).all() == []


def test_gps_is_gone_from_the_stored_photo(app, client):
    with app.app_context():
        make_article(slug="tin")
        db.session.commit()
    assert post_multipart(client, {"attachment": (samples.jpeg_with_gps(), "nha-toi.jpg")}).status_code == 202
    with app.app_context():
        attachment = db.session.scalars(select(Attachment)).one()
    with app.extensions["feedback.storage"].open(attachment.storage_key) as stored:
        image = Image.open(stored)
        assert not image.getexif() and "exif" not in image.info and "comment" not in image.info


def test_several_files_when_the_article_allows_them(app, client):
    with app.app_context():
        make_article(slug="tin", max_attachments=2)
        db.session.commit()
    two = [(samples.png(), "a.png"), (samples.pdf(), "b.pdf")]
    assert post_multipart(client, {"attachment": two}).status_code == 202
    three = [*two, (samples.gif(), "c.gif")]
    response = post_multipart(client, {"attachment": three})
    assert response.status_code == 422 and response.get_json()["errors"][0]["code"] == "attachment_too_many"
    with app.app_context():
        assert len(db.session.scalars(select(Attachment)).all()) == 2
    assert client.get("/api/articles/tin").get_json()["rules"]["max_attachments"] == 2


def test_json_answers_carry_vietnamese_as_utf8(app, client):
    with app.app_context():
        make_article(slug="tin", title="Đường ngập")
        db.session.commit()
    response = client.get("/api/articles/tin")
    assert response.mimetype == "application/json"
    assert '"title": "Đường ngập"' in response.get_data(as_text=True).replace('":"', '": "')
