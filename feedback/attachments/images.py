"""Re-encoding uploaded images with Pillow: metadata dropped, orientation applied, bombs refused, a thumbnail made."""
import warnings
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile
from typing import BinaryIO

from PIL import Image, ImageOps, ImageSequence
from pillow_heif import register_heif_opener

register_heif_opener()
# Pillow only warns about images past its own pixel limit before refusing those twice as large; here both are
# bombs. Set once for the process, since catch_warnings is not thread-safe under threaded workers.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)

# For each accepted type: the only decoders Pillow may use on it, and the format we store.
FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    "image/jpeg": (("JPEG", "MPO"), "JPEG"),
    "image/png": (("PNG",), "PNG"),
    "image/webp": (("WEBP",), "WEBP"),
    "image/gif": (("GIF",), "GIF"),
    # Only Safari shows HEIC, so readers and editors get a JPEG.
    "image/heic": (("HEIF",), "JPEG"),
}
STORED_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
STORED_SUFFIXES = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
ANIMATED = {"PNG", "WEBP", "GIF"}
THUMBNAIL_BOX = (320, 320)
SPOOL_BYTES = 1024 * 1024


class UnreadableImage(Exception):
    """The bytes do not decode as the image type their content announced."""


class TooManyPixels(Exception):
    """Decoding would take more pixels than allowed: a decompression bomb, or a photo far too large."""


@dataclass
class CleanImage:
    data: BinaryIO
    content_type: str
    suffix: str
    thumbnail: BinaryIO


@dataclass
class _Decoded:
    frames: list[Image.Image]
    durations: list[float]
    loop: int
    icc_profile: bytes | None


def is_image(content_type: str) -> bool:
    return content_type in FORMATS


def clean_image(source: BinaryIO, content_type: str, *, max_pixels: int) -> CleanImage:
    """Decode the image within a pixel budget and write it again with nothing but its pixels and colour profile."""
    decoders, stored_as = FORMATS[content_type]
    decoded = _decode(source, decoders, max_pixels, keep_frames=stored_as in ANIMATED)
    try:
        data, thumbnail = _encode(decoded, stored_as), _thumbnail(decoded.frames[0])
    except Exception as exc:
        # A picture that decodes in a form our encoders cannot write back is refused like a broken one.
        raise UnreadableImage(str(exc)) from exc
    return CleanImage(data, STORED_TYPES[stored_as], STORED_SUFFIXES[stored_as], thumbnail)


def _decode(source: BinaryIO, decoders: tuple[str, ...], max_pixels: int, *, keep_frames: bool) -> _Decoded:
    try:
        with Image.open(source, formats=decoders) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise TooManyPixels(f"{width}x{height}")
            return _frames(image, max_pixels, keep_frames)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise TooManyPixels("past Pillow's own limit") from None
    except TooManyPixels:
        raise
    except Exception as exc:
        # Decoders meet hostile bytes here and fail in many ways (OSError, SyntaxError, struct.error...);
        # every one of them means the file is not the image it claims to be.
        raise UnreadableImage(str(exc)) from exc


def _frames(image: Image.Image, max_pixels: int, keep_frames: bool) -> _Decoded:
    """Every frame of an animation, counted against the budget as it is decoded, so a bomb stops early."""
    loop, icc_profile = image.info.get("loop", 0), image.info.get("icc_profile")
    frames, durations, total = [], [], 0
    for frame in ImageSequence.Iterator(image):
        total += frame.width * frame.height
        if total > max_pixels:
            raise TooManyPixels(f"{total} pixels over {len(frames) + 1} frames")
        frame.load()  # decode here, where a broken file is caught as one
        durations.append(frame.info.get("duration", 0))
        if not keep_frames:
            # A still: turn the decoded picture itself upright rather than holding a second copy of it.
            ImageOps.exif_transpose(frame, in_place=True)
            frames.append(_without_metadata(frame))
            break
        frames.append(_without_metadata(frame.copy()))
    return _Decoded(frames, durations, loop, icc_profile)


def _without_metadata(frame: Image.Image) -> Image.Image:
    """Pixels only: EXIF (GPS), XMP, comments and text chunks all live in info, and encoders read it."""
    if frame.mode not in ("L", "LA", "RGB", "RGBA"):
        has_alpha = "A" in frame.mode or "transparency" in frame.info
        frame = frame.convert("RGBA" if has_alpha else "RGB")
    frame.info = {}
    return frame


def _encode(decoded: _Decoded, stored_as: str) -> BinaryIO:
    first, rest = decoded.frames[0], decoded.frames[1:]
    options: dict = {"format": stored_as}
    if stored_as == "JPEG":
        first = _flattened(first) if first.mode != "L" else first
        options.update(quality=90)
    elif stored_as == "WEBP":
        options.update(quality=90)
    if decoded.icc_profile and stored_as != "GIF":
        options["icc_profile"] = decoded.icc_profile
    if rest:
        options.update(save_all=True, append_images=rest, duration=decoded.durations, loop=decoded.loop)
    out = SpooledTemporaryFile(SPOOL_BYTES)
    first.save(out, **options)
    out.seek(0)
    return out


def _thumbnail(frame: Image.Image) -> BinaryIO:
    fits = frame.width <= THUMBNAIL_BOX[0] and frame.height <= THUMBNAIL_BOX[1]
    thumb = frame if fits else ImageOps.contain(frame, THUMBNAIL_BOX, Image.Resampling.LANCZOS)
    out = SpooledTemporaryFile(SPOOL_BYTES)
    _flattened(thumb).save(out, format="JPEG", quality=80)
    out.seek(0)
    return out


def _flattened(image: Image.Image) -> Image.Image:
    """RGB on white, for JPEG, which has no transparency."""
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    return flat
