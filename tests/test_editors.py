from datetime import datetime, timedelta

import pytest

from feedback import editors, logins
from feedback.editors import EditorError
from feedback.extensions import db
from feedback.models import Role

from .factories import make_editor

PASSWORD = "mat-khau-du-dai"
T0 = datetime(2026, 11, 25, 8, 0)
DAY = timedelta(days=1)


def test_disabling_an_editor_ends_sessions_and_tokens_at_once(app, app_ctx):
    admin, editor = make_editor(role="admin"), make_editor()
    token = editors.issue_token(editor.id)
    logins.start_session(editor, lifetime=DAY)
    session_id = editor.get_id()
    editors.update_editor(editor.id, acting_editor_id=admin.id, name="Đã nghỉ", role=Role.EDITOR, active=False)
    db.session.commit()
    assert logins.load_session_editor(session_id) is None
    assert editors.editor_for_token(token) is None
    editors.update_editor(editor.id, acting_editor_id=admin.id, name="Quay lại", role=Role.EDITOR, active=True)
    assert logins.load_session_editor(session_id) is None  # the old cookie stays dead
    assert editors.editor_for_token(token) is not None


@pytest.mark.parametrize("role,active", [(Role.EDITOR, True), (Role.ADMIN, False)])
def test_admins_cannot_demote_or_disable_themselves(app, app_ctx, role, active):
    admin = make_editor(role="admin")
    with pytest.raises(EditorError):
        editors.update_editor(admin.id, acting_editor_id=admin.id, name="", role=role, active=active)


def test_password_reset_ends_sessions_revokes_tokens_lifts_locks_and_keeps_the_rules(app, app_ctx):
    editor = make_editor(email="bt@example.com")
    token = editors.issue_token(editor.id)
    logins.start_session(editor, lifetime=DAY)
    session_id = editor.get_id()
    policy = logins.LockoutPolicy(max_failures=1)
    with pytest.raises(logins.AccountLocked):
        logins.authenticate("bt@example.com", "sai-mat-khau", address="203.0.113.1", policy=policy)
    with pytest.raises(EditorError):
        editors.set_password(editor.id, "ngan")
    editors.set_password(editor.id, "mat-khau-moi-dai")
    assert logins.load_session_editor(session_id) is None
    assert editors.editor_for_token(token) is None
    assert logins.authenticate("bt@example.com", "mat-khau-moi-dai", address="203.0.113.1") is editor


def test_a_token_expires_after_its_lifetime(app, app_ctx):
    editor = make_editor()
    token = editors.issue_token(editor.id)
    issued = db.session.scalars(db.select(editors.ApiToken)).one().created_at
    lifetime = timedelta(days=30)
    assert editors.editor_for_token(token, lifetime=lifetime, now=issued + lifetime - DAY) is editor
    assert editors.editor_for_token(token, lifetime=lifetime, now=issued + lifetime) is None


def test_revoking_stops_every_token_of_the_editor_and_only_theirs(app, app_ctx):
    editor, other = make_editor(), make_editor()
    tokens = [editors.issue_token(editor.id) for _ in range(2)]
    kept = editors.issue_token(other.id)
    assert editors.revoke_tokens(editor.id) == 2
    assert [editors.editor_for_token(t) for t in tokens] == [None, None]
    assert editors.editor_for_token(kept) is other
    assert editors.live_token_count(editor.id) == 0 and editors.live_token_count(other.id) == 1
