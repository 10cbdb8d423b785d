import io
import unicodedata

import pytest
from PIL import Image
from PIL.ExifTags import IFD

from feedback.attachments import AttachmentPolicy, LocalStorage, Upload, check_upload
from feedback.attachments.inspect import display_name
from feedback.errors import AttachmentRejected
from feedback.models import DEFAULT_ATTACHMENT_TYPES

from . import samples

LIMIT = 10 * 1024 * 1024
POLICY = AttachmentPolicy(LIMIT, tuple(DEFAULT_ATTACHMENT_TYPES), max_image_pixels=1_000_000)


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path)


def check(storage, data: bytes, name: str = "tep", claimed: str = "", policy: AttachmentPolicy = POLICY):
    return check_upload(Upload(name, io.BytesIO(data), claimed), policy, storage)


def rejected(storage, data: bytes, name: str = "tep", claimed: str = "", policy: AttachmentPolicy = POLICY) -> str:
    before = set(storage.staged())
    with pytest.raises(AttachmentRejected) as exc_info:
        check(storage, data, name, claimed, policy)
    assert set(storage.staged()) == before, "a refused upload must leave nothing staged"
    return exc_info.value.errors[0].code


def staged_bytes(storage, staged) -> bytes:
    with storage.open_staged(staged) as f:
        return f.read()


def test_file_of_exactly_the_limit_is_accepted_and_one_byte_more_is_refused(storage):
    policy = AttachmentPolicy(4096, ("application/pdf",))
    checked = check(storage, samples.pdf(4096), "don.pdf", policy=policy)
    assert checked.staged.size == 4096 and checked.content_type == "application/pdf"
    assert rejected(storage, samples.pdf(4097), "don.pdf", policy=policy) == "attachment_too_large"


@pytest.mark.parametrize("make,name,stored_type", [
    (samples.jpeg, "anh.jpg", "image/jpeg"),
    (samples.png, "anh.png", "image/png"),
    (samples.webp, "anh.webp", "image/webp"),
    (samples.gif, "anh.gif", "image/gif"),
    (samples.heic, "anh.heic", "image/jpeg"),
    (samples.pdf, "don.pdf", "application/pdf"),
])
def test_every_allowed_type_is_accepted(storage, make, name, stored_type):
    checked = check(storage, make(), name)
    assert checked.content_type == stored_type
    if stored_type.startswith("image/"):
        assert Image.open(io.BytesIO(staged_bytes(storage, checked.staged))).size == (64, 48)
        assert Image.open(io.BytesIO(staged_bytes(storage, checked.thumbnail))).format == "JPEG"
    else:
        assert checked.thumbnail is None and staged_bytes(storage, checked.staged) == make()


def test_heic_becomes_a_jpeg_named_so(storage):
    checked = check(storage, samples.heic(), "IMG_0042.HEIC")
    assert checked.display_name == "IMG_0042.jpg"
    assert Image.open(io.BytesIO(staged_bytes(storage, checked.staged))).format == "JPEG"


def test_type_not_in_the_article_rule_is_refused(storage):
    policy = AttachmentPolicy(LIMIT, ("application/pdf",))
    assert rejected(storage, samples.png(), "anh.png", policy=policy) == "attachment_type_not_allowed"


def test_gps_exif_and_comments_are_gone_after_storage(storage):
    original = samples.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(IFD.GPSInfo)
    stored = staged_bytes(storage, check(storage, original, "duong-ngap.jpg").staged)
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif() and not image.getexif().get_ifd(IFD.GPSInfo)
    assert "exif" not in image.info and "comment" not in image.info and "xmp" not in image.info
    assert b"Nha so 12" not in stored and b"Exif" not in stored


def test_heic_gps_is_gone_too(storage):
    stored = staged_bytes(storage, check(storage, samples.heic(), "anh.heic").staged)
    assert not Image.open(io.BytesIO(stored)).getexif() and b"Exif" not in stored


def test_exif_orientation_is_applied_to_the_pixels(storage):
    # Orientation 6: the camera was turned; the picture must stand upright once the tag is gone.
    stored = staged_bytes(storage, check(storage, samples.jpeg_with_gps((64, 48), orientation=6)).staged)
    image = Image.open(io.BytesIO(stored)).convert("RGB")
    assert image.size == (48, 64)
    red, white = image.getpixel((image.width - 3, 2)), image.getpixel((2, 2))
    assert red[0] > 200 and red[1] < 60 and min(white) > 200


def test_animated_gif_keeps_its_frames(storage):
    stored = staged_bytes(storage, check(storage, samples.gif(frames=3), "dong.gif").staged)
    assert Image.open(io.BytesIO(stored)).n_frames == 3


def test_png_decompression_bomb_is_refused(storage):
    assert rejected(storage, samples.png_bomb(30_000, 30_000), "bom.png") == "attachment_too_many_pixels"


def test_real_picture_over_the_pixel_budget_is_refused(storage):
    bomb = samples.real_png_bomb(1500)  # 2.25 megapixels in a few kilobytes
    assert len(bomb) < 20_000
    assert rejected(storage, bomb, "bom.png") == "attachment_too_many_pixels"


def test_animation_over_the_pixel_budget_is_refused(storage):
    assert rejected(storage, samples.gif((400, 400), frames=8), "dong.gif") == "attachment_too_many_pixels"


def test_image_that_does_not_decode_is_refused(storage):
    truncated = samples.jpeg((200, 200))[:400]
    assert rejected(storage, truncated, "hong.jpg") == "attachment_unreadable"


@pytest.mark.parametrize("data", [samples.HTML_AS_IMAGE, samples.SVG_AS_IMAGE], ids=["html", "svg"])
@pytest.mark.parametrize("claimed", ["image/jpeg", "image/png", ""])
def test_html_and_svg_disguised_as_images_are_refused(storage, data, claimed):
    assert rejected(storage, data, "anh.jpg", claimed) == "attachment_type_not_allowed"


def test_pdf_named_as_a_photo_is_refused(storage):
    assert rejected(storage, samples.pdf(), "anh-hien-truong.jpg", "image/jpeg") == "attachment_type_not_allowed"


def test_pdf_sent_by_a_browser_claiming_a_photo_is_refused(storage):
    assert rejected(storage, samples.pdf(), "don", "image/jpeg") == "attachment_type_not_allowed"


def test_photo_with_the_wrong_image_extension_is_stored_by_its_content(storage):
    # Chat apps often save WebP or PNG pictures as .jpg; the content decides, and we re-encode anyway.
    assert check(storage, samples.png(), "anh.jpg", "image/jpeg").content_type == "image/png"


def test_empty_file_is_refused(storage):
    assert rejected(storage, b"", "rong.pdf") == "attachment_empty"


@pytest.mark.parametrize("name,shown", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
    ("/var/www/static/shell.pdf", "shell.pdf"),
    ("..", "tep-dinh-kem.pdf"),
    ("don\u202egpj.pdf", "dongpj.pdf"),
])
def test_path_and_control_characters_never_reach_the_name(storage, name, shown):
    checked = check(storage, samples.pdf(), name)
    assert checked.display_name == shown
    assert [f.name for f in storage.staged()] == [checked.staged.token] and checked.staged.token.isalnum()


def test_very_long_vietnamese_name_is_kept_readable_and_bounded(storage):
    name = unicodedata.normalize("NFD", "Ảnh đường Nguyễn Trãi ngập sâu sau cơn mưa lớn chiều thứ Bảy " * 8) + ".jpeg"
    shown = check(storage, samples.jpeg(), name).display_name
    assert len(shown) <= 255 and shown.endswith("….jpeg")
    assert shown.startswith("Ảnh đường Nguyễn Trãi ngập sâu") and unicodedata.is_normalized("NFC", shown)


def test_display_name_is_nfc_with_vietnamese_letters_intact():
    assert display_name(unicodedata.normalize("NFD", "Đơn kiến nghị phường Hàng Bạc.pdf")) == \
        "Đơn kiến nghị phường Hàng Bạc.pdf"


@pytest.mark.parametrize("name", ["bao-cao.html", "bao-cao.hta", "bao-cao.bat", "bao-cao.exe", "bao-cao.js"])
def test_html_behind_a_pdf_header_is_refused(storage, name):
    assert rejected(storage, samples.HTML_AS_PDF, name) == "attachment_unreadable"


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n" + b"x" * 100,                                   # no trailer at all
    samples.pdf()[:-20],                                          # cut short: no %%EOF
    samples.pdf().replace(b"startxref\n", b"startxref\n9999"),    # points past the end
    samples.pdf() + b"<script>alert(1)</script>",                 # something after the end
])
def test_a_pdf_that_does_not_parse_is_refused(storage, data):
    assert rejected(storage, data, "don.pdf") == "attachment_unreadable"


@pytest.mark.parametrize("name,shown", [
    ("bao-cao.html", "bao-cao.pdf"), ("bao-cao.exe", "bao-cao.pdf"), ("don", "don.pdf"),
    ("Đơn kiến nghị.PDF", "Đơn kiến nghị.PDF"), ("bao.cao.js", "bao.cao.pdf"),
])
def test_a_document_keeps_the_extension_of_its_detected_type(storage, name, shown):
    assert check(storage, samples.pdf(), name).display_name == shown


@pytest.mark.parametrize("name,shown", [("anh.jpeg", "anh.jpeg"), ("anh.JPG", "anh.JPG"), ("anh", "anh.jpg")])
def test_a_photo_keeps_the_extension_of_its_type(storage, name, shown):
    assert check(storage, samples.jpeg(), name).display_name == shown
