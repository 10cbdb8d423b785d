"""Deciding whether an upload may be kept: size, emptiness, type from its content, and a clean copy of images."""
import mimetypes
import sys
from dataclasses import dataclass
from typing import BinaryIO

import filetype

from ..errors import AttachmentRejected
from ..vietnamese import normalize
from .documents import is_pdf
from .images import TooManyPixels, UnreadableImage, clean_image, is_image
from .storage import StagedFile, Storage, TooLarge

TYPE_LABELS = {
    "image/jpeg": "ảnh JPEG",
    "image/png": "ảnh PNG",
    "image/webp": "ảnh WebP",
    "image/gif": "ảnh GIF",
    "image/heic": "ảnh HEIC",
    "application/pdf": "tài liệu PDF",
}
# What a name's extension or the browser claims, where Python's table does not know it or knows it differently.
CLAIMED_TYPES = {".heic": "image/heic", ".heif": "image/heic", ".jfif": "image/jpeg", ".webp": "image/webp",
                 "image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg", "image/heif": "image/heic"}
# The extensions a file of each type may carry; the first is given to a file named otherwise.
EXTENSIONS = {"image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",), "image/webp": (".webp",),
              "image/gif": (".gif",), "image/heic": (".heic", ".heif"), "application/pdf": (".pdf",)}
# Claims that say nothing about the content.
VAGUE_CLAIMS = {"", "application/octet-stream", "binary/octet-stream", "application/unknown"}
MAX_NAME_LENGTH = 255
MAX_SUFFIX_LENGTH = 10
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class Upload:
    filename: str
    stream: BinaryIO
    # What the browser said the file is: compared with the content, never trusted.
    claimed_type: str = ""


@dataclass(frozen=True)
class AttachmentPolicy:
    max_bytes: int
    allowed_types: tuple[str, ...]
    max_image_pixels: int = DEFAULT_MAX_IMAGE_PIXELS


@dataclass
class CheckedUpload:
    staged: StagedFile
    content_type: str
    display_name: str
    thumbnail: StagedFile | None = None

    @property
    def tokens(self) -> list[str]:
        return [s.token for s in (self.staged, self.thumbnail) if s is not None]


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


def accept_attribute(types: list[str]) -> str:
    """The file input's accept list; HEIC needs its extensions, which many browsers cannot map to a type."""
    extras = [".heic", ".heif"] if "image/heic" in types else []
    return ",".join([*types, *extras])


def too_large(max_bytes: int) -> AttachmentRejected:
    return AttachmentRejected(
        "attachment_too_large", f"File đính kèm vượt quá giới hạn {format_size(max_bytes)} của bài viết này."
    )


def display_name(filename: str) -> str:
    """The reader's file name for display only: NFC, no path, no invisible characters, bounded length."""
    name = normalize(filename.replace("\\", "/").rsplit("/", 1)[-1]).replace("\n", " ").strip(". ")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, suffix = name.rpartition(".")
        suffix = dot + suffix if dot and len(suffix) <= MAX_SUFFIX_LENGTH else ""
        name = name[: MAX_NAME_LENGTH - len(suffix) - 1].rstrip() + "…" + suffix
    return name or "tep-dinh-kem"


def name_for_type(name: str, content_type: str) -> str:
    """The name with an extension of its real type: a PDF sent as bao-cao.html is kept and downloaded as bao-cao.pdf.

    A download's name decides what the reader's computer opens it with, so it must never say HTML, HTA or EXE.
    """
    extensions = EXTENSIONS.get(content_type)
    if not extensions or name.lower().endswith(extensions):
        return name
    stem, dot, suffix = name.rpartition(".")
    stem = stem if dot and len(suffix) <= MAX_SUFFIX_LENGTH else name
    return stem[: MAX_NAME_LENGTH - len(extensions[0])] + extensions[0]


def check_upload(upload: Upload, policy: AttachmentPolicy, storage: Storage) -> CheckedUpload:
    """Stage the upload, decide its type from its bytes and clean images; raise AttachmentRejected if it may not stay."""
    try:
        staged = storage.stage(upload.stream, policy.max_bytes)
    except TooLarge:
        raise too_large(policy.max_bytes) from None
    try:
        content_type = _content_type(staged, upload, policy)
        if content_type == "application/pdf":
            _check_document(staged, storage)
        checked = CheckedUpload(staged, content_type, name_for_type(display_name(upload.filename), content_type))
        return _cleaned(checked, policy, storage) if is_image(content_type) else checked
    except BaseException:
        storage.discard(staged.token)
        raise


def _content_type(staged: StagedFile, upload: Upload, policy: AttachmentPolicy) -> str:
    if staged.size == 0:
        raise AttachmentRejected("attachment_empty", "File đính kèm rỗng. Vui lòng chọn lại file.")
    kind = filetype.guess(staged.head)
    if kind is None or kind.mime not in policy.allowed_types:
        raise AttachmentRejected(
            "attachment_type_not_allowed",
            f"Loại file này không được chấp nhận. Bạn có thể gửi: {allowed_types_text(policy.allowed_types)}.",
        )
    if any(_kind(claim) != _kind(kind.mime) for claim in _claims(upload)):
        # A document named or sent as a photo (or the reverse) is a disguise, or a mistake the reader should see.
        raise AttachmentRejected(
            "attachment_type_not_allowed",
            f"Tên hoặc loại của file không khớp với nội dung thật của nó ({TYPE_LABELS[kind.mime]}). "
            "Vui lòng kiểm tra lại file.",
        )
    return kind.mime


def _check_document(staged: StagedFile, storage: Storage) -> None:
    with storage.open_staged(staged) as stream:
        if not is_pdf(stream, staged.size):
            raise AttachmentRejected(
                "attachment_unreadable",
                "Không đọc được tài liệu PDF: file bị hỏng hoặc không phải PDF thật. Vui lòng chọn file khác.",
            )


def _claims(upload: Upload) -> list[str]:
    """The specific types the file name and the browser announce; vague ones say nothing."""
    suffix = "." + upload.filename.rpartition(".")[2].lower() if "." in upload.filename else ""
    by_name = CLAIMED_TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0] or ""
    by_browser = upload.claimed_type.split(";")[0].strip().lower()
    claims = [CLAIMED_TYPES.get(by_browser, by_browser), by_name]
    return [claim for claim in claims if claim not in VAGUE_CLAIMS]


def _kind(mime: str) -> str:
    """Photo or document: a JPEG sent as a PNG is still a photo we re-encode, a PDF sent as a JPEG is not."""
    return "image" if mime.startswith("image/") else "document"


def _cleaned(checked: CheckedUpload, policy: AttachmentPolicy, storage: Storage) -> CheckedUpload:
    """Replace the staged image by a re-encoded copy without metadata, and stage its thumbnail."""
    try:
        with storage.open_staged(checked.staged) as source:
            image = clean_image(source, checked.content_type, max_pixels=policy.max_image_pixels)
    except TooManyPixels:
        megapixels = f"{policy.max_image_pixels / 1_000_000:g}".replace(".", ",")
        raise AttachmentRejected(
            "attachment_too_many_pixels",
            f"Ảnh có kích thước quá lớn (tối đa {megapixels} megapixel). Vui lòng gửi ảnh nhỏ hơn.",
        ) from None
    except UnreadableImage:
        raise AttachmentRejected(
            "attachment_unreadable", "Không đọc được ảnh: file bị hỏng hoặc không phải ảnh thật. Vui lòng chọn file khác."
        ) from None
    with image.data, image.thumbnail:
        # Our own encoder's output, bounded by the pixel budget rather than by the reader's limit.
        clean = storage.stage(image.data, sys.maxsize)
        try:
            thumbnail = storage.stage(image.thumbnail, sys.maxsize)
        except BaseException:
            storage.discard(clean.token)
            raise
    storage.discard(checked.staged.token)
    name = checked.display_name
    if image.content_type != checked.content_type:
        name = display_name(f"{name.rpartition('.')[0] or name}{image.suffix}")
    return CheckedUpload(clean, image.content_type, name, thumbnail)
