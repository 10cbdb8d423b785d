"""Editor accounts, passwords and personal API tokens."""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from . import passwords
from .errors import InvalidDecision, NotFound
from .extensions import db
from .models import ApiToken, Editor, Role, utcnow

# Hashing a throwaway password when the e-mail is unknown keeps login timing the same either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class EditorError(InvalidDecision):
    pass


class AccountLocked(EditorError):
    """Too many wrong passwords in a row: no log-in, even with the right password, until the lock ends."""

    def __init__(self, until: datetime, now: datetime):
        minutes = max(1, -(-int((until - now).total_seconds()) // 60))
        super().__init__(f"Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau {minutes} phút.")
        self.until = until


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lock_minutes: int = 15


def create_editor(email: str, password: str, *, role: Role = Role.EDITOR, name: str = "") -> Editor:
    email = email.strip().lower()
    if "@" not in email:
        raise EditorError("Địa chỉ email không hợp lệ.")
    if db.session.scalar(select(Editor).where(Editor.email == email)):
        raise EditorError(f"Đã có tài khoản {email}.")
    _check_password(password, email)
    editor = Editor(
        email=email, name=name.strip(), role=role,
        password_hash=generate_password_hash(password), session_token=secrets.token_hex(16),
    )
    db.session.add(editor)
    db.session.flush()
    return editor


def authenticate(email: str, password: str, *, policy: LockoutPolicy = LockoutPolicy(),
                 now: datetime | None = None) -> Editor | None:
    """The active editor with these credentials, or None; counts failures and locks the account at the limit.

    The caller commits in every case, so a failure is counted even though the log-in fails.
    """
    now = now or utcnow()
    if len(password) > passwords.MAX_LENGTH:
        return None  # no password we accept is this long: refused without paying for the hash
    editor = db.session.scalar(select(Editor).where(Editor.email == email.strip().lower()))
    if editor is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if editor.locked_until is not None and editor.locked_until > now:
        check_password_hash(_DUMMY_HASH, password)
        raise AccountLocked(editor.locked_until, now)
    if not check_password_hash(editor.password_hash, password):
        _count_failure(editor, policy, now)
        return None
    if not editor.active:
        return None
    editor.failed_logins, editor.locked_until = 0, None
    db.session.flush()
    return editor


def _count_failure(editor: Editor, policy: LockoutPolicy, now: datetime) -> None:
    editor.failed_logins += 1
    if editor.failed_logins >= policy.max_failures:
        editor.failed_logins = 0
        editor.locked_until = now + timedelta(minutes=policy.lock_minutes)
        db.session.flush()
        raise AccountLocked(editor.locked_until, now)
    db.session.flush()


def load_session_editor(session_id: str) -> Editor | None:
    """The editor a login cookie names, if the account is active and the session was not ended."""
    editor_id, _, token = session_id.partition(":")
    if not editor_id.isdigit():
        return None
    editor = db.session.get(Editor, int(editor_id))
    if editor is None or not editor.active or not secrets.compare_digest(editor.session_token, token):
        return None
    return editor


def get_editor_by_email(email: str) -> Editor:
    editor = db.session.scalar(select(Editor).where(Editor.email == email.strip().lower()))
    if editor is None:
        raise NotFound("editor")
    return editor


def issue_token(editor_id: int) -> str:
    """A new personal API token; only its hash is stored, so it is shown once."""
    token = "fbk_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(editor_id=editor_id, token_hash=_hash_token(token)))
    db.session.flush()
    return token


def editor_for_token(token: str) -> Editor | None:
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    if api_token is None or api_token.revoked_at is not None or not api_token.editor.active:
        return None
    api_token.last_used_at = utcnow()
    return api_token.editor


def _hash_token(token: str) -> str:
    # Tokens are long and random, so a fast hash is enough; it also makes lookup by hash possible.
    return hashlib.sha256(token.encode()).hexdigest()


def _check_password(password: str, email: str) -> None:
    try:
        passwords.check_password(password, email=email)
    except passwords.WeakPassword as exc:
        raise EditorError(str(exc)) from None


def reset_password(email: str, password: str) -> Editor:
    """A new password also ends every open session of the account."""
    return set_password(get_editor_by_email(email).id, password)


def set_password(editor_id: int, password: str) -> Editor:
    """A new password, chosen by the editor or an admin: open sessions end and any lock is lifted."""
    editor = get_editor(editor_id)
    _check_password(password, editor.email)
    editor.password_hash = generate_password_hash(password)
    editor.session_token = secrets.token_hex(16)
    editor.failed_logins, editor.locked_until = 0, None
    db.session.flush()
    return editor


def get_editor(editor_id: int) -> Editor:
    editor = db.session.get(Editor, editor_id)
    if editor is None:
        raise NotFound("editor")
    return editor


def list_editors() -> list[Editor]:
    return list(db.session.scalars(select(Editor).order_by(Editor.active.desc(), Editor.email)))


def update_editor(editor_id: int, *, acting_editor_id: int, name: str, role: Role, active: bool) -> Editor:
    """Change an account's name, role or standing; disabling it ends its sessions and API tokens at once.

    Admins cannot demote or disable themselves, so the panel always keeps at least the admin using it.
    """
    editor = get_editor(editor_id)
    if editor.id == acting_editor_id and (role != editor.role or not active):
        raise EditorError("Bạn không thể tự hạ quyền hoặc tự khóa tài khoản của mình.")
    if editor.active and not active:
        editor.session_token = secrets.token_hex(16)
    editor.name, editor.role, editor.active = name.strip(), role, active
    db.session.flush()
    return editor
