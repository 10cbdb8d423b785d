"""Editor accounts, passwords and personal API tokens."""
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from werkzeug.security import generate_password_hash

from . import logins, passwords
from .errors import InvalidDecision, NotFound
from .extensions import db
from .models import ApiToken, Editor, Role, utcnow

DEFAULT_TOKEN_LIFETIME = timedelta(days=90)



class EditorError(InvalidDecision):
    pass


def create_editor(email: str, password: str, *, role: Role = Role.EDITOR, name: str = "") -> Editor:
    email = email.strip().lower()
    if "@" not in email:
        raise EditorError("Địa chỉ email không hợp lệ.")
    if db.session.scalar(select(Editor).where(Editor.email == email)):
        raise EditorError(f"Đã có tài khoản {email}.")
    _check_password(password, email)
    editor = Editor(
        email=email, name=name.strip(), role=role,
        # session_token is read only by servers older than revision 0006 (see the model).
        password_hash=generate_password_hash(password), session_token=secrets.token_hex(16),
    )
    db.session.add(editor)
    db.session.flush()
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


def editor_for_token(token: str, *, lifetime: timedelta = DEFAULT_TOKEN_LIFETIME,
                     now: datetime | None = None) -> Editor | None:
    """The active editor whose token this is, if it was not revoked and is younger than `lifetime`.

    The age is measured against the setting of the day, so shortening it expires older tokens at once.
    """
    now = now or utcnow()
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash_token(token)))
    if api_token is None or api_token.revoked_at is not None or not api_token.editor.active \
            or api_token.created_at + lifetime <= now:
        return None
    api_token.last_used_at = now
    return api_token.editor


def revoke_tokens(editor_id: int, *, now: datetime | None = None) -> int:
    """Stop every live API token of the editor at once; the number revoked."""
    result = db.session.execute(update(ApiToken).where(ApiToken.editor_id == editor_id, ApiToken.revoked_at.is_(None))
                                .values(revoked_at=now or utcnow()))
    return result.rowcount


def live_token_count(editor_id: int) -> int:
    """Tokens not revoked (expired ones included: they revive if the lifetime setting grows)."""
    return db.session.scalar(select(func.count()).select_from(ApiToken).where(ApiToken.editor_id == editor_id,
                                                                           ApiToken.revoked_at.is_(None)))


def _hash_token(token: str) -> str:
    # Tokens are long and random, so a fast hash is enough; it also makes lookup by hash possible.
    return hashlib.sha256(token.encode()).hexdigest()


def _check_password(password: str, email: str) -> None:
    try:
        passwords.check_password(password, email=email)
    except passwords.WeakPassword as exc:
        raise EditorError(str(exc)) from None


def reset_password(email: str, password: str) -> Editor:
    """A new password also ends every open session of the account and revokes its API tokens."""
    return set_password(get_editor_by_email(email).id, password)


def set_password(editor_id: int, password: str) -> Editor:
    """A new password, chosen by the editor or an admin: whoever knew the old one is shut out.

    Open sessions end, API tokens are revoked (a token leaked with the password would outlive it otherwise) and
    lock-outs are lifted.
    """
    editor = get_editor(editor_id)
    _check_password(password, editor.email)
    editor.password_hash = generate_password_hash(password)
    logins.end_all_sessions(editor.id)
    revoke_tokens(editor.id)
    logins.lift_locks(editor.email)
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
        logins.end_all_sessions(editor.id)
    editor.name, editor.role, editor.active = name.strip(), role, active
    db.session.flush()
    return editor
