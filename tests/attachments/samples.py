"""Small real files of every kind a reader may send, made with Pillow, plus hostile ones."""
import io
import struct
import zlib

from PIL import Image, ImageDraw
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart
from PIL.ExifTags import GPS, Base, IFD

HANOI = (21.0, 1.0, 42.0), (105.0, 51.0, 12.0)


def picture(size=(64, 48), mode="RGB") -> Image.Image:
    """A picture with a red top-left corner, so orientation can be checked after storage."""
    image = Image.new(mode, size, "white")
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 4, size[1] // 4), fill="red")
    return image


def encode(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "Dien thoai"
    exif[Base.Orientation] = orientation
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef], gps[GPS.GPSLatitude] = "N", HANOI[0]
    gps[GPS.GPSLongitudeRef], gps[GPS.GPSLongitude] = "E", HANOI[1]
    return exif


def jpeg_with_gps(size=(64, 48), orientation: int = 1) -> bytes:
    return encode(picture(size), "JPEG", exif=gps_exif(orientation), comment=b"Nha so 12 ngo 34")


def jpeg(size=(64, 48)) -> bytes:
    return encode(picture(size), "JPEG")


def png(size=(64, 48)) -> bytes:
    return encode(picture(size), "PNG")


def webp(size=(64, 48)) -> bytes:
    return encode(picture(size), "WEBP")


def gif(size=(64, 48), frames: int = 1) -> bytes:
    images = [picture(size).rotate(90 * i) for i in range(frames)]
    return encode(images[0], "GIF", save_all=frames > 1, append_images=images[1:], duration=100, loop=0)


def heic(size=(64, 48)) -> bytes:
    import pillow_heif  # noqa: F401  (registers the HEIF encoder)

    return encode(picture(size), "HEIF", exif=gps_exif())


def pdf(size: int = 200) -> bytes:
    """A well-formed PDF (header, one object, cross-reference table, trailer) padded to exactly `size` bytes."""
    def build(padding: int) -> bytes:
        body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%" + b"x" * padding + b"\n"
        xref = (b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n"
                b"startxref\n%d\n%%%%EOF\n" % len(body))
        return body + xref

    padding = max(size - len(build(0)), 0)
    while len(data := build(padding)) != size and padding > 0:
        padding += size - len(data)
    return data


HTML_AS_PDF = b"%PDF-1.4\n<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny PNG whose header announces a huge picture, as a decompression bomb does."""
    raw = png((8, 8))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return raw[:8] + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk)) + raw[33:]


def real_png_bomb(side: int) -> bytes:
    """A real picture of side x side pixels that compresses to almost nothing."""
    return encode(Image.new("L", (side, side)), "PNG", optimize=True)


HTML_AS_IMAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG_AS_IMAGE = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def multipart(fields: dict) -> dict:
    """Client arguments for a multipart body built in memory, fields in the order given (text first, as browsers do).

    The test client spools bodies over 500 KB to a temporary file it never closes; this keeps big uploads warning-free.
    """
    items = MultiDict()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            items.add(name, item if isinstance(item, str) else _file(*item))
    boundary, body = encode_multipart(items)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def _file(data: bytes, filename: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=filename)
