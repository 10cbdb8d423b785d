"""Text pasted from old TCVN3 (ABC) and VNI-Windows fonts, shown as Windows-1252 mojibake, decoded back."""
import re
import unicodedata as ud

from .normalize import VIETNAMESE_LETTER

# TCVN 5712 bytes 0xA1-0xFF (the same code points in Windows-1252 and Latin-1) as decoded by glibc iconv (TCVN5712-1); "?" marks the five combining-mark
# bytes 0xB0-0xB4, which TCVN3 fonts do not use. 0xAD (ư) is the soft hyphen in Windows-1252.
_TCVN3_HIGH = (
    "ĂÂÊÔƠƯĐăâêôơưđẰ?????àảãáạẲằẳẵắẴẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịòỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
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
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_WINDOWS), key=len, reverse=True)))
# Latin-1 range characters that are not Vietnamese letters, inside a word: the mark of a legacy paste.
_SUSPECT = re.compile(
    f"(?<=[^\\W\\d_])[^{VIETNAMESE_LETTER}\\x00-\\x7f\\xa0«»°±·¿¡§¶]|"
    f"[^{VIETNAMESE_LETTER}\\x00-\\x7f\\xa0«»°±·¿¡](?=[^\\W\\d_])"
)


def looks_legacy(text: str) -> bool:
    """Cheap pre-filter: a Latin-1 symbol or letter that Vietnamese Unicode text never has, inside a word."""
    return _SUSPECT.search(text) is not None


def decode_tcvn3(text: str) -> str:
    """Read Windows-1252 mojibake as TCVN3 bytes (0xA1-0xFF are the same code points in both)."""
    return ud.normalize("NFC", text.translate(TCVN3))


def decode_vni(text: str) -> str:
    """Read Windows-1252 mojibake as VNI-Windows bytes, longest match first."""
    return ud.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_WINDOWS[m.group(0)], text))
