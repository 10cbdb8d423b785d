"""Telex, VNI and VIQR decoders: turn raw keystrokes left in a comment back into Vietnamese."""
import re
import unicodedata as ud
from functools import lru_cache

from .frequencies import per_million
from .normalize import WORD_CACHE_SIZE
from .syllables import TONE_NUM, VOWELS, is_valid_syllable, place_tone, split_syllable

# key → (action, argument); static/js/typing.js mirrors these tables so browser and server agree.
TELEX = {
    "s": ("tone", 1), "f": ("tone", 2), "r": ("tone", 3), "x": ("tone", 4), "j": ("tone", 5), "z": ("tone", 0),
    "a": ("hat", "a"), "e": ("hat", "e"), "o": ("hat", "o"), "w": ("hook", "uoa"), "d": ("stroke", None),
}
VNI = {
    "1": ("tone", 1), "2": ("tone", 2), "3": ("tone", 3), "4": ("tone", 4), "5": ("tone", 5), "0": ("tone", 0),
    "6": ("hat", None), "7": ("hook", "uo"), "8": ("hook", "a"), "9": ("stroke", None),
}
_HAT = {"a": "â", "e": "ê", "o": "ô"}
_HOOK = {"u": "ư", "o": "ơ", "a": "ă"}
_UNMARK = {"â": "a", "ê": "e", "ô": "o", "ư": "u", "ơ": "o", "ă": "a", "đ": "d"}


def _with_case(template: str, letter: str) -> str:
    return letter.upper() if template.isupper() else letter


class _Word:
    """One word being typed: letters without tone, plus the tone number."""

    def __init__(self) -> None:
        self.letters: list[str] = []
        self.tone = 0

    def cluster(self) -> range:
        """Indexes of the vowel cluster (the first run of vowels after a qu/gi onset)."""
        low = "".join(self.letters).lower()
        onset, cluster, _ = split_syllable(low)
        return range(len(onset), len(onset) + len(cluster))

    def append(self, key: str) -> None:
        base, tone = _split_tone(key)
        if tone:
            self.tone = tone
        self.letters.append(base)

    def set_tone(self, tone: int, key: str) -> bool:
        if not any(c.lower() in VOWELS for c in self.letters):
            return False
        if tone == 0:
            if not self.tone:
                return False
            self.tone = 0
            return True
        if self.tone == tone:  # pressing the key again cancels it and types the letter
            self.tone = 0
            self.letters.append(key)
            return True
        self.tone = tone
        return True

    def hat(self, target: str | None, key: str) -> bool:
        positions = [i for i in self.cluster() if self._plain(i) in _HAT and target in (None, self._plain(i))]
        if not positions:
            return False
        i = positions[-1]
        if self.letters[i].lower() in _HAT.values():  # undo by repeating
            self.letters[i] = _with_case(self.letters[i], self._plain(i))
            self.letters.append(key)
        else:
            self.letters[i] = _with_case(self.letters[i], _HAT[self._plain(i)])
        return True

    def hook(self, targets: str, key: str) -> bool:
        idx = list(self.cluster())
        plain = "".join(self._plain(i) for i in idx)
        if "uo" in plain and "u" in targets:  # one w after uo gives ươ
            start = idx[plain.index("uo")]
            chosen = [start, start + 1]
        elif "oa" in plain and "a" in targets:
            chosen = [idx[plain.index("oa") + 1]]
        else:
            chosen = [i for i, c in zip(idx, plain) if c in targets][:1]
        if not chosen:
            return False
        if all(self.letters[i].lower() in "ươă" for i in chosen):  # undo by repeating
            for i in chosen:
                self.letters[i] = _with_case(self.letters[i], self._plain(i))
            self.letters.append(key)
            return True
        for i in chosen:
            self.letters[i] = _with_case(self.letters[i], _HOOK[self._plain(i)])
        return True

    def stroke(self, key: str) -> bool:
        """dd → đ right after the first d; a third d undoes it."""
        if len(self.letters) != 1 or self.letters[0].lower() not in "dđ":
            return False
        if self.letters[0].lower() == "đ":
            self.letters[0] = _with_case(self.letters[0], "d")
            self.letters.append(key)
        else:
            self.letters[0] = _with_case(self.letters[0], "đ")
        return True

    def _plain(self, i: int) -> str:
        low = self.letters[i].lower()
        return _UNMARK.get(low, low)

    def render(self) -> str:
        text = "".join(self.letters)
        low = text.lower()
        _, cluster, coda = split_syllable(low)
        if cluster.endswith("ươ") and not coda:  # open ươ is written uơ (thuở)
            i = low.rindex("ươ")
            text = text[:i] + _with_case(text[i], "u") + text[i + 1 :]
        return place_tone(text, self.tone)


def _split_tone(ch: str) -> tuple[str, int]:
    decomposed = ud.normalize("NFD", ch)
    tone = next((TONE_NUM[c] for c in decomposed if c in TONE_NUM), 0)
    return ud.normalize("NFC", "".join(c for c in decomposed if c not in TONE_NUM)), tone


def type_word(keys: str, method: dict[str, tuple[str, object]]) -> str:
    """Render the word a Vietnamese IME would show after these keystrokes."""
    word = _Word()
    for key in keys:
        action = method.get(key.lower())
        handled = False
        if action:
            kind, arg = action
            if kind == "tone":
                handled = word.set_tone(arg, key)
            elif kind == "hat":
                handled = word.hat(arg, key)
            elif kind == "hook":
                handled = word.hook(arg, key)
            else:
                handled = word.stroke(key)
        if not handled:
            word.append(key)
    return word.render()


_VIQR_TONES = {"'": 1, "`": 2, "?": 3, "~": 4, ".": 5}
_VIQR_SHAPES = {"^": _HAT, "(": {"a": "ă"}, "+": {"o": "ơ", "u": "ư"}}
_VIQR_WORD = re.compile(r"[A-Za-z][A-Za-z'`?~.^(+\\]*")


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _viqr_word(raw: str) -> str:
    """Decode one VIQR word; characters after the first that is neither a letter nor a mark stay as they are."""
    word = _Word()
    i = 0
    if raw[:2].lower() == "dd":
        word.letters.append(_with_case(raw[0], "đ"))
        i = 2
    while i < len(raw):
        ch = raw[i]
        prev = word.letters[-1].lower() if word.letters else ""
        if ch == "\\" and i + 1 < len(raw):
            word.letters.append(raw[i + 1])
            i += 2
            continue
        if ch in _VIQR_SHAPES and prev in _VIQR_SHAPES[ch]:
            word.letters[-1] = _with_case(word.letters[-1], _VIQR_SHAPES[ch][prev])
        elif ch in _VIQR_TONES and prev and prev in VOWELS and not word.tone:
            word.tone = _VIQR_TONES[ch]
        elif ch.isalpha():
            word.letters.append(ch)
        else:
            break
        i += 1
    return word.render() + raw[i:]


def _is_punctuation(plain: str, marked: str, after: str) -> bool:
    """Whether a word-final `.` or `?` ends the sentence rather than marking the tone (plain vs marked reading)."""
    plain_ok, marked_ok = is_valid_syllable(plain.lower()), is_valid_syllable(marked.lower())
    if plain_ok != marked_ok:
        return plain_ok
    if not after or after[0] == "\n":
        return True
    if after[0] in ",;:)":
        return False
    following = after.lstrip(" ")[:1]
    if following.islower():
        return False
    # Before a capital both readings are plausible ("ơ? Đức", "ta? Tôi"): the commoner syllable wins.
    return per_million(marked) <= per_million(plain)


def decode_viqr(text: str) -> str:
    """Decode VIQR (RFC 1456) text, telling a final `.` or `?` used as punctuation from a tone mark."""

    def repl(match: re.Match[str]) -> str:
        raw = match.group(0)
        decoded = _viqr_word(raw)
        if raw[-1] in ".?" and len(raw) > 1 and not decoded.endswith(raw[-1]):
            plain = _viqr_word(raw[:-1])
            if _is_punctuation(plain, decoded, text[match.end() :]):
                return plain + raw[-1]
        return decoded

    return _VIQR_WORD.sub(repl, text)
