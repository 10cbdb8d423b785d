from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, text

from feedback import moderation
from feedback.extensions import db
from feedback.models import Attachment, Comment, CommentFlag, CommentStatus
from feedback.queue import AuthorHistory, QueueFilter, QueueTab, author_histories, queue_page, tab_counts

from .factories import make_article, make_comment, make_editor

T0 = datetime(2026, 11, 20, 8, 0)


def ids(filters: QueueFilter = QueueFilter(), **kwargs) -> list[int]:
    return [c.id for c in queue_page(filters, limit=50, **kwargs).items]


@contextmanager
def counted_queries():
    statements = []

    def _count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", _count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", _count)


def test_pending_is_oldest_first_and_decided_tabs_newest_decided_first(app, app_ctx):
    article = make_article()
    late = make_comment(article, created_at=T0 + timedelta(hours=2))
    early = make_comment(article, created_at=T0)
    approved_long_ago = make_comment(article, status=CommentStatus.APPROVED, created_at=T0,
                                     decided_at=T0 + timedelta(hours=1))
    approved_just_now = make_comment(article, status=CommentStatus.APPROVED, created_at=T0 - timedelta(days=3),
                                     decided_at=T0 + timedelta(hours=5))
    rejected = make_comment(article, status=CommentStatus.REJECTED)
    spam = make_comment(article, status=CommentStatus.SPAM)
    assert ids() == [early.id, late.id]
    assert ids(QueueFilter(tab=QueueTab.APPROVED)) == [approved_just_now.id, approved_long_ago.id]
    assert ids(QueueFilter(tab=QueueTab.REJECTED)) == [rejected.id]
    assert ids(QueueFilter(tab=QueueTab.SPAM)) == [spam.id]


def test_tab_counts_include_flagged_pending(app, app_ctx):
    article = make_article()
    flagged = make_comment(article)
    make_comment(article)
    make_comment(article, status=CommentStatus.APPROVED)
    db.session.add(CommentFlag(comment_id=flagged.id, code="banned_word", detail="từ cấm"))
    db.session.flush()
    assert tab_counts() == {QueueTab.PENDING: 2, QueueTab.FLAGGED: 1, QueueTab.APPROVED: 1, QueueTab.REJECTED: 0,
                            QueueTab.SPAM: 0}
    assert ids(QueueFilter(tab=QueueTab.FLAGGED)) == [flagged.id]
    assert tab_counts(cap=1) == {QueueTab.PENDING: 2, QueueTab.FLAGGED: 1, QueueTab.APPROVED: 1,
                                 QueueTab.REJECTED: 0, QueueTab.SPAM: 0}


@pytest.mark.parametrize("query", ["viet nam", "VIỆT NAM", "Viêt nam", "việt   nam", "dien bien phu"])
def test_search_ignores_diacritics_case_and_spacing(app, app_ctx, query):
    article = make_article()
    hit = make_comment(article, text="Tự hào Việt Nam, tự hào Điện Biên Phủ!")
    make_comment(article, text="Một bình luận khác hẳn.")
    assert ids(QueueFilter(q=query)) == [hit.id]


def test_search_treats_like_wildcards_as_text(app, app_ctx):
    article = make_article()
    percent = make_comment(article, text="Lãi suất tăng 100% so với năm ngoái.")
    make_comment(article, text="Lãi suất tăng 100 lần.")
    assert ids(QueueFilter(q="100%")) == [percent.id]
    assert ids(QueueFilter(q="_")) == []


def test_search_follows_the_edited_text(app, app_ctx):
    comment = make_comment(make_article(), text="Đường xấu quá.")
    moderation.approve_comment(comment.id, make_editor().id, version=1, text="Đường xuống cấp nghiêm trọng.")
    assert ids(QueueFilter(tab=QueueTab.APPROVED, q="xuong cap")) == [comment.id]
    assert ids(QueueFilter(tab=QueueTab.APPROVED, q="xau qua")) == []


def test_filters_by_article_author_dates_attachment_and_flag(app, app_ctx):
    bridge, flood = make_article(slug="cau"), make_article(slug="ngap")
    on_bridge = make_comment(bridge, author_name="Trần Thị Bích", email="bich@example.com", created_at=T0)
    on_flood = make_comment(flood, author_name="Lê Văn Cường", email=None, created_at=T0 + timedelta(days=2))
    db.session.add(Attachment(comment_id=on_flood.id, storage_key="k", original_name="anh.jpg",
                              content_type="image/jpeg", size=3, sha256="0" * 64))
    db.session.add(CommentFlag(comment_id=on_bridge.id, code="links"))
    db.session.flush()
    assert ids(QueueFilter(article="cau")) == [on_bridge.id]
    assert ids(QueueFilter(article="khong-co")) == []
    assert ids(QueueFilter(author="tran thi bich")) == [on_bridge.id]
    assert ids(QueueFilter(author="BICH@example")) == [on_bridge.id]
    assert ids(QueueFilter(author="cuong")) == [on_flood.id]
    assert ids(QueueFilter(submitted_from=T0 + timedelta(days=1))) == [on_flood.id]
    assert ids(QueueFilter(submitted_until=T0 + timedelta(days=1))) == [on_bridge.id]
    assert ids(QueueFilter(has_attachment=True)) == [on_flood.id]
    assert ids(QueueFilter(has_attachment=False)) == [on_bridge.id]
    assert ids(QueueFilter(flag="links")) == [on_bridge.id]
    assert ids(QueueFilter(flag="other")) == []


@pytest.mark.parametrize("tab,status", [(QueueTab.PENDING, CommentStatus.PENDING),
                                        (QueueTab.APPROVED, CommentStatus.APPROVED)])
def test_cursor_walks_a_tab_without_gaps_or_repeats(app, app_ctx, tab, status):
    article = make_article()
    # Equal times on purpose: the id breaks the tie.
    made = [make_comment(article, status=status, created_at=T0 + timedelta(minutes=n // 2),
                         decided_at=T0 + timedelta(hours=1, minutes=n // 2)).id for n in range(7)]
    seen, cursor = [], None
    while True:
        page = queue_page(QueueFilter(tab=tab), limit=3, cursor=cursor)
        seen += [c.id for c in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == (made if tab == QueueTab.PENDING else made[::-1])


def test_author_history_counts_earlier_comments_by_the_same_author(app, app_ctx):
    article = make_article()
    make_comment(article, author_name="Phạm Minh", email="minh@example.com", status=CommentStatus.APPROVED,
                 created_at=T0)
    make_comment(article, author_name="Pham Minh", email="MINH@example.com", status=CommentStatus.REJECTED,
                 created_at=T0 + timedelta(hours=1))
    make_comment(article, author_name="Phạm Minh", email="khac@example.com", created_at=T0 + timedelta(hours=1))
    latest = make_comment(article, author_name="Phạm Minh", email="minh@example.com", created_at=T0 + timedelta(hours=2))
    first = make_comment(article, author_name="Người mới", created_at=T0 + timedelta(hours=3))
    histories = author_histories([latest, first])
    assert histories == {latest.id: AuthorHistory(earlier=2, approved=1), first.id: AuthorHistory(0, 0)}


def test_a_page_costs_the_same_queries_for_two_or_twenty_comments(app, app_ctx):
    def queries_for(count: int) -> int:
        article = make_article()
        for n in range(count):
            comment = make_comment(article, author_name=f"Bạn đọc {n}", created_at=T0 + timedelta(minutes=n))
            db.session.add(Attachment(comment_id=comment.id, storage_key=f"k{count}-{n}", original_name="a.png",
                                      content_type="image/png", size=1, sha256="0" * 64))
            db.session.add(CommentFlag(comment_id=comment.id, code="links"))
        db.session.commit()
        with counted_queries() as statements:
            page = queue_page(QueueFilter(), limit=50)
            for item in page.items:  # what the template reads
                _ = (item.article.title, [a.id for a in item.attachments], [f.code for f in item.flags])
        db.session.execute(text("DELETE FROM attachments"))
        db.session.execute(text("DELETE FROM comment_flags"))
        db.session.execute(text("DELETE FROM comments"))
        db.session.commit()
        return len(statements)

    assert queries_for(2) == queries_for(20)


def test_text_search_has_a_trigram_index_on_postgresql_only(app, app_ctx):
    """PostgreSQL answers LIKE '%...%' from a trigram index; SQLite, without one, scans the same folded column."""
    indexes = {ix["name"] for ix in db.inspect(db.engine).get_indexes("comments")}
    if db.engine.dialect.name != "postgresql":
        assert "ix_comments_search_key_trgm" not in indexes
        return
    assert {"ix_comments_search_key_trgm", "ix_comments_author_key_trgm"} <= indexes
    query = db.select(Comment.id).where(Comment.search_key.contains("viet nam", autoescape=True))
    compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
    db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(db.session.scalars(text(f"EXPLAIN {compiled}")))
    assert "ix_comments_search_key_trgm" in plan


def test_comments_the_abuse_checks_sent_to_spam_page_through_the_spam_tab(app, app_ctx):
    from feedback import comments
    from feedback.abuse import BotSignals
    from feedback.comments import CommentDraft, TextLimits

    article = make_article()
    caught = [comments.submit_comment(article.id, CommentDraft(f"Máy {n}", "", f"Quảng cáo số {n} giá rẻ."),
                                      limits=TextLimits(3000, 80), storage=app.extensions["feedback.storage"],
                                      signals=BotSignals(honeypot="http://spam.example", form_age=60.0)).id
              for n in range(3)]
    first = queue_page(QueueFilter(tab=QueueTab.SPAM), limit=2)
    rest = queue_page(QueueFilter(tab=QueueTab.SPAM), limit=2, cursor=first.next_cursor)
    assert sorted(c.id for c in first.items + rest.items) == sorted(caught)
    assert rest.next_cursor is None
