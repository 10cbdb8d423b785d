"""The attachment field in a real browser: checks before upload, remove and change, progress, errors."""
import pytest

from feedback.extensions import db

from ..attachments import samples
from ..factories import make_article
from .conftest import screenshot

pytestmark = pytest.mark.browser

TEXT = "Nước ngập tới đầu gối ở đầu ngõ nhà tôi từ sáng nay, mong thành phố sớm khơi thông cống."


def open_form(page, live_server, live_data, **rules):
    with live_data():
        make_article(slug="ngap", title="Ngập sau mưa lớn", **rules)
        db.session.commit()
    page.goto(f"{live_server}/bai-viet/ngap")
    page.get_by_label("Họ tên").fill("Phạm Thu Hà")
    page.get_by_label("Nội dung bình luận").fill(TEXT)
    return page.get_by_label("File đính kèm (không bắt buộc)")


def test_too_large_and_wrong_type_are_refused_before_uploading(live_server, live_data, phone_page):
    field = open_form(phone_page, live_server, live_data, max_attachment_bytes=2048)
    field.set_input_files({"name": "đơn lớn.pdf", "mimeType": "application/pdf", "buffer": samples.pdf(5000)})
    alert = phone_page.get_by_role("alert")
    assert "vượt quá giới hạn 2 KB" in alert.inner_text()
    assert field.evaluate("input => input.files.length") == 0
    screenshot(phone_page, "attachment-too-large-phone")
    field.set_input_files({"name": "ghi-chu.txt", "mimeType": "text/plain", "buffer": b"ghi chu"})
    assert "không thuộc loại được chấp nhận" in alert.inner_text()
    field.set_input_files({"name": "rỗng.pdf", "mimeType": "application/pdf", "buffer": b""})
    assert "rỗng" in alert.inner_text()


def test_reader_removes_and_changes_the_file_then_uploads_with_progress(live_server, live_data, phone_page):
    page = phone_page
    field = open_form(page, live_server, live_data)
    field.set_input_files({"name": "nhầm.pdf", "mimeType": "application/pdf", "buffer": samples.pdf()})
    assert page.get_by_text("Đã chọn: nhầm.pdf").is_visible()
    page.get_by_role("button", name="Bỏ file nhầm.pdf").click()
    assert field.evaluate("input => input.files.length") == 0
    assert not page.get_by_text("Đã chọn: nhầm.pdf").is_visible()
    field.set_input_files({"name": "ngõ ngập.jpg", "mimeType": "image/jpeg", "buffer": samples.jpeg_with_gps((1600, 1200))})
    assert page.get_by_text("Đã chọn: ngõ ngập.jpg").is_visible()
    with page.expect_request("**/bai-viet/ngap") as posted:
        page.get_by_role("button", name="Gửi bình luận").click()
    assert posted.value.resource_type == "xhr"
    page.wait_for_url("**/da-gui*")
    assert "đang chờ biên tập viên duyệt" in page.content()


def test_server_refusal_comes_back_as_the_page_with_the_text(live_server, live_data, phone_page):
    page = phone_page
    field = open_form(page, live_server, live_data)
    page.get_by_label("Nội dung bình luận").fill("Nuoc ngap toi dau goi o dau ngo nha toi tu sang nay")
    field.set_input_files({"name": "ngõ.png", "mimeType": "image/png", "buffer": samples.png()})
    page.get_by_role("button", name="Gửi bình luận").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.get_by_label("Nội dung bình luận").input_value() == "Nuoc ngap toi dau goi o dau ngo nha toi tu sang nay"
    assert page.get_by_label("Họ tên").input_value() == "Phạm Thu Hà"
    screenshot(page, "attachment-server-refusal-phone")
