"""Is a comment Vietnamese written with its diacritics? Section 6 of the reference, token by token.

Tokens that say nothing about diacritics are removed before counting: links, e-mails, @mentions,
#hashtags, anything with a digit, emoji and symbols, all-caps abbreviations (UBND, TP.HCM), chat
abbreviations (ok, ko, dc) and quoted passages made mostly of foreign words. Each remaining word is
marked (D), an unmarked valid skeleton (S; M when it cannot be written without marks, like "nguoi"),
or foreign (F). The rules R1-R3 of the reference then ask for diacritics.

Very short comments (one to three counted words) are decided on the same evidence, never refused for
being short: "Đồng ý" is accepted (marked), "cam on" and "bai viet hay" are refused (their skeletons
are nearly always written with marks, or "viet" cannot be unmarked), while "Hay" is accepted because
"hay" is itself a common correct word and one word is not enough evidence against the reader. "ok" is
a chat abbreviation, not a syllable, so it leaves nothing to count and is accepted, like emoji-only or
number-only comments. Foreign words in a short comment ("Good job") are not refused as foreign either:
Vietnamese readers write them, and length rules belong to their own check.
"""
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .input_methods import TELEX, VNI, decode_viqr, type_word
from .legacy import decode_tcvn3, decode_vni, looks_legacy
from .normalize import VIETNAMESE_LETTER
from .syllables import IMPOSSIBLE_UNMARKED, SKELETONS, is_valid_syllable, skeleton

MISSING = "missing_diacritics"
NOT_VIETNAMESE = "not_vietnamese"
MAX_EXAMPLES = 5
SHORT = 3  # counted words at or below which foreign words are not held against a comment

_STATS = json.loads(resources.files(__package__).joinpath("data/syllable_stats.json").read_text("utf-8"))
P_MARKED: dict[str, float] = _STATS["p_marked"]
DEFAULT_P = 0.5  # skeletons too rare to have a measured share

# Chat abbreviations from the reference's teencode table: not syllables, so not evidence either way.
TEENCODE = frozenset(
    "ok oke okie okay ko k kh khg hk hok khum đc dc dk j vs mk mik bn r cx ntn ny ck vk ad ib cmt sđt sdt fb"
    " vd tks thanks thx pls plz lol haha hihi hehe kk kkk".split()
)

_URL = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+"
    r"|\b(?:[a-z0-9-]+\.)+(?:com|net|org|vn|edu|gov|info|io|me|co|tv|biz|app|dev|ly)\b(?:/\S*)?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w])[@#][^\W_][\w.]*")
_QUOTED = re.compile(r"“[^”\n]{1,300}”|\"[^\"\n]{1,300}\"|«[^»\n]{1,300}»")
_CHUNK = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
_DIGIT_CHUNK = re.compile(r"\S*\d\S*")
_DOTTED_ABBREV = re.compile(r"(?<!\w)[A-ZĐ][A-Za-zĐ]*(?:\.[A-ZĐ]+)+(?!\w)")
_SINGLE_LETTER_WORDS = frozenset("aeiouyàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵăâêôơư")
_CAPS_ABBREV = re.compile(r"[A-ZĐ]{2,}")
_WORD = re.compile(r"[^\W\d_]+")
_MARKED = re.compile(f"[{VIETNAMESE_LETTER}]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]+")
_VNI_WORD = re.compile(r"(?<![\w])[A-Za-z]+\d[A-Za-z\d]*(?![\w])")
_ASCII_WORD = re.compile(r"(?<![\w/.@#])[A-Za-z]+(?![\w/@])")
_VIQR_HINT = re.compile(r"[aeiouyAEIOUY](?:[\^(+]|[`'~?.][a-zA-Z])")


@dataclass(frozen=True)
class DiacriticsVerdict:
    code: str | None
    toneless_words: tuple[str, ...] = ()
    suggestion: str | None = None
    suggestion_kind: str | None = None


@dataclass
class _Tally:
    """Counted words of one comment, by class."""

    marked: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    foreign_lower: int = 0
    other_script: int = 0
    latin_letters: int = 0
    vni_like: list[str] = field(default_factory=list)

    @property
    def counted(self) -> int:
        return len(self.marked) + len(self.unmarked) + len(self.foreign)

    def expected_marked(self) -> float:
        """E: how many of the unmarked words would normally carry a mark."""
        return sum(_p_marked(w) for w in self.unmarked)


def _strip_quoted_foreign(text: str) -> str:
    """Blank out quotations that are mostly not Vietnamese (quoted English titles, slogans)."""

    def repl(match: re.Match[str]) -> str:
        words = _WORD.findall(match.group(0))
        foreign = sum(1 for w in words if _classify(w) == "F")
        return " " if words and foreign * 2 > len(words) else match.group(0)

    return _QUOTED.sub(repl, text)


def _classify(word: str) -> str:
    """D marked Vietnamese, M impossible unmarked, S unmarked skeleton, F foreign, X not counted."""
    low = word.casefold()
    if low in TEENCODE or (len(low) == 1 and low not in _SINGLE_LETTER_WORDS):
        return "X"
    if _MARKED.search(low):
        return "D" if skeleton(low) in SKELETONS else "F"
    if low.isascii() and low in SKELETONS:
        return "M" if low in IMPOSSIBLE_UNMARKED else "S"
    return "F"


@lru_cache(maxsize=100_000)
def _word_kind(word: str) -> str:
    """_classify, plus O for another script and C for an all-caps abbreviation; cached, words repeat."""
    if not _LATIN.fullmatch(word):
        return "O"
    if _CAPS_ABBREV.fullmatch(word):
        return "C"
    return _classify(word)


@lru_cache(maxsize=100_000)
def _p_marked(word: str) -> float:
    return P_MARKED.get(skeleton(word.casefold()), DEFAULT_P)


def _tally(text: str) -> _Tally:
    tally = _Tally()
    cleaned = _strip_quoted_foreign(_HANDLE.sub(" ", _EMAIL.sub(" ", _URL.sub(" ", text))))
    if _DIGIT.search(cleaned):
        tally.vni_like = [w for chunk in _DIGIT_CHUNK.findall(cleaned) for w in _VNI_WORD.findall(chunk)]
        cleaned = _DIGIT_CHUNK.sub(" ", cleaned)
    words = _WORD.findall(cleaned)
    shouting = _is_shouting(words)
    if not shouting and _DOTTED_ABBREV.search(cleaned):
        words = _WORD.findall(_DOTTED_ABBREV.sub(" ", cleaned))
    for word in words:
        _add_word(tally, word, _word_kind(word), shouting)
    return tally


def _is_shouting(words: list[str]) -> bool:
    """An all-caps comment: its capitals are words, not abbreviations."""
    long_words = [w for w in words if len(w) > 1]
    caps = sum(1 for w in long_words if w.isupper())
    return caps >= 3 and caps >= 0.6 * len(long_words)


def _add_word(tally: _Tally, word: str, kind: str, shouting: bool) -> None:
    if kind == "O":
        tally.other_script += len(word)
        return
    tally.latin_letters += len(word)
    if kind == "C":
        if not shouting:
            return
        kind = _classify(word)
    if kind == "D":
        tally.marked.append(word)
    elif kind in "SM":
        tally.unmarked.append(word)
        if kind == "M":
            tally.impossible.append(word)
    elif kind == "F":
        tally.foreign.append(word)
        tally.foreign_lower += word.islower()


def _valid_share(text: str) -> tuple[int, float]:
    """Number of words and the share that are valid Vietnamese syllables."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return 0, 0.0
    return len(words), sum(1 for w in words if is_valid_syllable(w)) / len(words)


def _legacy_repair(text: str) -> DiacriticsVerdict | None:
    """Section 3: decode a legacy-font paste and keep it if it reads far better than the original."""
    if not looks_legacy(text):
        return None
    _, original = _valid_share(text)
    best = None
    for kind, decode in (("tcvn3", decode_tcvn3), ("vni-windows", decode_vni)):
        candidate = decode(text)
        words, score = _valid_share(candidate)
        if words >= 2 and score >= 0.8 and score - original >= 0.3 and (best is None or score > best[0]):
            best = (score, kind, candidate)
    if best is None:
        return None
    examples = tuple(dict.fromkeys(w for w in _WORD.findall(text) if not is_valid_syllable(w.casefold())))
    return DiacriticsVerdict(MISSING, examples[:MAX_EXAMPLES], best[2], best[1])


def _viqr_repair(text: str) -> DiacriticsVerdict | None:
    if not _VIQR_HINT.search(text):
        return None
    candidate = decode_viqr(text)
    words, score = _valid_share(candidate)
    _, original = _valid_share(text)
    if words < 2 or score < 0.8 or score - original < 0.3:
        return None
    examples = tuple(dict.fromkeys(c for c in _CHUNK.findall(text) if _VIQR_HINT.search(c)))
    return DiacriticsVerdict(MISSING, examples[:MAX_EXAMPLES], candidate, "viqr")


def _decoded_residue(words: list[str], method: dict) -> dict[str, str]:
    """Raw keystroke words that decode to a valid marked syllable (section 7)."""
    found = {}
    for word in words:
        low = word.casefold()
        if len(low) < 2 or low in SKELETONS:
            continue
        decoded = type_word(word, method)
        if decoded != word and _MARKED.search(decoded) and is_valid_syllable(decoded.casefold()):
            found[word] = decoded
    return found


def _residue_repair(text: str, tally: _Tally) -> DiacriticsVerdict | None:
    """Telex or VNI keys typed with the input method off: residue ≥ 30% and residue + valid ≥ 90%."""
    valid = len(tally.marked) + len(tally.unmarked)
    options = (
        ("telex", _decoded_residue([w for w in tally.foreign if w.isascii()], TELEX), _ASCII_WORD, 0),
        ("vni", _decoded_residue(tally.vni_like, VNI), _VNI_WORD, len(tally.vni_like)),
    )
    for kind, residue, pattern, extra in options:
        total = tally.counted + extra
        hits = sum(1 for w in tally.foreign + tally.vni_like if w in residue)
        if total >= 2 and hits >= 0.3 * total and hits + valid >= 0.9 * total:
            suggestion = pattern.sub(lambda m: residue.get(m.group(0), m.group(0)), text)
            return DiacriticsVerdict(MISSING, tuple(dict.fromkeys(residue))[:MAX_EXAMPLES], suggestion, kind)
    return None


def _examples(tally: _Tally) -> tuple[str, ...]:
    """Unmarked words to quote back, those that most need a mark first."""
    ranked = sorted(tally.unmarked, key=lambda w: (w not in tally.impossible, -_p_marked(w)))
    return tuple(dict.fromkeys(ranked))[:MAX_EXAMPLES]


def _decide(tally: _Tally) -> str | None:
    """Rules R1-R3 of section 6 plus the foreign-text checks."""
    n = tally.counted
    if tally.other_script > tally.latin_letters:
        return NOT_VIETNAMESE
    if n == 0:
        return None
    share = len(tally.marked) / n
    if share >= 0.5:
        return None
    short = n <= SHORT
    if not short and tally.foreign_lower >= 0.5 * n:
        return NOT_VIETNAMESE
    skeleton_share = len(tally.unmarked) / n
    if tally.impossible:
        return MISSING  # R1
    if n >= 8 and share < 0.3 and skeleton_share >= 0.8:
        return MISSING  # R2
    if not tally.marked and skeleton_share >= 0.8 and tally.expected_marked() >= 1.5:
        return MISSING  # R3
    if not short and share < 0.3 and len(tally.foreign) > 0.2 * n:
        return NOT_VIETNAMESE
    return None


def check_diacritics(text: str) -> DiacriticsVerdict:
    """Accept, or ask for diacritics (with a corrected text when keys or an old font are recognised)."""
    repaired = _legacy_repair(text) or _viqr_repair(text)
    if repaired:
        return repaired
    tally = _tally(text)
    repaired = _residue_repair(text, tally)
    if repaired:
        return repaired
    code = _decide(tally)
    if code == MISSING:
        return DiacriticsVerdict(code, _examples(tally))
    return DiacriticsVerdict(code)


def diacritics_message(verdict: DiacriticsVerdict) -> str:
    """The Vietnamese sentence shown to the reader for a verdict ("" when accepted)."""
    if verdict.code is None:
        return ""
    if verdict.code == NOT_VIETNAMESE:
        return "Vui lòng viết bình luận bằng tiếng Việt có dấu."
    if verdict.suggestion_kind in ("tcvn3", "vni-windows"):
        return (
            "Văn bản dán vào có vẻ dùng bảng mã cũ (TCVN3/VNI) nên hiển thị sai dấu. "
            "Bản đã chuyển sang Unicode được đề xuất ngay bên dưới; vui lòng kiểm tra rồi xác nhận."
        )
    if verdict.suggestion_kind:
        method = {"telex": "Telex", "vni": "VNI", "viqr": "VIQR"}[verdict.suggestion_kind]
        return (
            f"Bình luận có vẻ được gõ kiểu {method} khi bộ gõ tiếng Việt chưa bật{_quote(verdict)}. "
            "Bản đã chuyển sang tiếng Việt có dấu được đề xuất ngay bên dưới; vui lòng kiểm tra rồi xác nhận."
        )
    return (
        f"Bình luận có vẻ được gõ không dấu{_quote(verdict)}. Vui lòng gõ tiếng Việt có dấu; "
        "bạn có thể bật bộ gõ Telex/VNI ngay dưới ô bình luận."
    )


def _quote(verdict: DiacriticsVerdict) -> str:
    words = verdict.toneless_words[:3]
    return " (ví dụ: " + ", ".join(f"“{w}”" for w in words) + ")" if words else ""
