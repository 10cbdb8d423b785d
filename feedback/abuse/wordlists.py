"""The banned and watched word lists admins keep in the panel and through the API."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import list_versions, vietnamese
from ..errors import InvalidDecision
from ..extensions import db
from ..models import WordListEntry, WordListKind
from .matching import Entry, WordMatcher, choose_level, syllables

MAX_WORD_LENGTH = 100
MAX_SYLLABLES = 6
MAX_ENTRIES = 1000


class WordListError(InvalidDecision):
    """A list the admin sent cannot be saved; the message says which entries to fix."""

    code = "invalid_words"


def list_entries(kind: WordListKind) -> list[WordListEntry]:
    return list(db.session.scalars(
        select(WordListEntry).where(WordListEntry.kind == kind).order_by(WordListEntry.word)
    ))


def replace_words(kind: WordListKind, words: list[str]) -> list[WordListEntry]:
    """Make the list exactly these words; words kept keep their row, each new one gets its matching level."""
    wanted = clean_words(words)
    current = {entry.word: entry for entry in list_entries(kind)}
    for word, entry in current.items():
        if word not in wanted:
            db.session.delete(entry)
    for word in wanted:
        if word not in current:
            db.session.add(WordListEntry(kind=kind, word=word, level=choose_level(word)))
    db.session.flush()
    return list_entries(kind)


def clean_words(words: list[str]) -> list[str]:
    """Normalized, lower-case, one per spelling; raises naming every entry that cannot be matched."""
    cleaned: dict[tuple[str, ...], str] = {}
    problems: list[str] = []
    for raw in words:
        if not raw.strip():
            continue  # an empty line in the panel's box
        word = " ".join(vietnamese.normalize(raw).casefold().split())
        keys = syllables(word) if word else ()
        if not keys:
            # Invisible characters alone ("\u0000") clean to nothing: refused, not silently dropped.
            problems.append(f"“{word or ascii(raw)[1:-1][:30]}” không có chữ cái nào")
        elif len(word) > MAX_WORD_LENGTH or len(keys) > MAX_SYLLABLES:
            problems.append(f"“{word[:30]}” quá dài (tối đa {MAX_SYLLABLES} tiếng, {MAX_WORD_LENGTH} ký tự)")
        else:
            cleaned.setdefault(keys, word)
    if len(cleaned) > MAX_ENTRIES:
        problems.append(f"danh sách có {len(cleaned)} mục, tối đa {MAX_ENTRIES}")
    if problems:
        raise WordListError("Không lưu được danh sách: " + "; ".join(problems) + ".")
    return list(cleaned.values())


def load_matchers(version: int | None = None) -> dict[WordListKind, WordMatcher]:
    """Both lists, ready to match; built once per version of the lists (pass it when already read)."""
    return list_versions.derived(db.session, list_versions.WORDLISTS, version, _build_matchers)


def _build_matchers(session: Session) -> dict[WordListKind, WordMatcher]:
    entries: dict[WordListKind, list[Entry]] = {kind: [] for kind in WordListKind}
    rows = session.execute(
        select(WordListEntry.kind, WordListEntry.word, WordListEntry.level).order_by(WordListEntry.id)
    )
    for kind, word, level in rows:
        entries[kind].append(Entry(word, level))
    return {kind: WordMatcher(items) for kind, items in entries.items()}
