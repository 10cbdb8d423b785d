"""The reader's and editor's loop in a real browser."""
import pytest

from feedback.extensions import db
from feedback.models import Role

from ..conftest import PASSWORD
from ..factories import make_article, make_editor
from .conftest import screenshot

pytestmark = pytest.mark.browser


def test_reader_posts_editor_approves_reader_sees_it(live_server, live_app, live_data, phone_page, desktop_page):
    with live_data():
        make_article(slug="cau-moi", title="Cầu mới bắc qua sông")
        make_editor(email="bt@example.com", role=Role.EDITOR.value, password=PASSWORD, name="Biên tập Hà")
        db.session.commit()

    page = phone_page
    page.goto(f"{live_server}/bai-viet/cau-moi")
    page.get_by_label("Họ tên").fill("Ngô Thị Mai")
    page.get_by_label("Nội dung bình luận").fill("Cay cau nay lam nhanh qua")
    page.get_by_role("button", name="Gửi bình luận").click()
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Nội dung bình luận").input_value() == "Cay cau nay lam nhanh qua"
    screenshot(page, "form-errors-phone")

    page.get_by_label("Nội dung bình luận").fill("Cây cầu này làm nhanh quá, cảm ơn chính quyền!")
    page.get_by_role("button", name="Gửi bình luận").click()
    page.wait_for_url("**/da-gui*")
    assert "đang chờ biên tập viên duyệt" in page.content()

    editor = desktop_page
    editor.goto(f"{live_server}/dang-nhap")
    editor.get_by_label("Email").fill("bt@example.com")
    editor.get_by_label("Mật khẩu").fill(PASSWORD)
    editor.get_by_role("button", name="Đăng nhập").click()
    editor.wait_for_url("**/kiem-duyet/")
    editor.get_by_role("link", name="Biên tập / Từ chối").first.click()
    editor.get_by_label("Nội dung sẽ đăng").fill("Cây cầu này làm nhanh quá, cảm ơn chính quyền địa phương!")
    editor.get_by_role("button", name="Duyệt và đăng").click()
    editor.wait_for_url("**/kiem-duyet/")

    page.goto(f"{live_server}/bai-viet/cau-moi")
    assert page.get_by_text("cảm ơn chính quyền địa phương!").is_visible()
    assert page.get_by_text("Ngô Thị Mai").is_visible()
    screenshot(page, "article-phone")
