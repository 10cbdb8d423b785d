from datetime import datetime, timedelta

import pytest

from feedback import editors
from feedback.editors import AccountLocked, EditorError, LockoutPolicy
from feedback.extensions import db
from feedback.models import Role

from .factories import make_editor

PASSWORD = "mat-khau-du-dai"
T0 = datetime(2026, 11, 25, 8, 0)
POLICY = LockoutPolicy(max_failures=3, lock_minutes=15)


def test_repeated_wrong_passwords_lock_the_account_for_a_while(app, app_ctx):
    make_editor(email="bt@example.com")
    for _ in range(2):
        assert editors.authenticate("bt@example.com", "sai-mat-khau", policy=POLICY, now=T0) is None
    with pytest.raises(AccountLocked) as exc_info:
        editors.authenticate("bt@example.com", "sai-mat-khau", policy=POLICY, now=T0)
    assert "15 phút" in exc_info.value.message
    with pytest.raises(AccountLocked):  # even the right password waits
        editors.authenticate("bt@example.com", PASSWORD, policy=POLICY, now=T0 + timedelta(minutes=14))
    assert editors.authenticate("bt@example.com", PASSWORD, policy=POLICY, now=T0 + timedelta(minutes=15)) is not None


def test_a_good_login_resets_the_failure_count(app, app_ctx):
    editor = make_editor(email="bt@example.com")
    editors.authenticate("bt@example.com", "sai-mat-khau", policy=POLICY, now=T0)
    editors.authenticate("bt@example.com", "sai-mat-khau", policy=POLICY, now=T0)
    assert editors.authenticate("bt@example.com", PASSWORD, policy=POLICY, now=T0) is editor
    assert editor.failed_logins == 0
    assert editors.authenticate("bt@example.com", "sai-mat-khau", policy=POLICY, now=T0) is None


def test_disabling_an_editor_ends_sessions_and_tokens_at_once(app, app_ctx):
    admin, editor = make_editor(role="admin"), make_editor()
    token = editors.issue_token(editor.id)
    session_id = editor.get_id()
    editors.update_editor(editor.id, acting_editor_id=admin.id, name="Đã nghỉ", role=Role.EDITOR, active=False)
    db.session.commit()
    assert editors.load_session_editor(session_id) is None
    assert editors.editor_for_token(token) is None
    editors.update_editor(editor.id, acting_editor_id=admin.id, name="Quay lại", role=Role.EDITOR, active=True)
    assert editors.load_session_editor(session_id) is None  # the old cookie stays dead
    assert editors.editor_for_token(token) is not None


@pytest.mark.parametrize("role,active", [(Role.EDITOR, True), (Role.ADMIN, False)])
def test_admins_cannot_demote_or_disable_themselves(app, app_ctx, role, active):
    admin = make_editor(role="admin")
    with pytest.raises(EditorError):
        editors.update_editor(admin.id, acting_editor_id=admin.id, name="", role=role, active=active)


def test_admin_password_reset_ends_sessions_lifts_the_lock_and_keeps_the_minimum(app, app_ctx):
    editor = make_editor(email="bt@example.com")
    editor.locked_until = T0 + timedelta(hours=1)
    session_id = editor.get_id()
    with pytest.raises(EditorError):
        editors.set_password(editor.id, "ngan")
    editors.set_password(editor.id, "mat-khau-moi-dai")
    assert editors.load_session_editor(session_id) is None
    assert editors.authenticate("bt@example.com", "mat-khau-moi-dai", now=T0) is editor
