import pytest
from sqlalchemy import event, select, text

from feedback import moderation
from feedback.errors import EditConflict, InvalidDecision
from feedback.extensions import db
from feedback.models import AuditEntry, CommentStatus

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
    first, second = make_editor(name="Người thứ nhất"), make_editor()
    comment = make_comment(make_article())
    db.session.commit()

    @event.listens_for(db.session, "before_flush", once=True)
    def _other_editor_wins(session, context, instances):
        with db.engine.begin() as other:
            other.execute(text("UPDATE comments SET version = 2, status = 'rejected' WHERE id = :id"),
                          {"id": comment.id})

    with pytest.raises(EditConflict) as exc_info:
        moderation.approve_comment(comment.id, second.id, version=1)
    assert exc_info.value.latest.version == 2
    db.session.rollback()
    assert db.session.get(type(comment), comment.id).status == CommentStatus.REJECTED
    assert db.session.scalars(select(AuditEntry)).all() == []
    assert first  # the first editor exists but wrote no audit entry here


def test_decided_comment_cannot_be_decided_again(app, app_ctx):
    editor = make_editor()
    comment = make_comment(make_article())
    moderation.reject_comment(comment.id, editor.id, version=1, reason="Spam")
    with pytest.raises(EditConflict):
        moderation.approve_comment(comment.id, editor.id, version=comment.version)
