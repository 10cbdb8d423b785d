"""The storage contract: where attachment bytes live, whatever the backend."""
from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class StoredFile:
    """A file the backend holds, staged (name is the token) or in place (name is the key)."""

    name: str
    size: int
    modified: datetime  # naive UTC, like every stored time


class Storage(Protocol):
    def stage(self, stream: BinaryIO, max_bytes: int) -> StagedFile:
        """Copy a stream to a temporary place; raise TooLarge past max_bytes, keeping nothing."""

    def open_staged(self, staged: StagedFile) -> BinaryIO: ...

    def promote(self, staged: StagedFile, key: str) -> None:
        """Make a staged file visible under its key."""

    def discard(self, token: str) -> None:
        """Forget a staged file; a missing one is not an error."""

    def open(self, key: str) -> BinaryIO: ...

    def delete(self, key: str) -> None:
        """Remove a file in place; a missing one is not an error."""

    def stored(self) -> Iterator[StoredFile]:
        """Every file in place, for finding orphans."""

    def staged(self) -> Iterator[StoredFile]:
        """Every staged file, for finding what dead requests left behind."""
