"""Editor accounts, passwords and personal API tokens."""
import hashlib
import secrets

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import InvalidDecision, NotFound
from .extensions import db
from .models import ApiToken, Editor, Role, utcnow

MIN_PASSWORD_LENGTH = 10
# Hashing a throwaway password when the e-mail is unknown keeps login timing the same either way.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class EditorError(InvalidDecision):
    pass


def create_editor(email: str, password: str, *, role: Role = Role.EDITOR, name: str = "") -> Editor:
    email = email.strip().lower()
    if "@" not in email:
        raise EditorError("Địa chỉ email không hợp lệ.")
    if db.session.scalar(select(Editor).where(Editor.email == email)):
        raise EditorError(f"Đã có tài khoản {email}.")
    _check_password(password)
    editor = Editor(
        email=email, name=name.strip(), role=role,
        password_hash=generate_password_hash(password), session_token=secrets.token_hex(16),
    )
    db.session.add(editor)
    db.session.flush()
    return editor


def authenticate(email: str, password: str) -> Editor | None:
    """The active editor with these credentials, or None."""
    editor = db.session.scalar(select(Editor).where(Editor.email == email.strip().lower()))
    if editor is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(editor.password_hash, password) or not editor.active:
        return None
    return editor


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


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise EditorError(f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.")


def reset_password(email: str, password: str) -> Editor:
    """A new password also ends every open session of the account."""
    _check_password(password)
    editor = get_editor_by_email(email)
    editor.password_hash = generate_password_hash(password)
    editor.session_token = secrets.token_hex(16)
    db.session.flush()
    return editor
