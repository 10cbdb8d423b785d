"""Vietnamese syllable structure: which spellings exist, with and without marks."""
import unicodedata as ud
from functools import lru_cache

from .normalize import WORD_CACHE_SIZE

# Combining tone marks and their VNI digits (1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng).
TONE_MARKS = "\u0301\u0300\u0309\u0303\u0323"
TONE_NUM = {mark: number for number, mark in enumerate(TONE_MARKS, start=1)}
ALL_TONES = frozenset(range(6))
STOP_TONES = frozenset({1, 5})
STOP_CODAS = ("p", "t", "c", "ch")

ONSETS = (
    "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n",
    "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x",
)
LABIALS = frozenset({"b", "m", "p", "ph", "v"})
VOWELS = frozenset("aăâeêioôơuưy")
MARKED_VOWELS = frozenset("ăâêôơư")

# Written rhymes (medial + nucleus + coda), one row per nucleus, as in the reference table.
_RHYME_ROWS = {
    "a": "a ai ay ao au am an ang anh ap at ac ach",
    "ă": "ăm ăn ăng ăp ăt ăc",
    "â": "ây âu âm ân âng âp ât âc",
    "e": "e eo em en eng ep et ec",
    "ê": "ê êu êm ên ênh êp êt êch",
    "i": "i iu im in inh ip it ich",
    "iê": "ia iêu iêm iên iêng iêp iêt iêc",
    "yê": "yêu yêm yên yêt",
    "o": "o oi om on ong op ot oc",
    "ô": "ô ôi ôm ôn ông ôp ôt ôc",
    "ơ": "ơ ơi ơm ơn ơp ơt",
    "u": "u ui um un ung up ut uc",
    "uô": "ua uôi uôm uôn uông uôt uôc",
    "ư": "ư ưi ưu ưng ưt ưc",
    "ươ": "ưa ươi ươu ươm ươn ương ươp ươt ươc",
    "y": "y",
    "oa": "oa oai oay oao oam oan oang oanh oap oat oac oach",
    "oă": "oăm oăn oăng oăt oăc",
    "oe": "oe oeo oen oet",
    "uâ": "uây uân uâng uât",
    "uê": "uê uênh uêch",
    "uy": "uy uyu uyn uynh uyp uyt uych",
    "uyê": "uya uyên uyêt",
    "uơ": "uơ",
}
_MEDIAL_NUCLEI = frozenset({"oa", "oă", "oe", "uâ", "uê", "uy", "uyê", "uơ"})
_FRONT_NUCLEI = frozenset({"e", "ê", "i", "iê", "y"})
# After `qu` the u is the medial, so these rows are written without it (quang, quân, quyết).
_QU_NUCLEI = frozenset({"a", "ă", "â", "e", "ê", "ơ", "ô"})
_NO_MEDIAL_AFTER = LABIALS | {"c", "k", "gh", "ngh", "gi"}
_QU_EXTRA = ("y", "yu", "yn", "ynh", "yp", "yt", "ych", "yên", "yêt", "i")

# Loans and minority place names that break the rules but are written daily (section 4, point 6).
# The oo rhymes (xoong, soóc) occur only in loans, so they are listed here rather than generated.
LOAN_SYLLABLES = frozenset({
    "đắk", "lắk", "krông", "búk", "pơ", "grai", "buýt", "phuy", "voan",
    "xoong", "boong", "goòng", "moóc", "soóc", "cooc",
})


def _allowed(onset: str, nucleus: str, rhyme: str) -> bool:
    """Spelling rules that tie an onset to the rhyme that follows it."""
    if nucleus == "yê":
        return onset == ""
    if onset == "":
        # iê is written yê without an onset; only the open ia stands alone.
        return nucleus != "iê" or rhyme == "ia"
    if onset == "qu" or (nucleus in _MEDIAL_NUCLEI and onset in _NO_MEDIAL_AFTER):
        return False
    if onset == "gi" and nucleus == "y":
        return False
    front = nucleus in _FRONT_NUCLEI
    if onset in {"k", "gh", "ngh"}:
        return front
    if onset in {"c", "g", "ng"}:
        return not front
    return True


def _tones_for(rhyme: str) -> frozenset[int]:
    return STOP_TONES if rhyme.endswith(STOP_CODAS) else ALL_TONES


def _build_bases() -> dict[str, frozenset[int]]:
    """Every written toneless syllable mapped to the tones it can carry."""
    bases: dict[str, frozenset[int]] = {}
    for nucleus, row in _RHYME_ROWS.items():
        for rhyme in row.split():
            for onset in ("",) + ONSETS:
                if not _allowed(onset, nucleus, rhyme):
                    continue
                # gi + i… writes the i once: gì, gìn, giếng.
                written = "g" + rhyme if onset == "gi" and rhyme.startswith("i") else onset + rhyme
                if onset == "g" and rhyme.startswith("i"):
                    continue
                bases[written] = _tones_for(rhyme)
            if nucleus in _QU_NUCLEI:
                bases["qu" + rhyme] = _tones_for(rhyme)
    for rhyme in _QU_EXTRA:
        bases["qu" + rhyme] = _tones_for(rhyme)
    return bases


def skeleton(text: str) -> str:
    """Drop every mark and map đ to d (lowercase input)."""
    stripped = "".join(c for c in ud.normalize("NFD", text) if not ud.combining(c))
    return stripped.replace("đ", "d")


def tone_key(syllable: str) -> tuple[str, int]:
    """Split a syllable into (toneless base, tone number); tone -1 means two tone marks."""
    decomposed = ud.normalize("NFD", syllable.casefold())
    tones = [TONE_NUM[c] for c in decomposed if c in TONE_NUM]
    base = ud.normalize("NFC", "".join(c for c in decomposed if c not in TONE_NUM))
    if len(tones) > 1:
        return base, -1
    return base, tones[0] if tones else 0


BASES = _build_bases()
LOAN_BASES = frozenset(tone_key(s)[0] for s in LOAN_SYLLABLES)
SKELETONS = frozenset(skeleton(b) for b in BASES) | frozenset(skeleton(b) for b in LOAN_BASES)
# Unmarked spellings that are words as written; a stop coda without tone is tolerated (section 4, point 4).
VALID_UNMARKED = frozenset(b for b in BASES.keys() | LOAN_BASES if b.isascii())
# Skeletons that cannot be written without marks (nguoi, duoc, viet): the strongest sign of stripped text.
IMPOSSIBLE_UNMARKED = SKELETONS - VALID_UNMARKED


@lru_cache(maxsize=WORD_CACHE_SIZE)
def is_valid_syllable(token: str) -> bool:
    """True when the (casefolded) token is a spellable Vietnamese syllable with an allowed tone."""
    base, tone = tone_key(token)
    if base in LOAN_BASES:
        return tone >= 0
    return tone in BASES.get(base, ())


def split_syllable(base: str) -> tuple[str, str, str]:
    """Split a lowercase toneless syllable into (onset, vowel cluster, coda)."""
    start = 0
    if base[:2] in {"qu", "gi"} and len(base) > 2 and base[2] in VOWELS:
        start = 2
    while start < len(base) and base[start] not in VOWELS:
        start += 1
    end = start
    while end < len(base) and base[end] in VOWELS:
        end += 1
    return base[:start], base[start:end], base[end:]


def tone_position(base: str, modern: bool = False) -> int:
    """Index of the letter that carries the tone, per section 5; -1 if no vowel. The house style is òa, úy
    (the Unikey default); modern=True gives oà, uý."""
    low = base.lower()
    onset, cluster, coda = split_syllable(low)
    if not cluster:
        # gi and qu alone: the i / u is the vowel (gì, quỳ is not written so).
        return 1 if low in {"gi", "qu"} else -1
    marked = [i for i, c in enumerate(cluster) if c in MARKED_VOWELS]
    if marked:
        offset = marked[-1]
    elif len(cluster) >= 3:
        offset = 1
    elif len(cluster) == 2 and (coda or (modern and cluster in {"oa", "oe", "uy"})):
        offset = 1
    else:
        offset = 0
    return len(onset) + offset


def place_tone(base: str, tone: int, modern: bool = False) -> str:
    """Write a toneless syllable (any case) with the tone on the right letter, in NFC."""
    position = tone_position(base, modern) if tone > 0 else -1
    if position < 0:
        return base
    mark = TONE_MARKS[tone - 1]
    return ud.normalize("NFC", base[: position + 1] + mark + base[position + 1 :])


@lru_cache(maxsize=WORD_CACHE_SIZE)
def is_well_formed(token: str) -> bool:
    """A valid syllable whose tone mark sits where either placement style puts it (not quàu for quaù)."""
    low = token.casefold()
    if not is_valid_syllable(low):
        return False
    base, tone = tone_key(low)
    return tone == 0 or base in LOAN_BASES or low in {place_tone(base, tone), place_tone(base, tone, modern=True)}


def all_spellings() -> set[str]:
    """Every valid toned syllable in lowercase, in both tone-placement styles (about 30,000 strings)."""
    out = set()
    for base, tones in BASES.items():
        for tone in tones:
            out.add(place_tone(base, tone))
            out.add(place_tone(base, tone, modern=True))
    return out
