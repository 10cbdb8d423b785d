"""How often syllables occur: data/syllable_stats.json, built by tools/build_syllable_stats.py from the
wordfreq Vietnamese list (CC BY-SA 4.0), valid syllables only."""
import json
from functools import lru_cache
from importlib import resources

from .normalize import WORD_CACHE_SIZE
from .syllables import skeleton

_STATS = json.loads(resources.files(__package__).joinpath("data/syllable_stats.json").read_text("utf-8"))
P_MARKED: dict[str, float] = _STATS["p_marked"]
PER_MILLION: dict[str, float] = _STATS["per_million"]
DEFAULT_P = 0.5  # skeletons too rare to have a measured share


@lru_cache(maxsize=WORD_CACHE_SIZE)
def p_marked(word: str) -> float:
    """P(written with a mark | skeleton of the word) in running Vietnamese text."""
    return P_MARKED.get(skeleton(word.casefold()), DEFAULT_P)


def per_million(syllable: str) -> float:
    """Occurrences per million words of this exact (lowercase NFC) syllable; 0 when unseen."""
    return PER_MILLION.get(syllable.casefold(), 0.0)
