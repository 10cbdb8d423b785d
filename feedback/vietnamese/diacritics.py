"""Is a comment Vietnamese written with its diacritics? Section 6 of the reference, word by word.

Words that say nothing about diacritics are removed before counting: links, e-mails, @mentions,
#hashtags, anything with a digit, emoji and symbols, all-caps abbreviations (UBND, TP.HCM), the chat
register of registers.py (ok, ko, cmt, ib, hok, thui, nha; clip, share, face) and quoted passages made
mostly of foreign words. Capitalised words inside a sentence (iPhone, Messi, Hà Nội) are names; the first
word of a sentence is an ordinary word unless the next is capitalised too (Quang Hải played...). Every
other word is marked (D), an unmarked valid skeleton (S; M when it cannot be written without marks, like
"nguoi"), or foreign. The rules R1-R3 of the reference then ask for diacritics.

Foreign text. Texts of more than three counted words, over half of them foreign (or half, with a foreign
function word), are refused as not Vietnamese, as before. Where the syllables leave room for doubt (at
least three words, and either more foreign words than plainly Vietnamese ones, or under 30% marked with
foreign function words), the language detector of language.py gives a second opinion: "Totally agree
with this." and "Merci pour l'article." are refused that way. Accents that French, Spanish, Portuguese or Italian words share with a
marked syllable (à là, qué sí, é não: tokens.SHARED_SPELLINGS) are weak evidence, so "Bonne chance à
l'équipe" is French; so are skeletons that are foreign words too (de, la, the, my). Neither rule refuses a
comment with Vietnamese evidence: a marked syllable outside names and SHARED_SPELLINGS, teen code only
Vietnamese writers use (ko, dc, mn, ad), most of its Vietnamese-looking words marked, or two words that
Vietnamese usually writes bare (anh em, cho xin). "Cmt dạo kiếm like", "Merci ad nhé", "Love you so much,
mãi yêu" and "Happy new year anh em" pass whatever the detector thinks of them (it often calls short
Vietnamese Italian or Portuguese). A false refusal costs more than a foreign comment in the queue, which an
editor rejects in a second; "Nice work em" (one such word) is still called English.

Very short comments (one to three counted words) are decided on the same evidence and never refused
for being short: "Đồng ý" is accepted (marked). With two or three words, all unmarked Vietnamese
syllables, the comment is refused when one of them is nearly always written with a mark (P(marked) ≥ 0.9
in frequencies.py, written Vietnamese) and its bare spelling is not itself a common word (at most 200 per
million): "cam on", "rat hay", "dung roi", "bai hay", "sai roi". Words often correct bare do not count
against it, so "hay qua" (hay 0.31, qua 0.57), "tin vui" and "so qua" (bare "so" is common) pass: both
readings are plausible, and the reader gets the benefit of the doubt. One word is never enough: "Hay" is
accepted, "duoc" is refused only because it cannot be written without marks. "ok" is a chat word, so it
leaves nothing to count and is accepted, like emoji-only or number-only comments. Two foreign words
("Good job", "Not again") are not refused either: readers write them, two words are too few for the
detector, and length rules belong to their own check.
"""
from dataclasses import dataclass

from . import language
from .frequencies import p_marked, per_million
from .repair import legacy_repair, residue_repair, viqr_repair
from .tokens import Tally, tally

MISSING = "missing_diacritics"
NOT_VIETNAMESE = "not_vietnamese"
MAX_EXAMPLES = 5
SHORT = 3  # counted words at or below which foreign words are not held against a comment
NEARLY_ALWAYS = 0.9  # P(marked) of a word that, unmarked, betrays a short toneless comment...
COMMON_BARE = 200  # ...unless its bare spelling is itself this common (per million words): so, the, la, ma
DETECTOR_WORDS = 3  # fewer words than this are not shown to the language detector
FOREIGN_LEADS = "more foreign words than plainly Vietnamese ones"
FEW_MARKS = "under 30% of the words marked, over 20% foreign, foreign function words among them"
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
    """Rules R1-R3 of section 6, the short-comment rule, and the foreign-text checks."""
    n = words.counted
    if words.other_script > words.latin_letters:
        return NOT_VIETNAMESE
    if n == 0:
        return None
    doubt = _doubt(words)
    if len(words.marked) / n >= 0.5:
        return NOT_VIETNAMESE if doubt == FOREIGN_LEADS and language.looks_foreign(words.plain) else None
    if n > SHORT and _foreign_half(words) and not _vietnamese_evidence(words):
        return NOT_VIETNAMESE
    # Asked before the toneless rules, so "Is Nguyen Van Toan still injured?" is called English, not toneless.
    if doubt == FOREIGN_LEADS and language.looks_foreign(words.plain):
        return NOT_VIETNAMESE
    if _toneless(words):
        return MISSING
    return NOT_VIETNAMESE if doubt == FEW_MARKS and language.looks_foreign(words.plain) else None


def _toneless(words: Tally) -> bool:
    """R1-R3, then the rule for two or three unmarked words."""
    if words.impossible:
        return True  # R1: share < 0.5 and a word that cannot be written without marks
    core = words.core
    skeletons = len(words.unmarked) / core if core else 0.0
    if core >= 8 and len(words.marked) / core < 0.3 and skeletons >= 0.8:
        return True  # R2
    if not words.marked and skeletons >= 0.8 and words.expected_marked() >= 1.5:
        return True  # R3
    return _short_toneless(words)


def _short_toneless(words: Tally) -> bool:
    """Two or three counted words, none marked, all Vietnamese syllables, one nearly always written marked."""
    n = words.counted
    return (
        2 <= n <= SHORT and not words.marked and len(words.unmarked) == n
        and any(p_marked(w) >= NEARLY_ALWAYS and per_million(w) <= COMMON_BARE for w in words.unmarked)
    )


def _foreign_half(words: Tally) -> bool:
    """Half the counted words or more are foreign; exactly half only with a foreign function word among them."""
    foreign, n = len(words.foreign), words.counted
    return 2 * foreign > n or (2 * foreign == n and words.function_words > 0)


def _vietnamese_evidence(words: Tally) -> bool:
    """A marked syllable no foreign word spells, teen code only Vietnamese writers use, most Vietnamese-looking
    words marked with fewer foreign words beside them, or two words Vietnamese usually writes bare ("Happy new
    year anh em"): the comment is then never refused as foreign."""
    if words.vietnamese_marked or words.teen_code:
        return True
    looks = words.looks_vietnamese
    marked = len(words.marked) - words.marked_names
    return (2 * marked > looks and len(words.foreign) < looks) or words.usually_bare >= 2


def _doubt(words: Tally) -> str | None:
    """Whether the syllables leave room for the language detector's opinion, and why."""
    foreign, n = len(words.foreign), words.counted
    if words.counted + len(words.chat) < DETECTOR_WORDS or not foreign or _vietnamese_evidence(words):
        return None
    # Against the words that are plainly Vietnamese: "Qué pena, de verdad" holds none (qué and de are Spanish
    # too); a tie needs a foreign function word to count.
    vietnamese = words.vietnamese_marked + words.usually_bare
    if foreign > vietnamese or (foreign == vietnamese and words.function_words):
        return FOREIGN_LEADS
    if len(words.marked) < 0.3 * n and foreign > 0.2 * n and words.function_words:
        return FEW_MARKS
    return None


def _examples(words: Tally) -> tuple[str, ...]:
    """Unmarked words to quote back, those that most need a mark first; words usually right bare ("hay" in
    "rat hay") only when nothing else is left."""
    impossible = set(words.impossible)
    ranked = sorted(dict.fromkeys(words.unmarked), key=lambda w: (w not in impossible, -p_marked(w)))
    needed = [w for w in ranked if w in impossible or p_marked(w) >= 0.5]
    return tuple((needed or ranked)[:MAX_EXAMPLES])


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
