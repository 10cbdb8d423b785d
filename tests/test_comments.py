import io
import unicodedata

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from feedback import comments
from feedback.attachments import Upload
from feedback.comments import CommentDraft, TextLimits
from feedback.errors import CommentRejected, CommentsClosed
from feedback.extensions import db
from feedback.models import Attachment, CommentStatus

from .attachments import samples
from .factories import GOOD_TEXT, make_article

LIMITS = TextLimits(max_length=500, name_max_length=40)


def submit(app, article, text=GOOD_TEXT, name="Trần Thị Bình", email="", attachment=None):
    draft = CommentDraft(name, email, text, (attachment,) if attachment else ())
    return comments.submit_comment(article.id, draft, limits=LIMITS, storage=app.extensions["feedback.storage"],
                                   ip="203.0.113.5")


def codes(exc_info) -> dict[str, str]:
    return {e.field: e.code for e in exc_info.value.errors}


def test_submitted_comment_is_pending_with_original_kept(app, app_ctx):
    article = make_article()
    raw = unicodedata.normalize("NFD", "  Tôi đồng ý   với bài viết này, cảm ơn tác giả!  ")
    comment = submit(app, article, text=raw)
    assert comment.status == CommentStatus.PENDING
    assert comment.original_text == raw
    assert comment.text == "Tôi đồng ý với bài viết này, cảm ơn tác giả!"
    assert unicodedata.is_normalized("NFC", comment.text)
    assert comment.version == 1


def test_every_broken_field_is_reported_at_once(app, app_ctx):
    article = make_article()
    with pytest.raises(CommentRejected) as exc_info:
        submit(app, article, text="   ", name="", email="khong-phai-email")
    assert codes(exc_info) == {"author_name": "required", "email": "invalid_email", "body": "required"}


def test_too_long_comment_is_refused(app, app_ctx):
    with pytest.raises(CommentRejected) as exc_info:
        submit(app, make_article(), text="Bình luận dài quá. " * 40)
    assert codes(exc_info) == {"body": "too_long"}


def test_toneless_comment_is_refused_with_hint(app, app_ctx):
    with pytest.raises(CommentRejected) as exc_info:
        submit(app, make_article(), text="Toi thay bai viet nay rat hay, cam on tac gia nhieu lam")
    error = exc_info.value.errors[0]
    assert (error.field, error.code) == ("body", "missing_diacritics")
    assert "dấu" in error.message


def test_foreign_language_comment_is_refused(app, app_ctx):
    with pytest.raises(CommentRejected) as exc_info:
        submit(app, make_article(), text="This article is very interesting and I agree with the author completely.")
    assert exc_info.value.errors[0].code in {"not_vietnamese", "missing_diacritics"}


def test_toneless_comment_passes_when_the_article_does_not_require_diacritics(app, app_ctx):
    comment = submit(app, make_article(require_diacritics=False), text="Toi thay bai viet nay rat hay")
    assert comment.text == "Toi thay bai viet nay rat hay"


def test_closed_article_refuses_comments(app, app_ctx):
    with pytest.raises(CommentsClosed):
        submit(app, make_article(comments_open=False))


def test_script_is_neutralized_and_links_marked_as_user_content(app, app_ctx):
    text = 'Xem thêm tại https://example.com nhé <script>alert("x")</script> <a href="javascript:alert(1)">bấm</a>'
    comment = submit(app, make_article(), text=text)
    assert "<script" not in comment.html and "javascript:" not in comment.html
    assert 'rel="nofollow ugc noopener"' in comment.html
    assert comment.original_text == text


def test_attachment_over_the_article_limit_is_refused(app, app_ctx):
    article = make_article(max_attachment_bytes=1000)
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 1000
    with pytest.raises(CommentRejected) as exc_info:
        submit(app, article, attachment=Upload("anh.png", io.BytesIO(png)))
    assert codes(exc_info) == {"attachment": "attachment_too_large"}


def test_attachment_type_comes_from_content_not_name(app, app_ctx):
    with pytest.raises(CommentRejected) as exc_info:
        submit(app, make_article(), attachment=Upload("anh.jpg", io.BytesIO(b"<html><script>x</script></html>")))
    assert codes(exc_info) == {"attachment": "attachment_type_not_allowed"}


def test_pdf_attachment_is_stored_with_size_and_hash(app, app_ctx):
    pdf = samples.pdf(300)
    comment = submit(app, make_article(), attachment=Upload("Đơn kiến nghị.pdf", io.BytesIO(pdf)))
    (attachment,) = db.session.scalars(select(Attachment).where(Attachment.comment_id == comment.id))
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(pdf)
    assert attachment.original_name == "Đơn kiến nghị.pdf"
    assert not attachment.published
    with app.extensions["feedback.storage"].open(attachment.storage_key) as stored:
        assert stored.read() == pdf


def stored_and_staged(app) -> tuple[list, list]:
    storage = app.extensions["feedback.storage"]
    return [f.name for f in storage.stored()], [f.name for f in storage.staged()]


def attachment_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


def test_database_failure_after_the_file_was_written_leaves_no_orphan(app, app_ctx, monkeypatch):
    article = make_article()
    db.session.commit()
    in_place_at_commit = []

    def commit_fails():
        in_place_at_commit.extend(stored_and_staged(app)[0])
        raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(db.session, "commit", commit_fails)
    with pytest.raises(OperationalError):
        submit(app, article, attachment=Upload("duong-ngap.jpg", io.BytesIO(samples.jpeg_with_gps())))
    monkeypatch.undo()
    assert len(in_place_at_commit) == 2  # the picture and its thumbnail were in place when the database failed
    assert stored_and_staged(app) == ([], [])
    assert attachment_rows() == 0


def test_failed_insert_leaves_no_file(app, app_ctx, monkeypatch):
    article = make_article()
    db.session.commit()

    def flush_fails():
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    monkeypatch.setattr(db.session, "flush", flush_fails)
    with pytest.raises(IntegrityError):
        submit(app, article, attachment=Upload("don.pdf", io.BytesIO(samples.pdf())))
    monkeypatch.undo()
    assert stored_and_staged(app) == ([], [])


def test_comment_and_its_picture_are_stored_with_a_thumbnail(app, app_ctx):
    comment = submit(app, make_article(), attachment=Upload("ảnh.png", io.BytesIO(samples.png())))
    (attachment,) = db.session.scalars(select(Attachment).where(Attachment.comment_id == comment.id))
    stored, staged = stored_and_staged(app)
    assert sorted(stored) == sorted([attachment.storage_key, attachment.thumbnail_key]) and staged == []
    assert attachment.content_type == "image/png" and attachment.original_name == "ảnh.png"


def test_more_files_than_the_article_allows_are_refused(app, app_ctx):
    article = make_article()
    draft = CommentDraft("Trần Thị Bình", "", GOOD_TEXT, (Upload("a.pdf", io.BytesIO(samples.pdf())),
                                                          Upload("b.pdf", io.BytesIO(samples.pdf()))))
    with pytest.raises(CommentRejected) as exc_info:
        comments.submit_comment(article.id, draft, limits=LIMITS, storage=app.extensions["feedback.storage"])
    assert codes(exc_info) == {"attachment": "attachment_too_many"}
    assert stored_and_staged(app) == ([], [])


def test_article_may_allow_several_files_and_one_bad_file_keeps_none(app, app_ctx):
    article = make_article(max_attachments=2)
    storage = app.extensions["feedback.storage"]
    two = (Upload("a.pdf", io.BytesIO(samples.pdf())), Upload("b.jpg", io.BytesIO(samples.jpeg())))
    comments.submit_comment(article.id, CommentDraft("An", "", GOOD_TEXT, two), limits=LIMITS, storage=storage)
    assert attachment_rows() == 2 and len(stored_and_staged(app)[0]) == 3  # two files and the photo's thumbnail
    bad = (Upload("a.pdf", io.BytesIO(samples.pdf())), Upload("b.jpg", io.BytesIO(samples.HTML_AS_IMAGE)))
    with pytest.raises(CommentRejected):
        comments.submit_comment(article.id, CommentDraft("An", "", GOOD_TEXT, bad), limits=LIMITS, storage=storage)
    assert attachment_rows() == 2 and len(stored_and_staged(app)[0]) == 3 and stored_and_staged(app)[1] == []
