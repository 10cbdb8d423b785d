import io

import pytest

from feedback.attachments import LocalStorage, TooLarge


class BrokenStream(io.RawIOBase):
    """A client that disconnects after sending part of its file."""

    def __init__(self, good_bytes: int):
        self.left = good_bytes

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise OSError("client went away")
        chunk = b"x" * min(size if size > 0 else self.left, self.left)
        self.left -= len(chunk)
        return chunk


def test_upload_cut_off_halfway_leaves_nothing_staged(tmp_path):
    storage = LocalStorage(tmp_path)
    with pytest.raises(OSError):
        storage.stage(BrokenStream(300_000), max_bytes=10_000_000)
    assert list(storage.staged()) == [] and list(storage.stored()) == []


def test_too_large_stream_leaves_nothing_staged(tmp_path):
    storage = LocalStorage(tmp_path)
    with pytest.raises(TooLarge):
        storage.stage(io.BytesIO(b"x" * 1001), max_bytes=1000)
    assert list(storage.staged()) == []


def test_staged_file_appears_under_its_key_only_when_promoted(tmp_path):
    storage = LocalStorage(tmp_path)
    staged = storage.stage(io.BytesIO(b"noi dung"), max_bytes=100)
    assert [f.name for f in storage.staged()] == [staged.token] and list(storage.stored()) == []
    storage.promote(staged, "ab/cd/abcd")
    assert [(f.name, f.size) for f in storage.stored()] == [("ab/cd/abcd", 8)] and list(storage.staged()) == []
    with storage.open("ab/cd/abcd") as f:
        assert f.read() == b"noi dung"


@pytest.mark.parametrize("key", ["", "../ngoai", "/etc/passwd", "ab/../../x", "ab\\..\\x"])
def test_keys_outside_the_root_are_refused(tmp_path, key):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path / "tep").open(key)


def test_staging_tokens_cannot_name_other_files(tmp_path):
    with pytest.raises(ValueError):
        LocalStorage(tmp_path).discard("../../x")
