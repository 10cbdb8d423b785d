from datetime import timedelta

import pytest
from sqlalchemy import select

from feedback import comments
from feedback.abuse import AbusePolicy, BotSignals
from feedback.comments import CommentDraft, TextLimits
from feedback.errors import CommentRejected
from feedback.extensions import db
from feedback.models import CommentFlag, CommentStatus, utcnow

from ..factories import GOOD_TEXT, make_article, make_block, make_comment, make_words

LIMITS = TextLimits(max_length=3000, name_max_length=80)
SLOW = BotSignals(honeypot="", form_age=60.0)


def submit(app, article, text=GOOD_TEXT, *, name="Trần Thị Bình", email="binh@example.com", ip="203.0.113.5",
           signals=SLOW, policy=None):
    draft = CommentDraft(name, email, text)
    return comments.submit_comment(article.id, draft, limits=LIMITS, storage=app.extensions["feedback.storage"],
                                   ip=ip, signals=signals, policy=policy)


def flags_of(comment) -> dict[str, str | None]:
    rows = db.session.scalars(select(CommentFlag).where(CommentFlag.comment_id == comment.id))
    return {flag.code: flag.detail for flag in rows}


def test_filled_honeypot_stores_the_comment_as_spam(app, app_ctx):
    comment = submit(app, make_article(), signals=BotSignals(honeypot="http://spam.example", form_age=60.0))
    assert comment.status == CommentStatus.SPAM
    assert flags_of(comment) == {"honeypot": None}


def test_form_sent_within_seconds_of_being_shown_is_flagged_fast(app, app_ctx):
    comment = submit(app, make_article(), signals=BotSignals(form_age=1.2))
    assert comment.status == CommentStatus.PENDING
    assert flags_of(comment)["fast"] == "1,2"


def test_minimum_time_is_a_setting(app, app_ctx):
    comment = submit(app, make_article(), signals=BotSignals(form_age=8.0), policy=AbusePolicy(min_form_seconds=10))
    assert "fast" in flags_of(comment)


def test_form_sent_after_reading_has_no_timing_flag(app, app_ctx):
    comment = submit(app, make_article(), signals=BotSignals(form_age=45.0))
    assert "fast" not in flags_of(comment) and "timing_unverified" not in flags_of(comment)


def test_missing_or_forged_form_time_is_flagged_not_dropped(app, app_ctx):
    comment = submit(app, make_article(), signals=BotSignals(form_age=None))
    assert comment.status == CommentStatus.PENDING
    assert "timing_unverified" in flags_of(comment) and "fast" not in flags_of(comment)


def test_api_submission_has_no_form_traps_to_flag(app, app_ctx):
    comment = submit(app, make_article(), signals=None)
    assert "fast" not in flags_of(comment) and "timing_unverified" not in flags_of(comment)


def test_same_text_from_same_sender_on_same_article_is_refused_politely(app, app_ctx):
    article = make_article()
    submit(app, article, text="Tôi ủng hộ phương án mở rộng con đường này.")
    with pytest.raises(CommentRejected) as exc_info:
        submit(app, article, text="  tôi ủng hộ phương án mở rộng con đường NÀY!!  ")
    (error,) = exc_info.value.errors
    assert (error.field, error.code) == ("body", "duplicate")
    assert "đã nhận được" in error.message


def test_same_text_without_email_is_matched_by_name_and_address(app, app_ctx):
    article = make_article()
    submit(app, article, email="")
    with pytest.raises(CommentRejected):
        submit(app, article, email="")
    assert submit(app, article, email="", ip="198.51.100.9").status == CommentStatus.PENDING


def test_same_text_is_accepted_after_the_window_or_from_someone_else(app, app_ctx):
    article = make_article()
    old = submit(app, article)
    old.created_at = utcnow() - timedelta(minutes=61)
    db.session.commit()
    assert submit(app, article).status == CommentStatus.PENDING
    assert submit(app, article, name="Lê Văn Cường", email="cuong@example.com").status == CommentStatus.PENDING


def test_same_text_on_many_articles_is_flagged_duplicate(app, app_ctx):
    text = "Mời cả nhà ghé xem bài phân tích chi tiết hơn ở trang của tôi."
    first = submit(app, make_article(), text=text, email="a@example.com")
    second = submit(app, make_article(), text=text, email="b@example.com", ip="198.51.100.2")
    third = submit(app, make_article(), text=text.upper(), email="c@example.com", ip="198.51.100.3")
    assert "duplicate" not in flags_of(first) and "duplicate" not in flags_of(second)
    assert flags_of(third)["duplicate"] == "3"


def test_short_courtesies_repeated_across_articles_are_not_flagged(app, app_ctx):
    for n in range(3):
        comment = submit(app, make_article(), text="Bài viết hay, cảm ơn.", email=f"ban{n}@example.com", ip=f"198.51.100.{n}")
    assert "duplicate" not in flags_of(comment)


def test_banned_word_sends_the_comment_to_spam_with_the_word(app, app_ctx):
    make_words("banned", "lồn", "vcl")
    comment = submit(app, make_article(), text="Bài viết này đúng là l.ồ.n, tác giả viết gì vậy?")
    assert comment.status == CommentStatus.SPAM
    assert flags_of(comment) == {"banned_word": "lồn"}


def test_watched_word_flags_the_comment_for_a_closer_look(app, app_ctx):
    make_words("watched", "ngu", "óc chó")
    comment = submit(app, make_article(), text="Chính sách này thật N G U, óc chó mới nghĩ ra được.")
    assert comment.status == CommentStatus.PENDING
    assert flags_of(comment)["watched_word"] == "ngu, óc chó"


def test_links_are_flagged_with_their_count(app, app_ctx):
    comment = submit(app, make_article(), text="Xem thêm tại https://vidu.vn/tin và www.nhacai.top, rất hay.")
    assert flags_of(comment)["links"] == "2"
    assert "links" not in flags_of(submit(app, make_article(), text="Giá xăng tăng 1.000 đồng, TP.HCM chịu ảnh hưởng."))


def test_a_sender_is_known_whatever_the_case_of_their_address(app, app_ctx):
    submit(app, make_article(), email="Binh.Tran@Example.com")
    again = submit(app, make_article(), text=GOOD_TEXT + " Lần nữa.", email="binh.tran@example.com")
    assert "first_comment" not in flags_of(again)


def test_first_comment_from_a_sender_is_flagged_once(app, app_ctx):
    article = make_article()
    first = submit(app, article)
    second = submit(app, article, text="Tôi bổ sung thêm: cần làm rõ nguồn vốn của dự án.")
    assert "first_comment" in flags_of(first)
    assert "first_comment" not in flags_of(second)


def test_many_comments_from_one_address_in_a_short_time_are_flagged(app, app_ctx):
    article = make_article()
    for n in range(4):
        make_comment(article, text=f"Ý kiến số {n} về vấn đề này.", ip_address="198.51.100.77", created_at=utcnow())
    make_comment(article, text="Ý kiến cũ.", ip_address="198.51.100.78", created_at=utcnow())
    comment = submit(app, article, ip="198.51.100.77")
    assert flags_of(comment)["ip_burst"] == "5"
    quiet = submit(app, article, ip="198.51.100.78", email="khac@example.com")
    assert "ip_burst" not in flags_of(quiet)


@pytest.mark.parametrize("kind,value,sender", [
    ("email", "Spam@Example.com", {"email": "spam@example.com"}),
    ("email", "@rac.example", {"email": "ai.do@rac.example"}),
    ("name", "Nguyễn  Văn   RÁC", {"name": "nguyễn văn rác"}),
    ("ip", "198.51.100.0/24", {"ip": "198.51.100.200"}),
    ("ip", "2001:db8::/32", {"ip": "2001:db8::1"}),
])
def test_blocked_sender_goes_to_spam(app, app_ctx, kind, value, sender):
    make_block(kind, value)
    comment = submit(app, make_article(), **sender)
    assert comment.status == CommentStatus.SPAM
    assert flags_of(comment)["blocked"].startswith(kind)


def test_sender_outside_every_block_is_not_caught(app, app_ctx):
    make_block("ip", "198.51.100.0/24")
    make_block("email", "@rac.example")
    assert submit(app, make_article(), ip="203.0.113.5").status == CommentStatus.PENDING


def test_checks_run_in_order_and_stop_at_the_first_that_decides(app, app_ctx):
    make_block("email", "binh@example.com")
    make_words("banned", "vcl")
    comment = submit(app, make_article(), text="vcl thật", signals=BotSignals(honeypot="x", form_age=60.0))
    assert flags_of(comment) == {"honeypot": None}
    comment = submit(app, make_article(), text="vcl luôn")
    assert flags_of(comment) == {"blocked": "email: binh@example.com"}
