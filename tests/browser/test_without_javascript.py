"""With JavaScript switched off the forms still post, validate on the server and lead to the same pages."""
import pytest

from .conftest import DESKTOP, PHONE, jpeg_bytes, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def no_js_context(browser):
    contexts = []

    def open_page(viewport):
        context = browser.new_context(viewport=viewport, locale="vi-VN", java_script_enabled=False)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_reader_and_editor_finish_the_loop_without_javascript(site, no_js_context, tmp_path):
    reader, editor = no_js_context(PHONE), no_js_context(DESKTOP)
    article = f"{site.base}/bai-viet/{site.slug}"
    reader.goto(article)
    reader.get_by_label("Email").fill("khong-phai-email")
    reader.get_by_label("Nội dung bình luận").fill("Cay cau nay lam nhanh qua")
    with reader.expect_response(lambda r: r.request.method == "POST") as posted:
        reader.get_by_role("button", name="Gửi bình luận").click()
    assert posted.value.status == 422
    summary = reader.get_by_role("alert")
    for message in ("Vui lòng nhập họ tên của bạn.", "Địa chỉ email không hợp lệ", "không dấu"):
        assert summary.get_by_text(message).count() == 1
    assert reader.locator("#author_name-error").is_visible()
    assert reader.get_by_label("Email").input_value() == "khong-phai-email"
    assert reader.get_by_label("Nội dung bình luận").input_value() == "Cay cau nay lam nhanh qua"

    photo = tmp_path / "anh.jpg"
    photo.write_bytes(jpeg_bytes())
    reader.get_by_label("Họ tên").fill("Ngô Thị Mai")
    reader.get_by_label("Email").fill("")
    reader.get_by_label("Nội dung bình luận").fill("Cây cầu này làm nhanh quá, cảm ơn chính quyền!")
    reader.get_by_label("File đính kèm (không bắt buộc)").set_input_files(photo)
    reader.get_by_role("button", name="Gửi bình luận").click()
    reader.wait_for_url("**/da-gui*")
    assert reader.get_by_text("đang chờ biên tập viên duyệt").is_visible()

    log_in(editor, site.base)
    mine = editor.locator(".queue-item").filter(has_text="Ngô Thị Mai")
    mine.get_by_role("button", name="Duyệt").click()
    editor.wait_for_url("**/kiem-duyet/")
    assert editor.get_by_text("Đã duyệt và đăng").is_visible()

    reader.goto(article)
    published = reader.locator(".comment").filter(has_text="Ngô Thị Mai")
    assert published.get_by_text("cảm ơn chính quyền!").is_visible()
    assert published.get_by_role("img", name="Ảnh bạn đọc gửi: anh.jpg").count() == 1


def test_login_errors_come_from_the_server_without_javascript(site, no_js_context):
    page = no_js_context(PHONE)
    page.goto(f"{site.base}/dang-nhap")
    page.get_by_role("button", name="Đăng nhập").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_text("Vui lòng nhập email.").is_visible()
    # forms.js would move the focus to the summary: it did not run, so this page really had no JavaScript.
    assert not summary.evaluate("el => el === document.activeElement")
    page.get_by_label("Email").fill("bientap@example.com")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau-roi")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_role("alert").get_by_text("Email hoặc mật khẩu không đúng.").is_visible()
    assert page.get_by_label("Email").input_value() == "bientap@example.com"
