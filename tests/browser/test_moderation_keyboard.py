"""An editor clears the queue with the keyboard alone, in a real browser."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Comment, CommentStatus

from ..conftest import PASSWORD
from ..factories import make_article, make_comment, make_editor
from .conftest import screenshot

pytestmark = pytest.mark.browser

TEXTS = ["Ý kiến thứ nhất, rất đồng tình với bài viết.", "Mua hàng giảm giá tại trang của chúng tôi!",
         "Bình luận lạc đề về chuyện bóng đá.", "Đường ngập quá, đề nghị xử lý sớm."]


def seed(live_data) -> None:
    with live_data():
        article = make_article(slug="bai-nong", title="Ngập sâu sau mưa lớn")
        for n, text in enumerate(TEXTS):
            make_comment(article, text=text, author_name=f"Bạn đọc {n + 1}",
                         created_at=datetime(2026, 11, 25, 1, 0) + timedelta(minutes=n))
        make_editor(email="bt@example.com", role="admin", password=PASSWORD, name="Biên tập Hà")
        db.session.commit()


def log_in(page, live_server: str) -> None:
    page.goto(f"{live_server}/dang-nhap")
    page.get_by_label("Email").fill("bt@example.com")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def press_and_wait(page, key: str) -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def statuses(live_app) -> list[CommentStatus]:
    with live_app.app_context():
        return [c.status for c in db.session.scalars(select(Comment).order_by(Comment.created_at))]


def test_editor_clears_the_queue_without_the_mouse(live_server, live_app, live_data, desktop_page):
    seed(live_data)
    page = desktop_page
    errors = []
    page.on("pageerror", lambda error: errors.append(error))
    log_in(page, live_server)
    assert page.url.endswith("/kiem-duyet/")
    screenshot(page, "moderation-queue-1280")

    items = page.locator("[data-item]")
    assert "is-current" in items.nth(0).get_attribute("class")
    page.keyboard.press("?")
    assert page.get_by_role("dialog").is_visible()
    assert page.get_by_role("dialog").get_by_text("Duyệt và đăng bình luận đang chọn").is_visible()
    page.keyboard.press("?")
    assert not page.get_by_role("dialog").is_visible()
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert "is-current" in items.nth(1).get_attribute("class")
    page.keyboard.press("k")

    press_and_wait(page, "a")  # approve the first
    assert "Đã duyệt và đăng" in page.content()
    assert "is-current" in page.locator("[data-item]").nth(0).get_attribute("class")
    press_and_wait(page, "s")  # the advertisement is spam

    page.keyboard.press("r")  # reject the off-topic one: pick a reason with the arrows, Enter sends it
    reason = page.locator("[data-item].is-current select")
    assert reason.evaluate("el => el === document.activeElement")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    press_and_wait(page, "Enter")

    press_and_wait(page, "e")  # edit the last one: the edit box has the focus
    editor_box = page.get_by_label("Nội dung sẽ đăng")
    assert editor_box.evaluate("el => el === document.activeElement")
    page.keyboard.press("End")
    page.keyboard.type(" Cảm ơn tòa soạn.")
    press_and_wait(page, "Control+Enter")

    assert page.url.endswith("/kiem-duyet/")
    assert "Không còn bình luận nào chờ duyệt." in page.content()
    assert statuses(live_app) == [CommentStatus.APPROVED, CommentStatus.SPAM, CommentStatus.REJECTED,
                                  CommentStatus.APPROVED]
    with live_app.app_context():
        rejected, edited = db.session.scalars(select(Comment).order_by(Comment.created_at)).all()[2:]
        assert rejected.reject_reason_code == "off_topic"
        assert edited.text == TEXTS[3] + " Cảm ơn tòa soạn." and edited.original_text == TEXTS[3]

    page.goto(f"{live_server}/kiem-duyet/tong-quan")
    assert page.get_by_text("Biên tập Hà").is_visible()
    screenshot(page, "moderation-dashboard-1280")
    assert errors == []


def test_queue_and_dashboard_on_a_phone(live_server, live_data, phone_page):
    seed(live_data)
    log_in(phone_page, live_server)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the queue must not scroll sideways on a phone"
    screenshot(phone_page, "moderation-queue-360")
    phone_page.goto(f"{live_server}/kiem-duyet/tong-quan")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "moderation-dashboard-360")
