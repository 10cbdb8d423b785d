"""Is a comment Vietnamese written with its diacritics? Section 6 of the reference, word by word.

Words that say nothing about diacritics are removed before counting: links, e-mails, @mentions,
#hashtags, anything with a digit, emoji and symbols, all-caps abbreviations (UBND, TP.HCM), chat
abbreviations (ok, ko, dc) and quoted passages made mostly of foreign words. Capitalised words that
are not Vietnamese syllables (iPhone, Messi) are names: evidence neither way. Every other word is
marked (D), an unmarked valid skeleton (S; M when it cannot be written without marks, like "nguoi"),
or foreign. The rules R1-R3 of the reference then ask for diacritics.

Very short comments (one to three counted words) are decided on the same evidence and never refused
for being short: "Đồng ý" is accepted (marked); "cam on", "dong y" and "bai viet hay" are refused
("cam" and "dong" are nearly always written with marks, and "viet" cannot be unmarked). "Hay" is
accepted: "hay" is itself a common correct word and one word is not enough evidence against the
reader. "ok" is a chat abbreviation, not a syllable, so it leaves nothing to count and is accepted,
like emoji-only or number-only comments. Foreign words in a short comment ("Good job") are not
refused as foreign either: readers write them, and length rules belong to their own check.
"""
from dataclasses import dataclass

from .frequencies import p_marked
from .repair import legacy_repair, residue_repair, viqr_repair
from .tokens import Tally, tally

MISSING = "missing_diacritics"
NOT_VIETNAMESE = "not_vietnamese"
MAX_EXAMPLES = 5
SHORT = 3  # counted words at or below which foreign words are not held against a comment
_METHOD_NAMES = {"telex": "Telex", "vni": "VNI", "viqr": "VIQR"}


@dataclass(frozen=True)
class DiacriticsVerdict:
    code: str | None
    toneless_words: tuple[str, ...] = ()
    suggestion: str | None = None
    suggestion_kind: str | None = None


def check_diacritics(text: str) -> DiacriticsVerdict:
    """Accept, or ask for diacritics (with a corrected text when keys or an old font are recognised)."""
    repair = legacy_repair(text) or viqr_repair(text)
    words = tally(text)
    repair = repair or residue_repair(text, words)
    if repair:
        return DiacriticsVerdict(MISSING, repair.examples, repair.text, repair.kind)
    code = _decide(words)
    if code == MISSING:
        return DiacriticsVerdict(code, _examples(words))
    return DiacriticsVerdict(code)


def _decide(words: Tally) -> str | None:
    """Rules R1-R3 of section 6, plus the foreign-text checks."""
    n = words.counted
    if words.other_script > words.latin_letters:
        return NOT_VIETNAMESE
    if n == 0:
        return None
    share = len(words.marked) / n
    if share >= 0.5:
        return None
    short = n <= SHORT
    foreign = len(words.foreign) / n
    if not short and foreign >= 0.5:
        return NOT_VIETNAMESE
    if words.impossible:
        return MISSING  # R1: share < 0.5 and a word that cannot be written without marks
    core = words.core
    skeletons = len(words.unmarked) / core if core else 0.0
    if core >= 8 and len(words.marked) / core < 0.3 and skeletons >= 0.8:
        return MISSING  # R2
    if not words.marked and skeletons >= 0.8 and words.expected_marked() >= 1.5:
        return MISSING  # R3
    if not short and share < 0.3 and foreign > 0.2:
        return NOT_VIETNAMESE  # neither marked Vietnamese nor unmarked Vietnamese
    return None


def _examples(words: Tally) -> tuple[str, ...]:
    """Unmarked words to quote back, those that most need a mark first."""
    impossible = set(words.impossible)
    ranked = sorted(dict.fromkeys(words.unmarked), key=lambda w: (w not in impossible, -p_marked(w)))
    return tuple(ranked[:MAX_EXAMPLES])


def diacritics_message(verdict: DiacriticsVerdict) -> str:
    """The Vietnamese sentence shown to the reader for a verdict ("" when accepted)."""
    if verdict.code is None:
        return ""
    if verdict.code == NOT_VIETNAMESE:
        return "Vui lòng viết bình luận bằng tiếng Việt có dấu."
    if verdict.suggestion and verdict.suggestion_kind in ("tcvn3", "vni-windows"):
        return (
            "Văn bản dán vào có vẻ dùng bảng mã cũ (TCVN3/VNI) nên hiển thị sai dấu. "
            "Bản đã chuyển sang Unicode được đề xuất ngay bên dưới; vui lòng kiểm tra rồi xác nhận."
        )
    if verdict.suggestion:
        method = _METHOD_NAMES.get(verdict.suggestion_kind or "", "Telex/VNI")
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
