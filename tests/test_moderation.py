import pytest
from sqlalchemy import event, func, select, text

from feedback import moderation, reasons
from feedback.errors import EditConflict, InvalidDecision, NotFound
from feedback.extensions import db
from feedback.models import Attachment, AuditAction, AuditEntry, Comment, CommentStatus, RejectReason
from feedback.moderation import BulkItem

from .factories import make_article, make_comment, make_editor


def test_approve_publishes_and_records_one_audit_entry(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    moderation.approve_comment(comment.id, editor.id, version=1)
    db.session.commit()
    assert comment.status == CommentStatus.APPROVED and comment.version == 2
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action.value, entry.from_status, entry.to_status) == ("approve", CommentStatus.PENDING,
                                                                         CommentStatus.APPROVED)


def test_edited_text_is_normalized_and_sanitized(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    moderation.approve_comment(comment.id, editor.id, version=1, text="Nội dung  đã sửa <script>x</script>")
    assert comment.text == "Nội dung đã sửa <script>x</script>"
    assert "<script>" not in comment.html


def test_empty_edit_is_refused(app, app_ctx):
    comment = make_comment(make_article())
    with pytest.raises(InvalidDecision):
        moderation.approve_comment(comment.id, make_editor().id, version=1, text="   ")


def test_decision_written_between_read_and_write_becomes_a_conflict(app, app_ctx):
    """Both editors passed the version check; the database decides who wins."""
    editor = make_editor()
    comment = make_comment(make_article())
    db.session.commit()

    @event.listens_for(db.session, "before_flush", once=True)
    def _other_editor_wins(session, context, instances):
        with db.engine.begin() as other:
            other.execute(text("UPDATE comments SET version = 2, status = 'rejected' WHERE id = :id"),
                          {"id": comment.id})

    with pytest.raises(EditConflict) as exc_info:
        moderation.approve_comment(comment.id, editor.id, version=1)
    assert exc_info.value.latest.version == 2
    db.session.rollback()
    assert db.session.get(type(comment), comment.id).status == CommentStatus.REJECTED
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_decided_comment_cannot_be_decided_again(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    moderation.reject_comment(comment.id, editor.id, version=1, reason_code="spam")
    with pytest.raises(EditConflict):
        moderation.approve_comment(comment.id, editor.id, version=comment.version)


def test_spam_sets_a_pending_comment_aside_with_an_audit_entry(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    moderation.mark_spam(comment.id, editor.id, version=1, note="Quảng cáo bán hàng")
    db.session.commit()
    assert comment.status == CommentStatus.SPAM and comment.version == 2
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.reason, entry.version) == (AuditAction.SPAM, "Quảng cáo bán hàng", 2)


def test_spam_on_a_decided_comment_is_a_conflict(app, app_ctx):
    editor = make_editor(name="Biên tập Lan")
    comment = make_comment(make_article())
    moderation.approve_comment(comment.id, editor.id, version=1)
    with pytest.raises(EditConflict) as exc_info:
        moderation.mark_spam(comment.id, editor.id, version=2)
    assert (exc_info.value.latest.editor, exc_info.value.latest.action) == ("Biên tập Lan", "approve")


def test_unpublishing_returns_an_approved_comment_to_the_queue_and_hides_its_files(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    db.session.add(Attachment(comment_id=comment.id, storage_key="k1", original_name="a.png", content_type="image/png",
                              size=1, sha256="0" * 64))
    db.session.flush()
    moderation.approve_comment(comment.id, editor.id, version=1)
    assert comment.attachments[0].published
    moderation.return_to_queue(comment.id, editor.id, version=2, reason="Bạn đọc khiếu nại, cần xem lại")
    db.session.commit()
    stored = moderation.get_comment(comment.id)
    assert stored.status == CommentStatus.PENDING and not stored.attachments[0].published
    actions = [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == [AuditAction.APPROVE, AuditAction.UNPUBLISH]


def test_rejected_comment_can_be_reopened_and_its_reason_is_cleared(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    moderation.reject_comment(comment.id, editor.id, version=1, reason_code="off_topic")
    moderation.return_to_queue(comment.id, editor.id, version=2, reason="Từ chối nhầm")
    assert comment.status == CommentStatus.PENDING and comment.reject_reason is None
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (last.action, last.reason) == (AuditAction.REOPEN, "Từ chối nhầm")


def test_returning_to_the_queue_needs_a_reason_and_a_decided_comment(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    with pytest.raises(InvalidDecision):
        moderation.return_to_queue(comment.id, editor.id, version=1, reason="  ")
    with pytest.raises(EditConflict):
        moderation.return_to_queue(comment.id, editor.id, version=1, reason="Chưa xử lý mà")


def test_reject_reason_comes_from_the_list_with_an_optional_note(app, app_ctx):
    editor = make_editor()
    article = make_article()
    first, second, third = (make_comment(article) for _ in range(3))
    moderation.reject_comment(first.id, editor.id, version=1, reason_code="personal_attack")
    moderation.reject_comment(second.id, editor.id, version=1, reason_code="extreme", note="Lời lẽ thô tục")
    moderation.reject_comment(third.id, editor.id, version=1, note="Lý do tự do từ ứng dụng cũ")
    assert (first.reject_reason, first.reject_reason_code) == ("Công kích cá nhân", "personal_attack")
    assert second.reject_reason == "Cực đoan, xúc phạm: Lời lẽ thô tục"
    assert (third.reject_reason, third.reject_reason_code) == ("Lý do tự do từ ứng dụng cũ", None)


@pytest.mark.parametrize("code,note,message", [
    (None, "", "Vui lòng chọn lý do từ chối."),
    ("khong_co", "", "Lý do từ chối không có trong danh sách."),
    ("other", "", "Lý do “Lý do khác” cần ghi chú cụ thể."),
])
def test_reject_without_a_usable_reason_is_refused(app, app_ctx, code, note, message):
    comment = make_comment(make_article())
    with pytest.raises(InvalidDecision) as exc_info:
        moderation.reject_comment(comment.id, make_editor().id, version=1, reason_code=code, note=note)
    assert exc_info.value.message == message
    assert comment.status == CommentStatus.PENDING


def test_retired_reason_can_no_longer_be_chosen(app, app_ctx):
    reason = db.session.scalars(select(RejectReason).where(RejectReason.code == "spam")).one()
    reasons.update_reason(reason.id, label=reason.label, active=False, note_required=False, position=3)
    comment = make_comment(make_article())
    with pytest.raises(InvalidDecision):
        moderation.reject_comment(comment.id, make_editor().id, version=1, reason_code="spam")


def test_bulk_decides_each_item_against_its_own_version(app, app_ctx):
    editor, other = make_editor(), make_editor(name="Biên tập khác")
    article = make_article()
    first, stale, third = (make_comment(article) for _ in range(3))
    moderation.approve_comment(stale.id, other.id, version=1)
    db.session.commit()
    outcomes = moderation.decide_many("reject", [BulkItem(first.id, 1), BulkItem(stale.id, 1), BulkItem(third.id, 1),
                                                 BulkItem(999, 1)], editor.id, reason_code="off_topic")
    db.session.commit()
    assert [o.id for o in outcomes] == [first.id, stale.id, third.id, 999]
    assert [o.comment is not None for o in outcomes] == [True, False, True, False]
    assert outcomes[1].error.latest.editor == "Biên tập khác"
    assert isinstance(outcomes[3].error, NotFound)
    statuses = {c.id: c.status for c in db.session.scalars(select(Comment))}
    assert statuses == {first.id: CommentStatus.REJECTED, stale.id: CommentStatus.APPROVED,
                        third.id: CommentStatus.REJECTED}
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 3


def test_bulk_starts_again_when_another_decision_lands_between_check_and_write(app, app_ctx):
    """One item is decided elsewhere after our version check: it is reported as a conflict, the rest succeed."""
    editor = make_editor()
    comments = [make_comment(make_article()) for _ in range(3)]
    db.session.commit()
    # SQLite serializes writers, so there a race can only land before our first write; PostgreSQL lets it land
    # mid-way, after the first item is already written and must be written again.
    raced = 0 if db.engine.dialect.name == "sqlite" else 1
    flushes = []

    @event.listens_for(db.session, "before_flush")
    def _other_editor_wins(session, context, instances):
        flushes.append(1)
        if len(flushes) == raced + 1:
            with db.engine.begin() as conn:
                conn.execute(text("UPDATE comments SET version = 2, status = 'spam' WHERE id = :id"),
                             {"id": comments[raced].id})

    try:
        outcomes = moderation.decide_many("approve", [BulkItem(c.id, 1) for c in comments], editor.id)
    finally:
        event.remove(db.session, "before_flush", _other_editor_wins)
    db.session.commit()
    assert [o.comment is None for o in outcomes] == [n == raced for n in range(3)]
    assert isinstance(outcomes[raced].error, EditConflict)
    statuses = [db.session.get(Comment, c.id).status for c in comments]
    assert statuses == [CommentStatus.SPAM if n == raced else CommentStatus.APPROVED for n in range(3)]
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 2


@pytest.mark.parametrize("action,items,message", [
    ("approve", [], "Chưa chọn bình luận nào."),
    ("publish", [BulkItem(1, 1)], "Thao tác hàng loạt phải là một trong: approve, reject, spam."),
    ("reject", [BulkItem(1, 1)], "Vui lòng chọn lý do từ chối."),
    ("approve", [BulkItem(n, 1) for n in range(201)], "Mỗi lần xử lý tối đa 200 bình luận."),
])
def test_bulk_request_that_cannot_work_is_refused_whole(app, app_ctx, action, items, message):
    with pytest.raises(InvalidDecision) as exc_info:
        moderation.decide_many(action, items, make_editor().id)
    assert exc_info.value.message == message


def test_history_keeps_every_version_with_its_word_diff(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article(), text="Đường sá xuống cấp quá, đề nghị sửa ngay.")
    moderation.approve_comment(comment.id, editor.id, version=1, text="Đường sá xuống cấp, đề nghị sớm sửa chữa.")
    moderation.return_to_queue(comment.id, editor.id, version=2, reason="Cần xem lại")
    moderation.approve_comment(comment.id, editor.id, version=3, text="Đường sá xuống cấp, đề nghị sớm sửa.")
    steps = moderation.history(comment.id)
    assert [s.entry.version for s in steps] == [2, 3, 4]
    assert [(s.entry.text_before, s.entry.text_after) for s in steps] == [
        ("Đường sá xuống cấp quá, đề nghị sửa ngay.", "Đường sá xuống cấp, đề nghị sớm sửa chữa."),
        ("Đường sá xuống cấp, đề nghị sớm sửa chữa.", "Đường sá xuống cấp, đề nghị sớm sửa chữa."),
        ("Đường sá xuống cấp, đề nghị sớm sửa chữa.", "Đường sá xuống cấp, đề nghị sớm sửa."),
    ]
    assert [(c.op, c.text) for c in steps[0].diff if c.op != "same"] == [
        ("del", " quá"), ("ins", " sớm"), ("del", " ngay"), ("ins", " chữa")]
    assert steps[1].diff == []
    assert comment.original_text == "Đường sá xuống cấp quá, đề nghị sửa ngay."


def test_a_comment_sent_before_its_article_closed_can_still_be_approved(app, app_ctx):
    """Closing an article stops new comments; the ones already waiting were sent while it was open."""
    article = make_article()
    comment = make_comment(article)
    article.comments_open = False
    moderation.approve_comment(comment.id, make_editor().id, version=1)
    db.session.commit()
    assert comment.status == CommentStatus.APPROVED
