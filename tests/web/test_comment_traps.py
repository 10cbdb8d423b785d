"""The comment form's bot traps and abuse checks, seen from the reader's side: caught or not, the answer is the same."""
import re
import time

from sqlalchemy import select

from feedback import abuse
from feedback.extensions import db
from feedback.models import Comment, CommentFlag, CommentStatus

from ..factories import GOOD_TEXT, make_article, make_block, make_words


def form_data(**overrides):
    data = {"author_name": "Lê Văn Cường", "email": "cuong@example.com", "body": GOOD_TEXT, "website": ""}
    data.update(overrides)
    return data


def shown_token(html: str) -> str:
    match = re.search(r'name="started" type="hidden" value="([^"]+)"', html)
    assert match, "form has no signed time"
    return match.group(1)


def token_shown_seconds_ago(app, seconds: float) -> str:
    return abuse.issue_form_token(app.secret_key, now=time.time() - seconds)


def stored(app) -> list[tuple[CommentStatus, set[str]]]:
    with app.app_context():
        rows = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        flags = db.session.scalars(select(CommentFlag)).all()
        return [(c.status, {f.code for f in flags if f.comment_id == c.id}) for c in rows]


def article(app, slug="tin"):
    with app.app_context():
        make_article(slug=slug)
        db.session.commit()


def fetched_token(client) -> str:
    """What the page's script puts into the form: the page itself is shared by every reader and carries none."""
    response = client.get("/bai-viet/tin/thoi-diem-mo-form")
    assert response.headers["Cache-Control"] == "private, no-store" and "Set-Cookie" not in response.headers
    return response.get_json()["started"]


def test_form_carries_a_hidden_honeypot_and_its_script_fetches_a_signed_time(app, client):
    article(app)
    html = client.get("/bai-viet/tin").get_data(as_text=True)
    assert re.search(r'<div class="field-trap" aria-hidden="true">.*?name="website"[^>]*tabindex="-1"', html, re.S)
    assert re.search(r'<input id="started" name="started" type="hidden" value="">', html)
    assert 'data-form-time="/bai-viet/tin/thoi-diem-mo-form"' in html
    assert abuse.form_age(fetched_token(client), app.secret_key) < 5


def test_honeypot_submission_is_answered_like_a_real_one_and_kept_as_spam(app, client):
    article(app)
    real = client.post("/bai-viet/tin", data=form_data(started=token_shown_seconds_ago(app, 30)))
    bot = client.post("/bai-viet/tin", data=form_data(author_name="Bot", email="bot@example.com",
                                                      started=token_shown_seconds_ago(app, 30),
                                                      website="http://re-nhat.example"))
    assert (bot.status_code, re.sub(r"ma=\d+", "", bot.headers["Location"])) == \
        (real.status_code, re.sub(r"ma=\d+", "", real.headers["Location"]))
    assert stored(app)[1] == (CommentStatus.SPAM, {"honeypot"})


def test_posting_right_after_the_form_is_shown_is_flagged_fast(app, client):
    article(app)
    token = fetched_token(client)
    assert client.post("/bai-viet/tin", data=form_data(started=token)).status_code == 303
    assert stored(app) == [(CommentStatus.PENDING, {"fast", "first_comment"})]


def test_posting_after_reading_carries_no_timing_flag(app, client):
    article(app)
    client.post("/bai-viet/tin", data=form_data(started=token_shown_seconds_ago(app, 40)))
    assert stored(app) == [(CommentStatus.PENDING, {"first_comment"})]


def test_forged_or_missing_time_is_flagged_and_the_comment_still_waits(app, client):
    article(app)
    client.post("/bai-viet/tin", data=form_data(started="form.AAAAAA.khong-phai-chu-ky"))
    client.post("/bai-viet/tin", data=form_data(body="Một ý kiến khác hẳn, về chuyện giao thông giờ cao điểm."))
    assert [flags for _, flags in stored(app)] == [{"timing_unverified", "first_comment"}, {"timing_unverified"}]


def test_timestamp_survives_a_refused_form(app, client):
    article(app)
    old = token_shown_seconds_ago(app, 120)
    page = client.post("/bai-viet/tin", data=form_data(body="", started=old)).get_data(as_text=True)
    assert shown_token(page) == old


def test_repeated_comment_is_refused_politely_with_the_text_kept(app, client):
    article(app)
    client.post("/bai-viet/tin", data=form_data())
    again = client.post("/bai-viet/tin", data=form_data())
    html = again.get_data(as_text=True)
    assert again.status_code == 422
    assert "Bạn vừa gửi bình luận này cho bài viết rồi" in html and GOOD_TEXT in html
    assert len(stored(app)) == 1


def test_blocked_sender_is_told_the_comment_was_received(app, client):
    article(app)
    with app.app_context():
        make_block("email", "@rac.example")
        db.session.commit()
    response = client.post("/bai-viet/tin", data=form_data(email="ai@rac.example"))
    assert response.status_code == 303 and "/bai-viet/tin/da-gui" in response.headers["Location"]
    assert stored(app) == [(CommentStatus.SPAM, {"blocked"})]


def test_api_answers_spam_exactly_like_a_real_comment(app, client):
    article(app)
    with app.app_context():
        make_words("banned", "vcl")
        db.session.commit()
    real = client.post("/api/articles/tin/comments", json={"author_name": "An", "body": GOOD_TEXT})
    spam = client.post("/api/articles/tin/comments", json={"author_name": "An", "body": "Hay vcl, tác giả viết chuẩn."})
    assert spam.status_code == real.status_code == 202
    assert spam.get_json().keys() == real.get_json().keys()
    assert spam.get_json()["status"] == real.get_json()["status"] == "pending"
    assert [status for status, _ in stored(app)] == [CommentStatus.PENDING, CommentStatus.SPAM]
