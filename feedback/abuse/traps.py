"""Bot traps on the comment form: a signed time the form was shown, so only our clock counts."""
import time

from itsdangerous import BadSignature, TimestampSigner

_SALT = "comment-form-shown"
_PAYLOAD = "form"


class _Signer(TimestampSigner):
    """A signer whose clock can be set, so a test can hand out a form shown some seconds ago."""

    def __init__(self, secret: str, now: float | None = None):
        super().__init__(secret, salt=_SALT)
        self._now = now

    def get_timestamp(self) -> int:
        return int(self._now if self._now is not None else time.time())


def issue_form_token(secret: str, *, now: float | None = None) -> str:
    """A token for the hidden field rendered with the form: the server's time, signed with the app secret."""
    return _Signer(secret, now).sign(_PAYLOAD).decode()


def form_age(token: str | None, secret: str, *, now: float | None = None) -> float | None:
    """Seconds since the form was shown, or None when the token is missing, forged or from another secret."""
    if not token:
        return None
    try:
        _, signed_at = _Signer(secret).unsign(token, return_timestamp=True)
    except BadSignature:
        return None
    return max((now if now is not None else time.time()) - signed_at.timestamp(), 0.0)
