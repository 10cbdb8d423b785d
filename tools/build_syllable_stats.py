"""Rebuild feedback/vietnamese/data/syllable_stats.json from the wordfreq Vietnamese word list.

Run from the repository root, in an environment with wordfreq installed (pip install wordfreq==3.1.1):
    python tools/build_syllable_stats.py
wordfreq's data is CC BY-SA 4.0 (Robyn Speer and contributors); the derived figures keep that attribution.
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

from wordfreq import get_frequency_dict

ROOT = Path(__file__).resolve().parent.parent
# Import the text rules on their own: the feedback package itself needs Flask, which this script does not.
sys.path.insert(0, str(ROOT / "feedback"))

from vietnamese.normalize import fold  # noqa: E402
from vietnamese.syllables import SKELETONS, is_valid_syllable  # noqa: E402

OUT = ROOT / "feedback" / "vietnamese" / "data" / "syllable_stats.json"
MIN_SKELETON_FREQ = 1e-6  # below this a skeleton's share is noise; the checker uses its default
MIN_SYLLABLE_FREQ = 1e-6


def main() -> None:
    words = get_frequency_dict("vi", wordlist="best")
    totals: dict[str, float] = defaultdict(float)
    marked: dict[str, float] = defaultdict(float)
    syllables: dict[str, float] = {}
    for word, freq in words.items():
        if not word.isalpha() or not is_valid_syllable(word):
            continue
        key = fold(word)
        if key not in SKELETONS:
            continue
        totals[key] += freq
        if word != key:
            marked[key] += freq
        if freq >= MIN_SYLLABLE_FREQ:
            syllables[word] = freq
    p_marked = {k: round(marked[k] / t, 3) for k, t in sorted(totals.items()) if t >= MIN_SKELETON_FREQ}
    per_million = {w: round(f * 1e6, 1) for w, f in sorted(syllables.items(), key=lambda kv: -kv[1])}
    data = {
        "source": "wordfreq 3.1.1, Vietnamese 'best' list (CC BY-SA 4.0); valid syllables only",
        "p_marked": p_marked,
        "per_million": per_million,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(p_marked)} skeletons, {len(per_million)} syllables -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
