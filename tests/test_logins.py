from datetime import datetime, timedelta

import pytest

from feedback import editors, logins
from feedback.extensions import db
from feedback.logins import AccountLocked, LockoutPolicy

from .factories import make_editor

PASSWORD = "mat-khau-du-dai"
T0 = datetime(2026, 11, 25, 8, 0)
POLICY = LockoutPolicy(max_failures=3, lock_minutes=15)
HERE, ELSEWHERE = "203.0.113.9", "198.51.100.1"


def attempt(email: str, password: str, *, address: str = HERE, now: datetime = T0):
    return logins.authenticate(email, password, address=address, policy=POLICY, now=now)


def test_repeated_wrong_passwords_lock_the_pair_for_a_while_with_a_truthful_wait(app, app_ctx):
    make_editor(email="bt@example.com")
    for _ in range(2):
        assert attempt("bt@example.com", "sai-mat-khau") is None
    with pytest.raises(AccountLocked) as exc_info:
        attempt("bt@example.com", "sai-mat-khau")
    assert "15 phút" in exc_info.value.message and exc_info.value.retry_after == 15 * 60
    with pytest.raises(AccountLocked) as exc_info:  # even the right password waits
        attempt("bt@example.com", PASSWORD, now=T0 + timedelta(minutes=14))
    assert exc_info.value.retry_after == 60
    assert attempt("bt@example.com", PASSWORD, now=T0 + timedelta(minutes=15)) is not None


def test_a_stranger_cannot_lock_an_editor_out_from_another_address(app, app_ctx):
    editor = make_editor(email="bt@example.com")
    for _ in range(2):
        attempt("bt@example.com", "sai-mat-khau")
    with pytest.raises(AccountLocked):
        attempt("bt@example.com", "sai-mat-khau")
    assert attempt("bt@example.com", PASSWORD, address=ELSEWHERE) is editor


@pytest.mark.parametrize("email", ["khong-co@example.com", "da-nghi@example.com"])
def test_unknown_and_disabled_accounts_are_answered_like_a_real_one(app, app_ctx, email):
    admin = make_editor(role="admin")
    gone = make_editor(email="da-nghi@example.com")
    editors.update_editor(gone.id, acting_editor_id=admin.id, name="", role=gone.role, active=False)
    make_editor(email="bt@example.com")

    def answers(address: str) -> list:
        results = []
        for _ in range(4):
            try:
                results.append(attempt(address, PASSWORD if address == "da-nghi@example.com" else "sai-mat-khau"))
            except AccountLocked as exc:
                results.append(exc.message)
        return results

    assert answers(email) == answers("bt@example.com")


def test_a_good_login_resets_the_failure_count(app, app_ctx):
    editor = make_editor(email="bt@example.com")
    attempt("bt@example.com", "sai-mat-khau")
    attempt("bt@example.com", "sai-mat-khau")
    assert attempt("bt@example.com", PASSWORD) is editor
    assert attempt("bt@example.com", "sai-mat-khau") is None
    assert attempt("bt@example.com", "sai-mat-khau") is None


def test_old_failures_are_forgotten(app, app_ctx):
    make_editor(email="bt@example.com")
    attempt("bt@example.com", "sai-mat-khau")
    attempt("bt@example.com", "sai-mat-khau")
    assert attempt("bt@example.com", "sai-mat-khau", now=T0 + timedelta(minutes=16)) is None
    assert logins.forget_failures(T0 + timedelta(minutes=20)) == 1


def test_a_session_ends_at_log_out_and_at_its_fixed_lifetime(app, app_ctx):
    editor = make_editor()
    logins.start_session(editor, lifetime=timedelta(hours=8), now=T0)
    cookie = editor.get_id()
    assert logins.load_session_editor(cookie, now=T0 + timedelta(hours=7, minutes=59)) is editor
    assert logins.load_session_editor(cookie, now=T0 + timedelta(hours=8)) is None
    other = logins.load_session_editor(cookie, now=T0)
    logins.end_session(other)
    db.session.flush()
    assert logins.load_session_editor(cookie, now=T0) is None


@pytest.mark.parametrize("cookie", ["", "1", "1:", "abc:def", "²:x", "1:khong-co"])
def test_a_malformed_or_unknown_session_id_opens_nothing(app, app_ctx, cookie):
    make_editor()
    assert logins.load_session_editor(cookie) is None
