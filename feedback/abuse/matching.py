"""Word-list matching: a key that sees through obfuscation, compared syllable by syllable at each entry's level.

Matching never looks for substrings (`ngu` is inside `nguyễn` and `người`): the text becomes a list of syllable
tokens and an entry matches a run of whole tokens. Each entry has a level (exact, tone, skeleton) chosen so that
its key does not collide with everyday syllables; a token the writer disguised (digits for letters, look-alike
letters, letters spelled apart) is compared at the skeleton level, because no ordinary reader writes `l0n`.

Letters spelled apart are split back into words: at the writer's spaces when the letters are dotted (`đ.ụ m.á
m.à.y` is three words), otherwise by the syllable grammar, as the fewest syllables that spell the run (`đ ồ n g u`
holds đồ ngu, while `n g u y ễ n` is the one syllable nguyễn and holds no ngu). Letters no syllables spell
(`đ m`, `v c l`) stay one token, an acronym.
"""
import re
import unicodedata as ud
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Iterable

from ..models import MatchLevel
from ..vietnamese import fold
from ..vietnamese.frequencies import PER_MILLION
from ..vietnamese.normalize import WORD_CACHE_SIZE, to_nfc
from ..vietnamese.syllables import SKELETONS

# Five tones, then circumflex, breve and horn: every other combining mark is noise or a disguise.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
# Cyrillic and Greek letters that look Latin, and Ð for Đ (after case folding).
_LOOKALIKES = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "т": "t", "в": "b", "ο": "o", "α": "a", "ι": "i", "ν": "v", "κ": "k", "ρ": "p",
    "ð": "đ", "ɖ": "đ",
})
# Digits and @ standing for letters, only inside tokens that also hold letters (so 2024 stays a number).
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a"})
_TOKEN = re.compile(r"(?:[^\W_]|@)+")
_LETTER_GAP = re.compile(r"[\s.\-_*]+")
_REPEATS = re.compile(r"(.)\1+")
# Combining marks left after NFKC (stray or foreign) and invisible format characters.
_NOISE = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)

_LONGEST_SYLLABLE = max(map(len, SKELETONS))
_LONGEST_RUN = 40  # letters; a longer spelled-apart run is not split into syllables (it is not one phrase)
_NO_SPELLING = 1_000  # "syllables" needed for letters no sequence of syllables spells

# Per million syllables of written Vietnamese (vietnamese.frequencies): an entry's key may cover other syllables only this rarely.
COLLISION_LIMIT = 1.0
_LOOSEST_FIRST = (MatchLevel.SKELETON, MatchLevel.TONE)


@dataclass(frozen=True)
class Token:
    text: str  # exact-level key: NFC, case-folded, look-alikes and digits mapped, repeated letters squeezed
    disguised: bool  # digits, look-alike letters or letters spelled apart: the writer hid the word


@dataclass(frozen=True)
class Entry:
    word: str
    level: MatchLevel


def text_tokens(text: str) -> list[Token]:
    """The text as syllable tokens, with the usual obfuscations undone."""
    cleaned = _strip_noise(ud.normalize("NFKC", text))
    matches = list(_TOKEN.finditer(cleaned))
    tokens: list[Token] = []
    run: list[str] = []
    spaced: list[bool] = []  # for each gap inside the run: did the writer put a space there?
    for i, match in enumerate(matches):
        raw = match.group()
        if _is_single_letter(raw):
            run.append(raw)
            following = matches[i + 1] if i + 1 < len(matches) else None
            gap = cleaned[match.end():following.start()] if following else ""
            if following and _is_single_letter(following.group()) and _LETTER_GAP.fullmatch(gap):
                spaced.append(any(c.isspace() for c in gap))
                continue
            for group in _words_spelled_apart(run, spaced):
                tokens.extend(_joined(group))
            run, spaced = [], []
            continue
        tokens.append(_token(raw))
    return tokens


def _words_spelled_apart(run: list[str], spaced: list[bool]) -> list[list[str]]:
    """Split a run of letters where the writer spaced the words but dotted the letters (`đ.ụ m.á`). Single
    letters spaced alike are one word spelled out (`đ.m v c l` is đm, vcl)."""
    if all(spaced) or not any(spaced):
        return [run]
    groups: list[list[str]] = []
    for letter, space in zip(run, [True, *spaced]):
        if space:
            groups.append([letter])
        else:
            groups[-1].append(letter)
    merged: list[list[str]] = []
    singles = False
    for group in groups:
        if len(group) == 1 and singles:
            merged[-1].append(group[0])
            continue
        merged.append(group)
        singles = len(group) == 1
    return merged


def _strip_noise(text: str) -> str:
    """Drop invisible format characters and combining marks Vietnamese does not use, then recompose."""
    if not _NOISE.search(text):
        return text.casefold()  # NFKC has composed everything: the usual case costs nothing more
    kept = "".join(
        c for c in ud.normalize("NFD", text)
        if ud.category(c) != "Cf" and not (ud.combining(c) and c not in _VIETNAMESE_MARKS)
    )
    # Marks left over after composing (a second acute on one letter) belong to no letter.
    return "".join(c for c in to_nfc(kept).casefold() if not ud.combining(c))


def _is_single_letter(raw: str) -> bool:
    return len(raw) == 1 and (raw.isalpha() or raw in "0134@")


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _token(raw: str) -> Token:
    mapped = raw.translate(_LOOKALIKES)
    if any(c.isalpha() for c in mapped):
        mapped = mapped.translate(_LEET)
    return Token(_REPEATS.sub(r"\1", mapped), mapped != raw)


def _joined(run: list[str]) -> list[Token]:
    """Letters spelled apart (`n g u`, `đ.m`) become one disguised token; a row of bare digits stays as it is."""
    if len(run) == 1 or not any(c.isalpha() for c in run):
        return [_token(raw) for raw in run]
    word = "".join(run).translate(_LOOKALIKES).translate(_LEET)
    return [Token(_REPEATS.sub(r"\1", word), True)]


def syllables(word: str) -> tuple[str, ...]:
    """An entry's syllables, keyed like a text's tokens."""
    return tuple(token.text for token in text_tokens(word))


@cache
def _frequencies_by_key(level: MatchLevel) -> dict[str, dict[str, float]]:
    """Syllable frequencies of written Vietnamese, grouped by their key at a level."""
    groups: dict[str, dict[str, float]] = defaultdict(dict)
    for syllable, frequency in PER_MILLION.items():
        groups[fold(syllable, level.value)][fold(syllable, "exact")] = frequency
    return dict(groups)


def collisions(syllable: str, level: MatchLevel) -> float:
    """How often (per million syllables) other syllables share this one's key at a level."""
    group = _frequencies_by_key(level).get(fold(syllable, level.value), {})
    return sum(frequency for other, frequency in group.items() if other != fold(syllable, "exact"))


def choose_level(word: str) -> MatchLevel:
    """The loosest level at which the entry stays clear of everyday words.

    A phrase needs one syllable that stays clear: the others are then pinned by it.
    """
    keys = syllables(word)
    for level in _LOOSEST_FIRST:
        if any(collisions(syllable, level) <= COLLISION_LIMIT for syllable in keys):
            return level
    return MatchLevel.EXACT


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _fold(text: str, level: MatchLevel) -> str:
    # Texts repeat their syllables and lists are matched on every comment, so each key is folded once.
    return fold(text, level.value)


@lru_cache(maxsize=8192)
def _entry_keys(word: str, level: MatchLevel) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An entry's syllables at its level and at the skeleton level."""
    keys = syllables(word)
    return tuple(_fold(k, level) for k in keys), tuple(_fold(k, MatchLevel.SKELETON) for k in keys)


class WordMatcher:
    """Finds list entries in a text; build once per list, then call find for each text."""

    def __init__(self, entries: Iterable[Entry]):
        self._entries = [(entry, *_entry_keys(entry.word, entry.level)) for entry in entries]
        self._entries = [item for item in self._entries if item[1]]

    def find(self, tokens: list[Token]) -> list[Entry]:
        """The entries that occur in the tokens, in list order."""
        if not tokens or not self._entries:
            return []
        text = _TextKeys(tokens)
        return [entry for entry, level_keys, skeleton in self._entries if text.contains(entry.level, level_keys, skeleton)]


class _TextKeys:
    """A text's tokens keyed at each level, with where each key starts, so an entry costs a lookup."""

    def __init__(self, tokens: list[Token]):
        self._tokens = tokens
        self._keys: dict[MatchLevel, list[str]] = {}
        self._starts: dict[MatchLevel, dict[str, list[int]]] = {}
        skeleton = self.keys(MatchLevel.SKELETON)
        self._disguised: dict[str, list[int]] = defaultdict(list)
        for i, token in enumerate(tokens):
            if token.disguised:
                self._disguised[skeleton[i]].append(i)

    def keys(self, level: MatchLevel) -> list[str]:
        if level not in self._keys:
            self._keys[level] = [_fold(t.text, level) for t in self._tokens]
            starts: dict[str, list[int]] = defaultdict(list)
            for i, key in enumerate(self._keys[level]):
                starts[key].append(i)
            self._starts[level] = starts
        return self._keys[level]

    def contains(self, level: MatchLevel, level_keys: tuple[str, ...], skeleton: tuple[str, ...]) -> bool:
        text_keys, text_skeleton = self.keys(level), self._keys[MatchLevel.SKELETON]
        size = len(level_keys)
        candidates = self._starts[level].get(level_keys[0], []) + self._disguised.get(skeleton[0], [])
        for start in candidates:
            if start + size <= len(text_keys) and all(
                text_keys[start + j] == level_keys[j]
                or (self._tokens[start + j].disguised and text_skeleton[start + j] == skeleton[j])
                for j in range(1, size)
            ):
                return True
        # A phrase spelled apart letter by letter (`đ ụ m á`) arrives as one disguised token.
        if size > 1 and "".join(skeleton) in self._disguised:
            return True
        return any(_spelled_in(run, skeleton) for run in self._disguised)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _spelled_in(run: str, entry: tuple[str, ...]) -> bool:
    """The entry's syllables are among those a run of spelled-apart letters splits back into. The run is read
    as the fewest syllables that spell it: `dongu` is do ngu (or dong u), so it holds ngu; `nguyen` is one
    syllable, so it does not."""
    fewest = _fewest_syllables(run)
    if len(run) > _LONGEST_RUN or fewest >= _NO_SPELLING:
        return False
    whole = "".join(entry)
    start = run.find(whole)
    while start >= 0:
        rest = _fewest_syllables(run[:start]) + _fewest_syllables(run[start + len(whole):])
        if rest + len(entry) == fewest:
            return True
        start = run.find(whole, start + 1)
    return False


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _fewest_syllables(letters: str) -> int:
    """How few valid syllables (skeletons, the package's syllable grammar) spell these letters."""
    best = [0] + [_NO_SPELLING] * len(letters)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - _LONGEST_SYLLABLE), end):
            if best[start] + 1 < best[end] and letters[start:end] in SKELETONS:
                best[end] = best[start] + 1
    return best[-1]
