"""Bearer-token authentication for the editors' API."""
from functools import wraps

from flask import g

from ..extensions import db
from ..http.bearer import token_editor
from ..http.errors import error_response


def token_required(view):
    """401 without a valid token; the editor is in g.editor."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        editor = token_editor()
        if editor is None:
            response, status = error_response(401, "Cần mã truy cập (Bearer token) hợp lệ.", "unauthorized")
            return response, status, {"WWW-Authenticate": 'Bearer realm="feedback"'}
        g.editor = editor
        db.session.commit()  # keep last_used_at even if the action below fails
        return view(*args, **kwargs)
    return wrapped
