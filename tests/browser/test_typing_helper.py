"""The typing helper on the real comment form, under the site's real Content-Security-Policy."""
import pytest

from feedback.extensions import db

from ..factories import make_article

pytestmark = pytest.mark.browser


@pytest.fixture
def form_page(live_server, live_data, desktop_page):
    """The article page with the comment form; fails the test on any script error."""
    with live_data():
        make_article(slug="go-tieng-viet", title="Gõ tiếng Việt")
        db.session.commit()
    errors: list[str] = []
    desktop_page.on("pageerror", lambda exc: errors.append(str(exc)))
    # HTTP error statuses (a 422 form) are logged as console errors too; only script errors count here.
    desktop_page.on("console", lambda msg: errors.append(msg.text)
                    if msg.type == "error" and not msg.text.startswith("Failed to load resource") else None)
    desktop_page.goto(f"{live_server}/bai-viet/go-tieng-viet")
    yield desktop_page
    assert errors == []


def type_in(page, mode: str, keys: str) -> str:
    if mode:
        page.get_by_label(mode, exact=True).check()
    page.locator("textarea").click()
    page.keyboard.type(keys)
    return page.locator("textarea").input_value()


def test_switch_follows_the_box_and_defaults_to_off(form_page):
    fieldset = form_page.locator("textarea + fieldset.vn-typing")
    assert fieldset.locator("legend").inner_text() == "Bộ gõ tiếng Việt"
    assert [form_page.get_by_label(n, exact=True).is_checked() for n in ("Tắt", "Telex", "VNI")] == [True, False, False]
    assert form_page.locator("fieldset.vn-typing + p.vn-hint[aria-live=polite]").count() == 1


def test_telex_typing_converts_words_as_typed(form_page):
    assert type_in(form_page, "Telex", "Vieetj Nam ddepj, nguowif daan vui ver") == "Việt Nam đẹp, người dân vui vẻ"


def test_backspace_then_more_keys_keeps_converting(form_page):
    type_in(form_page, "Telex", "tieengs")
    form_page.keyboard.press("Backspace")
    form_page.keyboard.press("Backspace")
    form_page.keyboard.type("ngf")
    assert form_page.locator("textarea").input_value() == "tiềng"


def test_vni_typing_converts_digits(form_page):
    assert type_in(form_page, "VNI", "Vie65t Nam") == "Việt Nam"


def test_off_mode_leaves_keys_alone_and_the_choice_is_remembered(form_page):
    assert type_in(form_page, "", "Vieejt") == "Vieejt"
    form_page.get_by_label("VNI", exact=True).focus()
    form_page.keyboard.press("ArrowUp")  # radios are reachable and switchable from the keyboard
    form_page.reload()
    assert form_page.get_by_label("Telex", exact=True).is_checked()


def test_hint_appears_when_text_looks_toneless(form_page):
    form_page.locator("textarea").fill("Nguoi dan o day rat kho vi ngap")
    hint = form_page.locator("p.vn-hint")
    hint.filter(has_text="Có vẻ bạn đang gõ không dấu").wait_for()
    assert hint.inner_text() == "Có vẻ bạn đang gõ không dấu. Hãy bật bộ gõ Telex hoặc VNI ở trên."


def test_server_suggestion_fills_the_box_without_posting(form_page):
    form_page.get_by_label("Họ tên").fill("Đỗ Hùng")
    form_page.locator("textarea").fill("Vieejt Nam laf quee huwowng cuar toio")
    form_page.get_by_role("button", name="Gửi bình luận").click()
    form_page.get_by_role("button", name="Dùng văn bản đã sửa").click()
    assert form_page.locator("textarea").input_value() == "Việt Nam là quê hương của tôi"
    assert form_page.get_by_role("button", name="Dùng văn bản đã sửa").count() == 1  # no round trip happened


def test_switch_is_not_submitted_with_the_form(form_page, live_server):
    form_page.get_by_label("Telex", exact=True).check()
    form_page.get_by_label("Họ tên").fill("Đỗ Hùng")
    form_page.locator("textarea").fill("Tôi đồng ý với bài viết.")
    with form_page.expect_request(f"{live_server}/bai-viet/go-tieng-viet") as request:
        form_page.get_by_role("button", name="Gửi bình luận").click()
    assert "vn-typing" not in (request.value.post_data or "")
