from datetime import datetime, timedelta

from feedback.dashboard import build_dashboard
from feedback.extensions import db
from feedback.models import AuditAction, AuditEntry, CommentStatus

from .factories import make_article, make_comment, make_editor

NOW = datetime(2026, 11, 25, 10, 0)  # 17:00 in Vietnam
VN = timedelta(hours=7)


def decide(comment, editor, action, status, at):
    comment.status, comment.decided_at = status, at
    db.session.add(AuditEntry(comment_id=comment.id, editor_id=editor.id, action=action,
                              from_status=CommentStatus.PENDING, to_status=status, text_before=comment.text,
                              text_after=comment.text, version=2, created_at=at))


def test_dashboard_reports_queue_speed_editors_and_articles(app, app_ctx):
    lan, minh = make_editor(name="Lan"), make_editor(name="Minh")
    hot, quiet = make_article(title="Bài nóng"), make_article(title="Bài ít người đọc")
    make_comment(hot, created_at=NOW - timedelta(hours=5))
    make_comment(hot, created_at=NOW - timedelta(hours=1))
    waits = [timedelta(minutes=10), timedelta(minutes=30), timedelta(hours=2)]
    sent = NOW - timedelta(days=1)
    for wait, (editor, action, status) in zip(waits, [(lan, AuditAction.APPROVE, CommentStatus.APPROVED),
                                                      (lan, AuditAction.REJECT, CommentStatus.REJECTED),
                                                      (minh, AuditAction.APPROVE, CommentStatus.APPROVED)]):
        decide(make_comment(hot, created_at=sent), editor, action, status, sent + wait)
    # 23:30 UTC is 06:30 the next morning in Vietnam: it counts for that day.
    late = datetime(2026, 11, 23, 23, 30)
    decide(make_comment(quiet, created_at=late - timedelta(hours=1)), minh, AuditAction.SPAM, CommentStatus.SPAM, late)
    db.session.commit()

    figures = build_dashboard(NOW, days=7, utc_offset=VN)
    assert figures.pending == 2 and figures.oldest_pending_at == NOW - timedelta(hours=5)
    assert figures.days[-1].isoformat() == "2026-11-25" and len(figures.days) == 7
    counts = {row.editor: row.counts for row in figures.editors}
    assert counts["Lan"][-2] == 2 and sum(counts["Lan"]) == 2
    assert counts["Minh"][-2] == 2  # one approval yesterday, the 06:30 spam the same Vietnamese day
    assert figures.median_wait == timedelta(minutes=45)  # of 10 min, 30 min, 1 h and 2 h
    rates = {a.title: (a.approved, a.declined, round(a.rate, 2)) for a in figures.articles}
    assert rates == {"Bài nóng": (2, 1, 0.67), "Bài ít người đọc": (0, 1, 0.0)}


def test_dashboard_of_an_empty_newsroom(app, app_ctx):
    figures = build_dashboard(NOW, utc_offset=VN)
    assert (figures.pending, figures.oldest_pending_at, figures.median_wait, figures.editors, figures.articles) == (
        0, None, None, [], [])
