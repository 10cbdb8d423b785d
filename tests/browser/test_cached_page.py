"""The article page served from the cache: the same bytes for every reader, yet each reader's form still works."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from feedback.extensions import db
from feedback.models import Comment, CommentFlag

from ..factories import make_article
from .conftest import PHONE

pytestmark = pytest.mark.browser

TEXT = "Mong tòa soạn tiếp tục theo dõi việc sửa đường trước mùa mưa."


@pytest.fixture
def cached_article(live_server, live_data):
    with live_data():
        make_article(slug="duong-ngap", title="Đường ngập sau mưa", view_count=41)
        db.session.commit()
    return f"{live_server}/bai-viet/duong-ngap"


def flags_of_only_comment(live_data) -> set[str]:
    with live_data():
        comment = db.session.scalars(select(Comment)).one()
        return {f.code for f in db.session.scalars(select(CommentFlag).where(CommentFlag.comment_id == comment.id))}


def post(page, name: str) -> None:
    page.get_by_label("Họ tên").fill(name)
    page.get_by_label("Nội dung bình luận").fill(TEXT)
    page.get_by_role("button", name="Gửi bình luận").click()
    page.wait_for_url("**/da-gui*")


def test_cached_page_gets_its_form_time_and_counts_the_view(browser, cached_article, live_data):
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    with page.expect_response("**/luot-xem") as first_beacon:
        first = page.goto(cached_article)
    assert first_beacon.value.json()["views"] == 42  # read before the reload navigates away from it
    with page.expect_response("**/luot-xem") as beacon:
        again = page.reload()
    assert beacon.value.status == 200 and "set-cookie" not in beacon.value.headers
    # Both loads got the same shared bytes: nothing in the page is this reader's own.
    assert first.headers["etag"] == again.headers["etag"] and "set-cookie" not in again.headers
    # Polled by Playwright, not evaluated in the page: its CSP allows no eval.
    expect(page.locator("input[name='started']")).not_to_have_value("")
    expect(page.locator("[data-view-count]")).to_have_text("43")
    assert context.cookies() == []
    page.wait_for_timeout(3100)  # past FORM_MIN_SECONDS, so only a missing form time could flag it
    post(page, "Trương Thị Hoa")
    assert flags_of_only_comment(live_data) == {"first_comment"}
    context.close()


def test_cached_page_posts_without_javascript_and_says_the_time_is_unverified(browser, cached_article, live_data):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.goto(cached_article)
    page.reload()
    assert page.locator("input[name='started']").input_value() == ""
    post(page, "Đỗ Văn Hải")
    assert flags_of_only_comment(live_data) == {"first_comment", "timing_unverified"}
    context.close()
