"""Text pasted from old TCVN3 (ABC) and VNI-Windows fonts, shown as Windows-1252 mojibake, decoded back."""
import re
import unicodedata as ud
from functools import lru_cache

from .frequencies import per_million
from .normalize import VIETNAMESE_LETTER, WORD_CACHE_SIZE
from .syllables import VOWELS, all_spellings, is_valid_syllable

# TCVN 5712 bytes 0xA1-0xFF (the same code points in Windows-1252 and Latin-1) as decoded by glibc iconv (TCVN5712-1); "?" marks the five combining-mark
# bytes 0xB0-0xB4, which TCVN3 fonts do not use. 0xAD (ư) is the soft hyphen in Windows-1252.
_TCVN3_HIGH = (
    "ĂÂÊÔƠƯĐăâêôơưđẰ?????àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệ"
    "ìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)
TCVN3 = {0xA1 + i: ch for i, ch in enumerate(_TCVN3_HIGH) if ch != "?"}

# VNI-Windows writes a base letter followed by a mark byte; ơ ư đ and the i letters are single bytes.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base in ("a", "e", "o", "u", "y", "ô", "ö"):
        letter = _VNI_SINGLE.get(base, base)
        for mark, tone in _VNI_TONES.items():
            table[base + mark] = letter + tone
        if base in "aeo":
            for mark, tone in _VNI_HAT.items():
                table[base + mark] = letter + "\u0302" + tone
        if base == "a":
            for mark, tone in _VNI_BREVE.items():
                table[base + mark] = letter + "\u0306" + tone
    table.update(_VNI_SINGLE)
    # Upper-case fonts use the upper-case mark bytes; mixed case occurs in title-case words (Ñaûng).
    for seq, out in list(table.items()):
        table[seq.upper()] = out.upper()
        table[seq[0].upper() + seq[1:]] = out[0].upper() + out[1:]
    return {seq: ud.normalize("NFC", out) for seq, out in table.items()}


VNI_WINDOWS = _vni_table()
# Character classes rather than one alternative per sequence: a 400-way alternation is slow to scan.
_VNI_PATTERN = re.compile(
    "[" + "".join(sorted({k[0] for k in VNI_WINDOWS if len(k) == 2})) + "]"
    "[" + "".join(sorted({k[1] for k in VNI_WINDOWS if len(k) == 2})) + "]"
    "|[" + "".join(sorted(k for k in VNI_WINDOWS if len(k) == 1)) + "]"
)


def _vni_sequence(match: re.Match[str]) -> str:
    seq = match.group(0)
    if seq in VNI_WINDOWS:
        return VNI_WINDOWS[seq]
    return VNI_WINDOWS.get(seq[0], seq[0]) + "".join(VNI_WINDOWS.get(c, c) for c in seq[1:])
# Latin-1 range characters that are not Vietnamese letters, inside a word: the mark of a legacy paste.
_SUSPECT = re.compile(
    f"(?<=[^\\W\\d_])[^{VIETNAMESE_LETTER}\\x00-\\x7f\\xa0«»°±·¿¡§¶]|"
    f"[^{VIETNAMESE_LETTER}\\x00-\\x7f\\xa0«»°±·¿¡](?=[^\\W\\d_])"
)


_NOT_VIETNAMESE_LATIN1 = re.compile(
    "[" + "".join(chr(c) for c in range(0x80, 0x100) if not re.match(f"[{VIETNAMESE_LETTER}]", chr(c))) + "]"
)




def _impossible_vni_pairs() -> re.Pattern[str]:
    """A vowel followed by a VNI mark byte that is itself a Vietnamese letter (Quaù, Tieáng), where the two
    letters never meet in a Vietnamese syllable; pairs that do (quá, hoà, thuê) would flag clean text."""
    seen = {w[i : i + 2] for w in all_spellings() for i in range(len(w) - 1)}
    pairs = {b + m for b in "aeouyô" for m in "ùøûõïâáàåãäêéèúüë"} - seen
    pairs |= {p.upper() for p in pairs} | {p[0].upper() + p[1] for p in pairs}
    return re.compile("|".join(sorted(pairs)))


_VNI_PAIR = _impossible_vni_pairs()
_WHOLE_WORD = re.compile(r"(?<!\w)[^\W\d_]+(?!\w)")
SOFT_HYPHEN = "\u00ad"


def has_foreign_bytes(text: str) -> bool:
    """A Latin-1 character that Vietnamese Unicode text never has, inside a word (µ ¸ × ® ö ñ, soft hyphen)."""
    return _NOT_VIETNAMESE_LATIN1.search(text) is not None and _SUSPECT.search(text) is not None


def looks_legacy(text: str) -> bool:
    """Cheap pre-filter (the syllable score decides): foreign bytes, or a vowel followed by a VNI mark byte."""
    return has_foreign_bytes(text) or _VNI_PAIR.search(text) is not None


def decode_tcvn3(text: str) -> str:
    """Read Windows-1252 mojibake as TCVN3 bytes (0xA1-0xFF are the same code points in both)."""
    decoded = ud.normalize("NFC", text.translate(TCVN3))
    if SOFT_HYPHEN in text:
        return decoded
    return _WHOLE_WORD.sub(lambda m: _restore_u_horn(m.group(0)), decoded)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _restore_u_horn(word: str) -> str:
    """TCVN3 writes ư as the soft hyphen, which normalizing removes (người → ngời, như → nh): put it back
    where that gives a valid syllable that is far commoner than the word as it stands, or the only valid one."""
    horn = "Ư" if word.isupper() else "ư"
    vowel = next((i for i, ch in enumerate(word.lower()) if ud.normalize("NFD", ch)[0] in VOWELS), None)
    places = [vowel] if vowel is not None else range(1, len(word) + 1)  # no vowel left: nh, nhng, t
    candidates = [word[:i] + horn + word[i:] for i in places]
    valid = [c for c in candidates if is_valid_syllable(c.lower())]
    if not valid:
        return word
    best = max(valid, key=per_million)
    if not is_valid_syllable(word.lower()) or per_million(best) >= 10 * max(per_million(word), 0.1):
        return best
    return word


def decode_vni(text: str) -> str:
    """Read Windows-1252 mojibake as VNI-Windows bytes, longest match first."""
    return ud.normalize("NFC", _VNI_PATTERN.sub(_vni_sequence, text))
