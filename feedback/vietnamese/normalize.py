"""Canonical text at the boundary: NFC, no invisible characters, tidy whitespace; folded keys and slugs."""
import re
import unicodedata as ud

# Distinct words each per-word cache keeps: written Vietnamese uses about 7,000 syllables, so this holds the
# vocabulary and a long tail of names and loanwords, while numbers, addresses and typos, all different, cannot
# grow a worker's memory past it.
WORD_CACHE_SIZE = 20_000

# The 134 precomposed Vietnamese letters (section 1); never a range like À-ỹ.
VIETNAMESE_LETTER = (
    "\u00C0-\u00C3\u00C8-\u00CA\u00CC\u00CD\u00D2-\u00D5\u00D9\u00DA\u00DD"
    "\u00E0-\u00E3\u00E8-\u00EA\u00EC\u00ED\u00F2-\u00F5\u00F9\u00FA\u00FD"
    "\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01A0\u01A1\u01AF\u01B0\u1EA0-\u1EF9"
)
_MARKED = re.compile(f"[{VIETNAMESE_LETTER}]")
_SHAPE_MARKS = "\u0302\u0306\u031b"
_COMBINING_LATIN = re.compile("[\u0300-\u036f]")
_NEWLINES = re.compile("\r\n?|[\u2028\u2029\x85]")
_ZWJ = "\u200d"
# Zero-width and bidi controls, soft hyphen, BOM, C0/C1 controls except \n and \t (tabs become spaces below).
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200e\u200f\u2060-\u2064\ufeff\u00ad\u180e\u202a-\u202e\u2066-\u2069"
    "\x00-\x08\x0b-\x1f\x7f-\x9f]"
)
# The zero-width joiner is kept only between emoji (👨‍👩‍👧), where it is part of the picture.
_EMOJI = "\u2600-\u27bf\U0001f000-\U0001faff"
_STRAY_ZWJ = re.compile(f"(?<![{_EMOJI}\ufe0f])\u200d|\u200d(?![{_EMOJI}])")
_SPACES = re.compile(r"[^\S\n]+")
_TRAILING = re.compile(r" +\n")
_BLANK_LINES = re.compile(r"\n{3,}")

_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
_SHAPES = dict.fromkeys(map(ord, _SHAPE_MARKS))
_LOOKALIKE_D = str.maketrans({"ð": "đ", "ɖ": "đ"})
_FOLD_LEVELS = ("exact", "tone", "skeleton")
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def to_nfc(text: str) -> str:
    """NFC, after putting shape marks before tone marks so `a` + acute + circumflex still composes."""
    if not _COMBINING_LATIN.search(text):
        return ud.normalize("NFC", text)
    out: list[str] = []
    marks: list[str] = []
    for ch in ud.normalize("NFD", text) + "\0":
        if ud.combining(ch):
            marks.append(ch)
            continue
        if out and out[-1].isascii():
            marks.sort(key=lambda m: m not in _SHAPE_MARKS)
        out += marks
        out.append(ch)
        marks = []
    return ud.normalize("NFC", "".join(out[:-1]))


def normalize(text: str) -> str:
    """Canonical stored form of reader text: NFC, visible characters only, tidy whitespace, line breaks kept."""
    text = to_nfc(_NEWLINES.sub("\n", text))
    text = _STRAY_ZWJ.sub("", _INVISIBLE.sub("", text))
    text = _SPACES.sub(" ", text)
    text = _TRAILING.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def has_marks(text: str) -> bool:
    """True when any precomposed Vietnamese letter (including đ) occurs."""
    return _MARKED.search(to_nfc(text)) is not None


def fold(text: str, level: str = "skeleton") -> str:
    """Matching key: "exact" (NFC, casefold), "tone" (no tone marks) or "skeleton" (no marks, đ→d)."""
    if level not in _FOLD_LEVELS:
        raise ValueError(f"unknown fold level {level!r}")
    folded = ud.normalize("NFD", to_nfc(text).casefold().translate(_LOOKALIKE_D))
    if level != "exact":
        folded = folded.translate(_TONES)
    if level == "skeleton":
        folded = folded.translate(_SHAPES).replace("đ", "d")
    return ud.normalize("NFC", folded)


def slugify(title: str, max_length: int = 80) -> str:
    """ASCII slug for URLs: marks dropped, đ→d, hyphens; never empty."""
    folded = ud.normalize("NFD", title.casefold().translate(_LOOKALIKE_D)).replace("đ", "d")
    ascii_text = "".join(c for c in folded if not ud.combining(c))
    slug = _SLUG_JUNK.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
        slug = slug.strip("-")
    return slug or "bai-viet"
