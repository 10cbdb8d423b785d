"""The storage contract: where attachment bytes live, whatever the backend."""
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Protocol


class TooLarge(Exception):
    """The stream held more bytes than allowed; nothing was kept."""


@dataclass
class StagedFile:
    """An upload written to a temporary place, not yet visible under a key."""

    token: str
    size: int
    sha256: str
    head: bytes  # the first bytes, for deciding the type from content


class Storage(Protocol):
    def stage(self, stream: BinaryIO, max_bytes: int) -> StagedFile: ...

    def open_staged(self, staged: StagedFile) -> BinaryIO: ...

    def replace_staged(self, staged: StagedFile, data: bytes) -> StagedFile: ...

    def promote(self, staged: StagedFile, key: str) -> None: ...

    def discard(self, staged: StagedFile) -> None: ...

    def open(self, key: str) -> BinaryIO: ...

    def delete(self, key: str) -> None: ...

    def keys(self) -> Iterator[str]: ...
