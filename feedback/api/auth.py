"""Bearer-token authentication for the editors' API."""
from functools import wraps

from flask import g, request

from .. import editors
from ..extensions import db
from ..http.errors import error_response


def token_required(view):
    """401 without a valid token; the editor is in g.editor."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        editor = editors.editor_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if editor is None:
            response, status = error_response(401, "Cần mã truy cập (Bearer token) hợp lệ.", "unauthorized")
            return response, status, {"WWW-Authenticate": 'Bearer realm="feedback"'}
        g.editor = editor
        db.session.commit()  # keep last_used_at even if the action below fails
        return view(*args, **kwargs)
    return wrapped
