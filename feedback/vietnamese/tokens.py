"""Which words of a comment count as evidence about diacritics, and what kind of evidence each is."""
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .frequencies import p_marked
from .normalize import VIETNAMESE_LETTER, WORD_CACHE_SIZE
from .registers import CHAT_WORDS, TEEN_CODE
from .syllables import IMPOSSIBLE_UNMARKED, SKELETONS, is_well_formed, skeleton

# Function words of the Latin-script languages readers also write (English, French, Spanish, German...):
# a foreign text is full of them, while Vietnamese borrows nouns and verbs (admin, like, deadline), rarely
# these. Those that are also Vietnamese skeletons (the, to, in, on) prove nothing and are dropped below.
_FUNCTION_WORDS = frozenset(
    "is are was were of and you your that this with for from have has had what which who will would there"
    " their they we our if or but not about been should could just very also than when where how its it's"
    " don't can't i'm le les des et est une pour pas qui dans sur avec du au c'est je il nous vous el los las"
    " es por con una para del que como pero der die das und ist nicht ein eine mit auf den dem zu il della"
    " che per sono não uma com para yang dan di ini itu dengan untuk mais aussi très muy mas muito isso"
    " también este esta eso non molto anche tidak saya ada akan sangat kami ako hindi i in en un by sa po ang"
    " mga say".split()
)
FUNCTION_WORDS = _FUNCTION_WORDS - SKELETONS
# Skeletons Vietnamese usually writes bare that are also everyday English words: no sign of Vietnamese alone.
_FOREIGN_SKELETONS = (_FUNCTION_WORDS & SKELETONS) | frozenset(
    "hi him then run sun pin pen try guy gun tin bin sin pan".split()
)
# English words that happen to be skeletons no Vietnamese word writes bare (truệ, duệ, suê): foreign, not M.
_ENGLISH_LOOKALIKES = frozenset({"true", "due", "sue"})
# Words of those languages whose accents happen to spell a marked Vietnamese syllable (French à là thé,
# Spanish qué sí tú, Portuguese é não são só, Italian è già più): the only marks that say little about
# Vietnamese. Most accented foreign words (très, année, está, também) are no Vietnamese syllable at all.
SHARED_SPELLINGS = frozenset(
    "à á è é ì í ò ó ù ú là lá há cá só nó dó pé né dé sé té thé qué mí sí tú não são mão pão tão già più sì".split()
)
_SINGLE_LETTER_WORDS = frozenset("aeiouyàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵăâêôơư")

# Chunks that say nothing about diacritics: links, e-mails, @mentions, #hashtags, anything with a digit
# (2015, 8h30, 1.000đ, 61-KH/TU) and dotted abbreviations (TP.HCM, Tp.HCM).
_SKIPPED_CHUNK = re.compile(
    r"\d|://|(?i:www\.)|[@#]|\.(?i:com|net|org|vn|edu|gov|info|io|me|co|tv|biz|app|dev|ly)\b"
    r"|^\W*[A-ZĐ][A-Za-zĐ]*(?:\.[A-ZĐ]+)+\W*$"
)
_URLISH = re.compile(r"://|(?i:www\.)|[@#]|\.[A-Za-z]{2,}\b")
_QUOTE_CHARS = re.compile("[“\"«]")
_QUOTED = re.compile(r"“[^”\n]{1,300}”|\"[^\"\n]{1,300}\"|«[^»\n]{1,300}»")
_EDGE_PUNCT = re.compile("^[“”\"'(,.;:!?…-]+|[“”\"'),.;:!?…-]+$")
_CAPS_ABBREV = re.compile(r"[A-ZĐ]{2,}")
_WORD = re.compile(r"[^\W\d_]+")
_MARKED = re.compile(f"[{VIETNAMESE_LETTER}]")
_SENTENCE_END = re.compile(r"[.!?…]\W*$")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF]+")
VNI_WORD = re.compile(r"(?<![\w])[A-Za-z]+\d[A-Za-z\d]*(?![\w])")


@dataclass
class Tally:
    """Counted words of one comment, by class (section 6: D, S, M, foreign)."""

    marked: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    chat: list[str] = field(default_factory=list)  # abbreviations, teen code, loanwords (registers.py)
    teen_code: int = 0  # chat words only Vietnamese writers use (ko, dc, mn, ad, hok)
    words: list[str] = field(default_factory=list)  # as counted_words gives them
    named_at: list[int] = field(default_factory=list)  # positions in words of the names
    marked_names: int = 0  # marked words written as names (Hà Nội mid-sentence): Vietnamese, but not its language
    unmarked_names: int = 0  # the same unmarked (Nguyen Van Toan): still toneless evidence, not language evidence
    vietnamese_marked: int = 0  # marked words, names and SHARED_SPELLINGS aside: marks no foreign word explains
    function_words: int = 0
    other_script: int = 0
    latin_letters: int = 0
    vni_like: list[str] = field(default_factory=list)

    @property
    def counted(self) -> int:
        """Words that count; capitalised foreign words (names, brands) are neither Vietnamese nor foreign."""
        return len(self.marked) + len(self.unmarked) + len(self.foreign)

    @property
    def core(self) -> int:
        """Counted words less borrowed content words: foreign function words still count (they show a
        foreign text), loanwords like "admin" or "deadline" do not (toneless Vietnamese carries them too)."""
        return len(self.marked) + len(self.unmarked) + self.function_words

    @property
    def plain(self) -> list[str]:
        """Every word but names, in order: what the language detector reads."""
        names = set(self.named_at)
        return [word for i, word in enumerate(self.words) if i not in names]

    @property
    def looks_vietnamese(self) -> int:
        """Words, names aside, spelled as Vietnamese syllables, marked or not."""
        return len(self.marked) - self.marked_names + len(self.unmarked) - self.unmarked_names

    @property
    def usually_bare(self) -> int:
        """Unmarked words, names aside, that Vietnamese usually writes bare (anh, em, cho, hay): Vietnamese a
        foreign text rarely holds, unlike skeletons that are foreign function words (in, en, sa) or whose bare
        spelling is rare in Vietnamese (the, my, de, la)."""
        names = set(self.named_at)
        return sum(
            1 for i, word in enumerate(self.words)
            if i not in names and word_kind(word) in "SM" and p_marked(word) < 0.5
            and word.casefold() not in _FOREIGN_SKELETONS
        )

    def expected_marked(self) -> float:
        """E: how many of the unmarked words would normally carry a mark."""
        return sum(p_marked(w) for w in self.unmarked)


def classify(word: str) -> str:
    """D marked Vietnamese, M impossible unmarked, S unmarked skeleton, F foreign, L chat word, X not counted."""
    low = word.casefold()
    if low in CHAT_WORDS:
        return "L"
    if low in _ENGLISH_LOOKALIKES:
        return "F"
    if len(low) == 1 and low not in _SINGLE_LETTER_WORDS:
        return "X"
    if _MARKED.search(low):
        return "D" if skeleton(low) in SKELETONS else "F"
    if low.isascii() and low in SKELETONS:
        return "M" if low in IMPOSSIBLE_UNMARKED else "S"
    return "F"


@lru_cache(maxsize=WORD_CACHE_SIZE)
def word_kind(word: str) -> str:
    """classify, plus O for another script and C for an all-caps abbreviation, and finer: W for a marked word
    foreign languages spell too (SHARED_SPELLINGS), T for teen code; cached, as words repeat."""
    if not _LATIN.fullmatch(word):
        return "O"
    if _CAPS_ABBREV.fullmatch(word):
        return "C"
    return _finer_kind(word)


def _finer_kind(word: str) -> str:
    kind = classify(word)
    if kind == "D" and word.casefold() in SHARED_SPELLINGS:
        return "W"
    if kind == "L" and len(word) > 1 and word.casefold() in TEEN_CODE:  # j, z, r: also foreign words
        return "T"
    return kind


def counted_words(text: str) -> tuple[list[str], set[int], list[str]]:
    """Words left once links, handles, numbers and dotted abbreviations are gone; the positions of those that
    start a sentence; and VNI-looking words."""
    words: list[str] = []
    starts: set[int] = set()
    vni_like: list[str] = []
    for line in text.split("\n"):
        starts.add(len(words))
        for chunk in line.split():
            if chunk.isalpha():  # most chunks: one plain word
                words.append(chunk)
                continue
            if not _SKIPPED_CHUNK.search(chunk):
                words += _WORD.findall(chunk)
            elif not _URLISH.search(chunk):
                vni_like += VNI_WORD.findall(chunk)  # keys typed with VNI carry digits (Vie65t)
            if _ends_sentence(chunk):
                starts.add(len(words))
    return words, starts, vni_like


def _ends_sentence(chunk: str) -> bool:
    return _SENTENCE_END.search(chunk) is not None


def tally(text: str) -> Tally:
    """Sort the words of a normalized comment into evidence classes."""
    if _QUOTE_CHARS.search(text):
        text = _strip_quoted_foreign(text)
    words, starts, vni_like = counted_words(text)
    shouting = _is_shouting(words)
    result = Tally(vni_like=vni_like, words=words, named_at=[] if shouting else _names(words, starts))
    if not result.named_at:  # the usual case: one plain pass
        for word in words:
            _add_word(result, word, word_kind(word), shouting, False)
        return result
    names = set(result.named_at)
    for i, word in enumerate(words):
        _add_word(result, word, word_kind(word), shouting, i in names)
    return result


def _names(words: list[str], starts: set[int]) -> list[int]:
    """Positions of capitalised words that are names: inside a sentence, or first and followed by another
    capitalised word (Hà Nội mưa, Quang Hải played); a capitalised first word on its own is an ordinary word."""
    return [
        i for i, word in enumerate(words)
        if not word.islower() and (
            i not in starts or (i + 1 < len(words) and i + 1 not in starts and words[i + 1][:1].isupper())
        )
    ]


def valid_share(text: str) -> tuple[int, float]:
    """Number of words and the share that are valid Vietnamese syllables as written. Words here are whole
    chunks between spaces, so marks written as ASCII (Vie^.t) or legacy bytes make the chunk invalid."""
    scores = [score for chunk in text.split() if (score := _chunk_score(chunk)) is not None]
    if not scores:
        return 0, 0.0
    return len(scores), sum(scores) / len(scores)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _chunk_score(chunk: str) -> int | None:
    """1 for a well-formed syllable, 0 for any other word, None for what does not count."""
    if _SKIPPED_CHUNK.search(chunk):
        return None
    word = _EDGE_PUNCT.sub("", chunk)
    if not _WORD.search(word):
        return None
    if word.isalpha():
        return None if word_kind(word) in "XLTCO" else int(is_well_formed(word))
    return 0


def _strip_quoted_foreign(text: str) -> str:
    """Blank out quotations that are mostly not Vietnamese (quoted English titles, slogans)."""

    def replace(match: re.Match[str]) -> str:
        words = _WORD.findall(match.group(0))
        foreign = sum(1 for w in words if classify(w) == "F")
        return " " if words and foreign * 2 > len(words) else match.group(0)

    return _QUOTED.sub(replace, text)


def _is_shouting(words: list[str]) -> bool:
    """An all-caps comment: its capitals are words, not abbreviations."""
    long_words = [w for w in words if len(w) > 1]
    caps = sum(1 for w in long_words if w.isupper())
    return caps >= 3 and caps >= 0.6 * len(long_words)


def _add_word(result: Tally, word: str, kind: str, shouting: bool, named: bool) -> None:
    if kind == "O":
        result.other_script += len(word)
        return
    result.latin_letters += len(word)
    if kind == "C":
        if not shouting:
            return
        kind = _finer_kind(word)
    if kind in "DW":
        result.marked.append(word)
        if named:
            result.marked_names += 1
        elif kind == "D":
            result.vietnamese_marked += 1
    elif kind in "SM":
        result.unmarked.append(word)
        result.unmarked_names += named
        if kind == "M":
            result.impossible.append(word)
    elif kind in "LT":
        result.chat.append(word)
        result.teen_code += kind == "T"
    elif kind == "F":
        (result.names if named else result.foreign).append(word)
        result.function_words += word.casefold() in FUNCTION_WORDS
