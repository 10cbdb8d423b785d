"""Deciding whether an upload may be kept: size, emptiness, and type from its content."""
from dataclasses import dataclass
from typing import BinaryIO

import filetype

from ..errors import AttachmentRejected
from ..vietnamese import normalize
from .storage import StagedFile, Storage, TooLarge

TYPE_LABELS = {
    "image/jpeg": "ảnh JPEG",
    "image/png": "ảnh PNG",
    "image/webp": "ảnh WebP",
    "image/gif": "ảnh GIF",
    "image/heic": "ảnh HEIC",
    "application/pdf": "tài liệu PDF",
}
MAX_NAME_LENGTH = 255


@dataclass(frozen=True)
class Upload:
    filename: str
    stream: BinaryIO


@dataclass(frozen=True)
class AttachmentPolicy:
    max_bytes: int
    allowed_types: tuple[str, ...]


@dataclass
class CheckedUpload:
    staged: StagedFile
    content_type: str
    display_name: str


def format_size(size: int) -> str:
    """Sizes as a Vietnamese reader writes them: '10 MB', '1,5 MB', '900 KB'."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    else:
        value, unit = max(size / 1024, 1), "KB"
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} {unit}"


def allowed_types_text(types: tuple[str, ...]) -> str:
    return ", ".join(TYPE_LABELS.get(t, t) for t in types)


def display_name(filename: str) -> str:
    """The reader's file name for display only: NFC, no path, bounded length."""
    name = normalize(filename.replace("\\", "/").rsplit("/", 1)[-1]).replace("\n", " ")
    return name[-MAX_NAME_LENGTH:] or "tep-dinh-kem"


def check_upload(upload: Upload, policy: AttachmentPolicy, storage: Storage) -> CheckedUpload:
    """Stage the upload and decide its type from its bytes; raise AttachmentRejected if it may not stay."""
    try:
        staged = storage.stage(upload.stream, policy.max_bytes)
    except TooLarge:
        raise AttachmentRejected(
            "attachment_too_large", f"File đính kèm vượt quá giới hạn {format_size(policy.max_bytes)} của bài viết này."
        ) from None
    try:
        content_type = _content_type(staged, policy)
    except AttachmentRejected:
        storage.discard(staged)
        raise
    return CheckedUpload(staged, content_type, display_name(upload.filename))


def _content_type(staged: StagedFile, policy: AttachmentPolicy) -> str:
    if staged.size == 0:
        raise AttachmentRejected("attachment_empty", "File đính kèm rỗng. Vui lòng chọn lại file.")
    kind = filetype.guess(staged.head)
    if kind is None or kind.mime not in policy.allowed_types:
        raise AttachmentRejected(
            "attachment_type_not_allowed",
            f"Loại file này không được chấp nhận. Bạn có thể gửi: {allowed_types_text(policy.allowed_types)}.",
        )
    return kind.mime
