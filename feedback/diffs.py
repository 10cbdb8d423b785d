"""Word-level differences between two versions of a comment."""
import difflib
import re
from dataclasses import dataclass

# A word or a punctuation mark with the spaces before it is one unit, so a change reads " quá" rather than "quá ";
# a changed comma shows as one mark.
_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])|\s+")


@dataclass(frozen=True)
class Chunk:
    """A run of text that is the same in both versions ("same"), only in the new one ("ins") or only in the old."""

    op: str
    text: str


def word_diff(before: str, after: str) -> list[Chunk]:
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    chunks: list[Chunk] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            _append(chunks, "same", old[i1:i2])
            continue
        if tag in ("delete", "replace"):
            _append(chunks, "del", old[i1:i2])
        if tag in ("insert", "replace"):
            _append(chunks, "ins", new[j1:j2])
    return chunks


def _append(chunks: list[Chunk], op: str, tokens: list[str]) -> None:
    text = "".join(tokens)
    if not text:
        return
    if chunks and chunks[-1].op == op:
        chunks[-1] = Chunk(op, chunks[-1].text + text)
    else:
        chunks.append(Chunk(op, text))
