import csv
import io

from feedback import audit, moderation
from feedback.audit import AuditFilter
from feedback.extensions import db
from feedback.models import AuditAction

from .factories import make_article, make_comment, make_editor


def decided_log():
    lan, minh = make_editor(name="Lan"), make_editor(name="Minh")
    bridge, flood = make_article(slug="cau"), make_article(slug="ngap")
    a = make_comment(bridge, text="Cầu đẹp quá.")
    b = make_comment(flood, text="=HYPERLINK(\"http://x\") nước ngập")
    c = make_comment(flood, text="Spam spam.")
    moderation.approve_comment(a.id, lan.id, version=1, text="Cầu rất đẹp.")
    moderation.reject_comment(b.id, minh.id, version=1, reason_code="spam", note="-chèn liên kết")
    moderation.mark_spam(c.id, lan.id, version=1)
    db.session.commit()
    return lan, minh


def test_audit_page_filters_by_editor_article_and_action(app, app_ctx):
    lan, minh = decided_log()

    def actions(**kwargs):
        entries, _ = audit.audit_page(AuditFilter(**kwargs), limit=10)
        return [e.action for e in entries]

    assert actions() == [AuditAction.SPAM, AuditAction.REJECT, AuditAction.EDIT_APPROVE]
    assert actions(editor_id=lan.id) == [AuditAction.SPAM, AuditAction.EDIT_APPROVE]
    assert actions(article="ngap") == [AuditAction.SPAM, AuditAction.REJECT]
    assert actions(action=AuditAction.REJECT, editor_id=minh.id) == [AuditAction.REJECT]
    assert actions(action=AuditAction.REJECT, editor_id=lan.id) == []


def test_audit_pages_follow_the_cursor(app, app_ctx):
    decided_log()
    first, cursor = audit.audit_page(AuditFilter(), limit=2)
    rest, end = audit.audit_page(AuditFilter(), limit=2, cursor=cursor)
    assert [e.action for e in first + rest] == [AuditAction.SPAM, AuditAction.REJECT, AuditAction.EDIT_APPROVE]
    assert end is None


def test_csv_export_has_every_decision_with_texts_and_defuses_formulas(app, app_ctx):
    decided_log()
    raw = "".join(audit.export_csv(AuditFilter()))
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff"))))
    assert [r["action"] for r in rows] == ["edit_approve", "reject", "spam"]
    approve, reject, _ = rows
    assert (approve["editor_name"], approve["article"], approve["text_before"], approve["text_after"]) == (
        "Lan", "cau", "Cầu đẹp quá.", "Cầu rất đẹp.")
    assert reject["text_before"] == "'=HYPERLINK(\"http://x\") nước ngập"
    assert (reject["reason_code"], reject["reason"]) == ("spam", "Spam, quảng cáo: -chèn liên kết")
    assert approve["time_utc"].endswith("+00:00")


def test_csv_export_streams_long_logs_in_batches(app, app_ctx, monkeypatch):
    monkeypatch.setattr(audit, "_EXPORT_BATCH", 2)
    decided_log()
    chunks = list(audit.export_csv(AuditFilter()))
    assert len(chunks) == 2
    assert "".join(chunks).count("\n") == 4
