"""Senders admins have blocked: an e-mail address or domain, a name, an IP address or network."""
import ipaddress
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import list_versions
from ..errors import InvalidDecision, NotFound
from ..extensions import db
from ..models import BlockedSender, BlockKind
from .matching import syllables


class BlocklistError(InvalidDecision):
    """A block entry that cannot be saved; the message says why."""

    code = "invalid_block"


@dataclass(frozen=True)
class Sender:
    name: str
    email: str | None
    ip: str | None


@dataclass(frozen=True)
class Block:
    """One entry of the blocklist as matching sees it."""

    id: int
    kind: BlockKind
    value: str


def list_blocks() -> list[BlockedSender]:
    return list(db.session.scalars(select(BlockedSender).order_by(BlockedSender.kind, BlockedSender.value)))


def add_block(kind: BlockKind, value: str, *, note: str = "", editor_id: int | None = None) -> BlockedSender:
    canonical = canonical_value(kind, value)
    if db.session.scalar(select(BlockedSender).where(BlockedSender.kind == kind, BlockedSender.value == canonical)):
        raise BlocklistError(f"“{canonical}” đã có trong danh sách chặn.")
    block = BlockedSender(kind=kind, value=canonical, note=" ".join(note.split())[:200], created_by_id=editor_id)
    db.session.add(block)
    db.session.flush()
    return block


def remove_block(block_id: int) -> None:
    block = db.session.get(BlockedSender, block_id)
    if block is None:
        raise NotFound("block")
    db.session.delete(block)
    db.session.flush()


def canonical_value(kind: BlockKind, value: str) -> str:
    """The stored form: a lower-case address or @domain, a name key, a network in CIDR form."""
    value = (value or "").strip()
    if not value:
        raise BlocklistError("Vui lòng nhập giá trị cần chặn.")
    if kind == BlockKind.IP:
        try:
            return str(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise BlocklistError("Địa chỉ IP hoặc dải IP không hợp lệ, ví dụ: 203.0.113.7 hoặc 203.0.113.0/24.") from None
    if kind == BlockKind.EMAIL:
        return _email_value(value)
    key = name_key(value)
    if not key:
        raise BlocklistError("Tên cần chặn phải có chữ cái.")
    return key


def _email_value(value: str) -> str:
    if value.startswith("@"):
        domain = value[1:].strip().lower()
        if "." not in domain or "@" in domain:
            raise BlocklistError("Tên miền không hợp lệ, ví dụ: @spam.example.")
        return "@" + domain
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise BlocklistError("Địa chỉ email không hợp lệ.") from None


def name_key(name: str) -> str:
    """A name as matching sees it: case, spacing and disguises ignored, marks kept."""
    return " ".join(syllables(name))


def find_block(sender: Sender, *, version: int | None = None) -> Block | None:
    """The first block entry (oldest first) that covers this sender, if any."""
    return load_blocklist(version).find(sender)


def load_blocklist(version: int | None = None) -> "Blocklist":
    """The blocklist, ready to match; built once per version of it (pass the version when already read)."""
    return list_versions.derived(db.session, list_versions.BLOCKLIST, version, _build_blocklist)


class Blocklist:
    """Blocked addresses, domains and names in sets, networks parsed once; matching costs a few lookups."""

    def __init__(self, blocks: list[Block]):
        self._by_value = {(b.kind, b.value): b for b in blocks if b.kind != BlockKind.IP}
        self._networks = []
        for block in blocks:
            if block.kind == BlockKind.IP:
                try:
                    self._networks.append((block, ipaddress.ip_network(block.value)))
                except ValueError:
                    continue  # never stored by add_block; such a row could not match before either

    def find(self, sender: Sender) -> Block | None:
        found = [self._by_value.get((BlockKind.NAME, name_key(sender.name)))]
        if sender.email:
            email = sender.email.lower()
            found += [self._by_value.get((BlockKind.EMAIL, email)),
                      self._by_value.get((BlockKind.EMAIL, "@" + email.rpartition("@")[2]))]
        if sender.ip:
            found.append(self._first_network(sender.ip))
        return min((block for block in found if block is not None), key=lambda block: block.id, default=None)

    def _first_network(self, ip: str) -> Block | None:
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return None
        return next((block for block, network in self._networks if address in network), None)


def _build_blocklist(session: Session) -> Blocklist:
    rows = session.execute(select(BlockedSender.id, BlockedSender.kind, BlockedSender.value).order_by(BlockedSender.id))
    return Blocklist([Block(*row) for row in rows])
