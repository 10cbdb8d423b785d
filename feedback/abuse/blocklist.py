"""Senders admins have blocked: an e-mail address or domain, a name, an IP address or network."""
import ipaddress
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import or_, select

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


def find_block(sender: Sender) -> BlockedSender | None:
    """The first block entry that covers this sender, if any, in one query."""
    wanted = [(BlockedSender.kind == BlockKind.NAME) & (BlockedSender.value == name_key(sender.name))]
    if sender.email:
        email = sender.email.lower()
        domain = "@" + email.rpartition("@")[2]
        wanted.append((BlockedSender.kind == BlockKind.EMAIL) & BlockedSender.value.in_([email, domain]))
    if sender.ip:
        # Networks cannot be compared portably in SQL; the list of blocked networks is short.
        wanted.append(BlockedSender.kind == BlockKind.IP)
    for block in db.session.scalars(select(BlockedSender).where(or_(*wanted)).order_by(BlockedSender.id)):
        if block.kind != BlockKind.IP or _in_network(sender.ip, block.value):
            return block
    return None


def _in_network(ip: str | None, network: str) -> bool:
    try:
        return ipaddress.ip_address(ip or "") in ipaddress.ip_network(network)
    except ValueError:
        return False
