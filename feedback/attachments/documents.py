"""Whether a document's bytes hold the structure of its type, not just its first five bytes."""
import re
from typing import BinaryIO

_HEADER = re.compile(rb"%PDF-[12]\.\d")
# Where a PDF reader starts: the last startxref, the byte offset of the cross-reference section, then %%EOF.
_TRAILER = re.compile(rb"startxref\s+(\d+)\s+%%EOF")
_XREF = re.compile(rb"(?:^|\s)(?:xref|\d+\s+\d+\s+obj)\b")
TAIL_BYTES = 4096
# Writers put the offset a few bytes off; readers look around it, and so do we.
OFFSET_SLACK = 512


def is_pdf(stream: BinaryIO, size: int) -> bool:
    """A PDF header, a trailer at the very end (only whitespace may follow %%EOF) and a cross-reference section
    where the trailer says it is. HTML behind a %PDF- header has none of these.
    """
    stream.seek(0)
    if not _HEADER.match(stream.read(16)):
        return False
    stream.seek(max(size - TAIL_BYTES, 0))
    tail = stream.read(TAIL_BYTES)
    trailers = list(_TRAILER.finditer(tail))
    if not trailers or tail[trailers[-1].end():].strip(b" \t\r\n\x00"):
        return False
    offset = int(trailers[-1].group(1))
    if offset >= size:
        return False
    stream.seek(max(offset - OFFSET_SLACK, 0))
    return _XREF.search(stream.read(2 * OFFSET_SLACK)) is not None
