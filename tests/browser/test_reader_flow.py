"""The reader's and editor's loop in a real browser."""
import pytest

from feedback.extensions import db

from ..factories import make_article
from .conftest import jpeg_bytes, log_in, screenshot

pytestmark = pytest.mark.browser

EDITED = "Cây cầu này làm nhanh quá, cảm ơn chính quyền địa phương!"


def image_loaded(locator) -> bool:
    locator.scroll_into_view_if_needed()  # published photos load lazily
    return locator.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")


def test_reader_posts_with_photo_editor_approves_reader_sees_it(live_server, live_data, editor_id, phone_page,
                                                                desktop_page, tmp_path):
    with live_data():
        make_article(slug="cau-moi", title="Cầu mới bắc qua sông")
        db.session.commit()
    photo = tmp_path / "cầu mới.jpg"
    photo.write_bytes(jpeg_bytes())

    page = phone_page
    page.goto(f"{live_server}/bai-viet/cau-moi")
    assert page.get_by_role("heading", name="Cầu mới bắc qua sông").is_visible()
    page.get_by_label("Họ tên").fill("Ngô Thị Mai")
    page.get_by_label("Nội dung bình luận").fill("Cay cau nay lam nhanh qua")
    page.get_by_role("button", name="Gửi bình luận").click()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Họ tên").input_value() == "Ngô Thị Mai"
    assert page.get_by_label("Nội dung bình luận").input_value() == "Cay cau nay lam nhanh qua"

    page.get_by_label("Nội dung bình luận").fill("Cây cầu này làm nhanh quá, cảm ơn chính quyền!")
    page.get_by_label("File đính kèm (không bắt buộc)").set_input_files(photo)
    page.get_by_role("button", name="Gửi bình luận").click()
    page.wait_for_url("**/da-gui*")
    assert page.get_by_role("status").filter(has_text="đang chờ biên tập viên duyệt").is_visible()
    page.goto(f"{live_server}/bai-viet/cau-moi")
    assert page.locator(".comment").count() == 0  # nothing is public before an editor approves

    editor = desktop_page
    log_in(editor, live_server)
    editor.get_by_role("link", name="Biên tập", exact=True).first.click()
    assert image_loaded(editor.locator("img.thumb").first)
    editor.get_by_label("Nội dung sẽ đăng").fill(EDITED)
    assert editor.get_by_label("Đăng kèm file đính kèm").is_checked()
    editor.get_by_role("button", name="Duyệt và đăng").click()
    editor.wait_for_url("**/kiem-duyet/")
    assert editor.get_by_role("status").filter(has_text="Đã duyệt và đăng").is_visible()

    page.goto(f"{live_server}/bai-viet/cau-moi")
    comment = page.locator(".comment").filter(has_text="Ngô Thị Mai")
    assert comment.get_by_text(EDITED).is_visible()
    photo_on_page = comment.get_by_role("img", name="Ảnh bạn đọc gửi: cầu mới.jpg")
    assert image_loaded(photo_on_page)
    screenshot(page, "reader-flow-published-phone")
