"""Logging in: the password check, lock-outs per e-mail and address, and log-in sessions that log-out ends."""
import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from . import passwords
from .errors import InvalidDecision
from .extensions import db
from .models import Editor, EditorSession, LoginThrottle, utcnow

# Hashing a throwaway password when there is nothing to compare keeps every refusal equally slow.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
MAX_EMAIL_LENGTH = 254
MAX_ADDRESS_LENGTH = 64


class AccountLocked(InvalidDecision):
    """Too many wrong passwords for this e-mail from this address: no log-in from here until the lock ends."""

    def __init__(self, until: datetime, now: datetime):
        self.retry_after = max(1, math.ceil((until - now).total_seconds()))
        minutes = max(1, math.ceil(self.retry_after / 60))
        super().__init__("Tài khoản tạm khóa đối với địa chỉ mạng của bạn do nhập sai mật khẩu nhiều lần. "
                         f"Vui lòng thử lại sau {minutes} phút.")
        self.until = until


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


def authenticate(email: str, password: str, *, address: str, policy: LockoutPolicy = LockoutPolicy(),
                 now: datetime | None = None) -> Editor | None:
    """The active editor with these credentials, or None; raises AccountLocked at the limit.

    Unknown, disabled and real accounts are answered alike, and a lock holds only for the address that earned it,
    so a stranger can neither learn which accounts exist nor keep an editor out. The caller commits in every case,
    so a failure is counted even though the log-in fails.
    """
    now = now or utcnow()
    email = email.strip().lower()[:MAX_EMAIL_LENGTH]
    address = (address or "")[:MAX_ADDRESS_LENGTH]
    throttle = db.session.scalar(select(LoginThrottle).where(LoginThrottle.email == email,
                                                             LoginThrottle.address == address))
    if throttle is not None and throttle.locked_until is not None and throttle.locked_until > now:
        check_password_hash(_DUMMY_HASH, password[:passwords.MAX_LENGTH])
        raise AccountLocked(throttle.locked_until, now)
    editor = _check_credentials(email, password)
    if editor is None:
        _count_failure(throttle, email, address, policy, now)
        return None
    if throttle is not None:
        db.session.delete(throttle)
    db.session.flush()
    return editor


def _check_credentials(email: str, password: str) -> Editor | None:
    if len(password) > passwords.MAX_LENGTH:
        return None  # no password we accept is this long: refused without paying for the hash
    editor = db.session.scalar(select(Editor).where(Editor.email == email))
    if editor is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(editor.password_hash, password) or not editor.active:
        return None
    return editor


def _count_failure(throttle: LoginThrottle | None, email: str, address: str, policy: LockoutPolicy,
                   now: datetime) -> None:
    if throttle is None:
        throttle = _new_throttle(email, address, now)
    window = timedelta(minutes=policy.lock_minutes)
    if throttle.locked_until is not None or throttle.last_failure_at < now - window:
        throttle.failures, throttle.locked_until = 0, None  # a lock served or old failures: start again
    throttle.failures += 1
    throttle.last_failure_at = now
    if throttle.failures >= policy.max_failures:
        throttle.locked_until = now + window
        db.session.flush()
        raise AccountLocked(throttle.locked_until, now)
    db.session.flush()


def _new_throttle(email: str, address: str, now: datetime) -> LoginThrottle:
    throttle = LoginThrottle(email=email, address=address, failures=0, last_failure_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(throttle)
    except IntegrityError:
        # Another request from the same address created it a moment ago: count on that row.
        return db.session.scalars(select(LoginThrottle).where(LoginThrottle.email == email,
                                                              LoginThrottle.address == address)).one()
    return throttle


def lift_locks(email: str) -> None:
    """An admin's password reset lets the account in again from every address."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.email == email.strip().lower()))


def locked_until(email: str, now: datetime | None = None) -> datetime | None:
    """When the last lock on this e-mail ends (from whichever address), for the admin's page; None if unlocked."""
    return db.session.scalar(select(func.max(LoginThrottle.locked_until)).where(
        LoginThrottle.email == email.strip().lower(), LoginThrottle.locked_until > (now or utcnow())))


def forget_failures(older_than: datetime) -> int:
    """Drop failure counts (with the addresses they hold) last touched before this time; the number dropped."""
    result = db.session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < older_than))
    return result.rowcount


def start_session(editor: Editor, *, lifetime: timedelta, now: datetime | None = None) -> None:
    """A new log-in session for the editor, ending `lifetime` after now whatever happens in between."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    # The editor's expired sessions are of no use to anyone; dropping them here keeps the table small.
    db.session.execute(delete(EditorSession).where(EditorSession.editor_id == editor.id,
                                                   EditorSession.expires_at <= now))
    db.session.add(EditorSession(editor_id=editor.id, token_hash=_hash(token), created_at=now,
                                 expires_at=now + lifetime))
    db.session.flush()
    editor.login_token = token


def load_session_editor(session_id: str, now: datetime | None = None) -> Editor | None:
    """The editor a login cookie names, if the account is active and that session neither ended nor expired."""
    editor_id, _, token = session_id.partition(":")
    if not editor_id.isascii() or not editor_id.isdigit() or not token:
        return None
    row = db.session.scalar(select(EditorSession).where(EditorSession.token_hash == _hash(token)))
    if row is None or row.editor_id != int(editor_id) or row.expires_at <= (now or utcnow()):
        return None
    editor = db.session.get(Editor, row.editor_id)
    if editor is None or not editor.active:
        return None
    editor.login_token = token
    return editor


def end_session(editor: Editor) -> None:
    """Log-out: the cookie's session is deleted, so a copy of the cookie opens nothing."""
    if editor.login_token:
        db.session.execute(delete(EditorSession).where(EditorSession.token_hash == _hash(editor.login_token)))


def end_all_sessions(editor_id: int) -> None:
    db.session.execute(delete(EditorSession).where(EditorSession.editor_id == editor_id))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
