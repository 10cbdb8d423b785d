import pytest

from feedback import abuse
from feedback.abuse import Sender
from feedback.models import BlockKind


@pytest.mark.parametrize("kind,value,stored", [
    (BlockKind.EMAIL, " Spam@Example.COM ", "spam@example.com"),
    (BlockKind.EMAIL, "@Rac.Example", "@rac.example"),
    (BlockKind.NAME, "  Nguyễn   VĂN Rác ", "nguyễn văn rác"),
    (BlockKind.IP, "198.51.100.7", "198.51.100.7/32"),
    (BlockKind.IP, "198.51.100.7/24", "198.51.100.0/24"),
])
def test_blocks_are_stored_in_one_canonical_form(app, app_ctx, kind, value, stored):
    assert abuse.add_block(kind, value).value == stored


@pytest.mark.parametrize("kind,value,message", [
    (BlockKind.IP, "198.51.100", "IP hoặc dải IP không hợp lệ"),
    (BlockKind.EMAIL, "khong-phai-email", "email không hợp lệ"),
    (BlockKind.EMAIL, "@khongcodauchan", "Tên miền không hợp lệ"),
    (BlockKind.NAME, "   ", "Vui lòng nhập"),
])
def test_malformed_block_is_refused_with_a_reason(app, app_ctx, kind, value, message):
    with pytest.raises(abuse.BlocklistError, match=message):
        abuse.add_block(kind, value)


def test_the_same_block_twice_is_refused(app, app_ctx):
    abuse.add_block(BlockKind.EMAIL, "spam@example.com")
    with pytest.raises(abuse.BlocklistError, match="đã có"):
        abuse.add_block(BlockKind.EMAIL, "SPAM@example.com")


def test_removed_block_no_longer_catches(app, app_ctx):
    block = abuse.add_block(BlockKind.IP, "198.51.100.0/24")
    sender = Sender("Bình", None, "198.51.100.9")
    assert abuse.find_block(sender) is not None
    abuse.remove_block(block.id)
    assert abuse.find_block(sender) is None
