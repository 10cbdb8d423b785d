"""Editors' API for the word lists: any editor reads them, admins replace them."""
from flask import g, request

from .. import abuse
from ..extensions import db
from ..models import WordListKind
from ..http.errors import error_response
from . import bp
from .auth import token_required

LIST_KINDS = "any(banned, watched)"


@bp.get(f"/moderation/wordlists/<{LIST_KINDS}:kind>")
@token_required
def get_wordlist(kind: str):
    return wordlist_json(WordListKind(kind))


@bp.put(f"/moderation/wordlists/<{LIST_KINDS}:kind>")
@token_required
def put_wordlist(kind: str):
    if not g.editor.is_admin:
        return error_response(403, "Chỉ quản trị viên mới sửa được danh sách từ.", "forbidden")
    data = request.get_json(silent=True)
    words = data.get("words") if isinstance(data, dict) else None
    if not isinstance(words, list) or not all(isinstance(word, str) for word in words):
        return error_response(422, 'Cần gửi JSON dạng {"words": ["từ", "cụm từ"]}.', "invalid_json", "words")
    abuse.replace_words(WordListKind(kind), words)
    db.session.commit()
    return wordlist_json(WordListKind(kind))


def wordlist_json(kind: WordListKind) -> dict:
    entries = abuse.list_entries(kind)
    return {
        "list": kind.value,
        "words": [entry.word for entry in entries],
        "entries": [{"word": entry.word, "level": entry.level.value} for entry in entries],
    }
