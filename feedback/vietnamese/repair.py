"""Recognise text typed with the input method off (Telex, VNI, VIQR) or pasted from an old font, and decode it."""
import re
from dataclasses import dataclass
from functools import lru_cache

from .input_methods import TELEX, VNI, decode_viqr, type_word
from .legacy import decode_tcvn3, decode_vni, has_foreign_bytes, looks_legacy
from .normalize import VIETNAMESE_LETTER, WORD_CACHE_SIZE
from .syllables import SKELETONS, is_valid_syllable
from .tokens import VNI_WORD, Tally, valid_share

MAX_EXAMPLES = 5
_METHODS = {"telex": TELEX, "vni": VNI}
_MARKED = re.compile(f"[{VIETNAMESE_LETTER}]")
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"(?<![\w/.@#])[A-Za-z]+(?![\w/@])")
_VIQR_HINT = re.compile(r"[aeiouyAEIOUY](?:[\^(+]|[`'~?.][a-zA-Z])")
_TWO_TONE_DIGITS = re.compile(r"[1-5][1-5]")  # U23, A45: a name or a number, not one VNI tone


@dataclass(frozen=True)
class Repair:
    kind: str  # "telex" | "vni" | "viqr" | "tcvn3" | "vni-windows"
    text: str
    examples: tuple[str, ...]


def _reads_better(candidate: str, original_score: float, margin: float = 0.3) -> bool:
    """Section 3, step 4: at least 2 words, ≥ 80% valid syllables, and `margin` better than the original."""
    words, score = valid_share(candidate)
    return words >= 2 and score >= 0.8 and score - original_score >= margin


def legacy_repair(text: str) -> Repair | None:
    """A paste from a TCVN3 or VNI-Windows font, decoded, if it reads far better than the original."""
    if not looks_legacy(text):
        return None
    original = valid_share(text)[1]
    candidates = [(kind, decode(text)) for kind, decode in (("tcvn3", decode_tcvn3), ("vni-windows", decode_vni))]
    good = [(valid_share(c)[1], kind, c) for kind, c in candidates if _reads_better(c, original, _margin(text, c))]
    if not good:
        return None
    _, kind, candidate = max(good)
    examples = dict.fromkeys(w for w in _WORD.findall(text) if not is_valid_syllable(w.casefold()))
    return Repair(kind, candidate, tuple(examples)[:MAX_EXAMPLES])


def _margin(original: str, candidate: str) -> float:
    """Bytes that Unicode Vietnamese never has (× µ ¸ ® inside words) are evidence of their own: when the
    candidate removes them all, any gain in valid syllables will do (short texts full of level tones)."""
    if has_foreign_bytes(original) and not has_foreign_bytes(candidate):
        return 0.01
    return 0.3


def viqr_repair(text: str) -> Repair | None:
    """VIQR marks (Vie^.t Nam), decoded and scored like a legacy candidate: never token by token."""
    if not _VIQR_HINT.search(text):
        return None
    chunks = text.split()
    marked = [c for c in chunks if _VIQR_HINT.search(c)]
    if len(marked) < 0.3 * len(chunks):  # decoding changes only these chunks: it cannot gain 0.3
        return None
    candidate = decode_viqr(text)
    if not _reads_better(candidate, valid_share(text)[1]):
        return None
    examples = dict.fromkeys(marked)
    return Repair("viqr", candidate, tuple(examples)[:MAX_EXAMPLES])


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _residue(word: str, method: str) -> str | None:
    """What a raw keystroke word decodes to, when that is a valid marked syllable and the raw word is not."""
    if len(word) < 2 or word.casefold() in SKELETONS or _TWO_TONE_DIGITS.search(word):
        return None
    decoded = type_word(word, _METHODS[method])
    if decoded != word and _MARKED.search(decoded) and is_valid_syllable(decoded.casefold()):
        return decoded
    return None


def residue_repair(text: str, tally: Tally) -> Repair | None:
    """Section 7: residue ≥ 30% of the words, and residue + valid syllables ≥ 80%. The reference's 90% leaves
    no room for the loanwords comments carry (online, app); English text stays near 35%."""
    valid = sum(1 for w in tally.marked + tally.unmarked if is_valid_syllable(w.casefold()))
    options = (
        ("telex", [w for w in tally.foreign + tally.names if w.isascii()], _ASCII_WORD, 0),
        ("vni", tally.vni_like, VNI_WORD, len(tally.vni_like)),
    )
    for kind, words, pattern, extra in options:
        residue = {w: d for w in words if (d := _residue(w, kind))}
        hits = sum(1 for w in words if w in residue)
        total = tally.counted + len(tally.names) + extra
        # A reader whose keyboard writes marks is not typing keys: "hix" beside "Buồn ghê" is slang, and
        # "Best of" (Telex for Bét ò) beside "đỉnh" is English.
        if total >= 2 and not tally.marked and hits >= 0.3 * total and hits + valid >= 0.8 * total:
            # Decode every raw word of the text, quoted ones included, once the text as a whole qualifies.
            suggestion = pattern.sub(lambda m: _residue(m.group(0), kind) or m.group(0), text)
            return Repair(kind, suggestion, tuple(residue)[:MAX_EXAMPLES])
    return None
