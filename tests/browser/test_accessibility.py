"""Accessibility: axe-core on every toured page, labels, announced errors, visible focus, keyboard-only use."""
import pytest

from ..conftest import PASSWORD
from .conftest import AXE_SCRIPT, DESKTOP, EDITOR_EMAIL, EDITOR_PAGES, READER_PAGES, visit

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
IS_FOCUSED = "el => el === document.activeElement"
FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  return {name: `${el.tagName.toLowerCase()} "${(el.textContent || el.name || "").trim().slice(0, 40)}"`,
          visible: outline || style.boxShadow !== "none", atBody: el === document.body};
}"""


def axe_violations(page) -> list[str]:
    """Run the vendored axe-core on the page; one line per serious or critical violation."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in BLOCKING]


def tab_to(page, locator, limit: int = 80) -> None:
    """Press Tab until the locator's element has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate(IS_FOCUSED):
            return
    raise AssertionError(f"Tab never reaches {locator}")


@pytest.fixture
def csp_off_desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", READER_PAGES + EDITOR_PAGES)
def test_page_has_no_serious_or_critical_axe_violations(site, csp_off_page, csp_off_desktop_page, name, width):
    page = csp_off_page if width == "phone" else csp_off_desktop_page
    visit(page, site, name)
    assert axe_violations(page) == []


def test_axe_reports_a_page_with_real_problems(csp_off_page):
    csp_off_page.set_content("""<!doctype html><html><body><img src="x.png"><input type="text">
        <p style="color:#ccc;background:#fff">chữ mờ</p></body></html>""")
    found = " ".join(axe_violations(csp_off_page))
    assert "image-alt" in found and "label" in found and "color-contrast" in found


@pytest.mark.parametrize("name", ["article", "form-errors", "login", "comment"])
def test_every_field_has_a_visible_label(site, phone_page, name):
    visit(phone_page, site, name)
    unlabelled = phone_page.evaluate("""() => [...document.querySelectorAll("input, select, textarea")]
        .filter(el => el.type !== "hidden" && el.getClientRects().length)
        .filter(el => ![...el.labels].some(label => label.textContent.trim() && label.getClientRects().length))
        .map(el => el.name || el.id)""")
    assert unlabelled == []


def test_form_errors_are_announced_focused_and_linked_to_their_fields(site, phone_page):
    page = phone_page
    visit(page, site, "form-errors")
    summary = page.get_by_role("alert").filter(has_text="Vui lòng sửa các lỗi sau")
    assert summary.evaluate(IS_FOCUSED), "the summary takes the focus, so it is read out first"
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() == 3
    for field in invalid.all():
        field_id = field.get_attribute("id")
        error = page.locator(f"#{field_id}-error")
        assert f"{field_id}-error" in field.get_attribute("aria-describedby").split()
        assert error.is_visible() and error.text_content().startswith("Lỗi: ")
        link = summary.locator(f'a[href="#{field_id}"]')
        assert link.inner_text() in error.text_content()
        link.click()
        assert field.evaluate(IS_FOCUSED)
        label_top = page.locator(f'label[for="{field_id}"]').evaluate("el => el.getBoundingClientRect().top")
        assert 0 <= label_top < page.viewport_size["height"], "the field's label stays in view"


@pytest.mark.parametrize("name, width", [("article", "phone"), ("form-errors", "phone"), ("login", "desktop"),
                                         ("queue", "desktop"), ("comment", "desktop")])
def test_focus_is_visible_on_every_stop_of_the_tab_order(site, phone_page, desktop_page, name, width):
    page = phone_page if width == "phone" else desktop_page
    visit(page, site, name)
    page.locator("body").evaluate("el => document.activeElement.blur()")
    stops, invisible = 0, []
    for _ in range(150):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["atBody"]:
            break
        stops += 1
        if not ring["visible"]:
            invisible.append(ring["name"])
    assert stops > 5 and invisible == []


def test_reader_comments_with_the_keyboard_alone(site, phone_page):
    page = phone_page
    page.goto(f"{site.base}/bai-viet/{site.slug}")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    assert skip.evaluate(IS_FOCUSED) and skip.is_visible()
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["height"] >= 44
    page.keyboard.press("Enter")
    assert page.locator("main").evaluate(IS_FOCUSED)

    tab_to(page, page.get_by_label("Họ tên"))
    page.keyboard.type("Ngô Thị Mai")
    tab_to(page, page.get_by_label("Nội dung bình luận"))
    page.keyboard.type("Cay cau nay lam nhanh qua")
    tab_to(page, page.get_by_role("button", name="Gửi bình luận"))
    page.keyboard.press("Enter")

    page.wait_for_selector("[data-error-summary]")
    page.wait_for_load_state()
    tab_to(page, page.get_by_role("alert").get_by_role("link").first, limit=1)
    page.keyboard.press("Enter")
    body = page.get_by_label("Nội dung bình luận")
    assert body.evaluate(IS_FOCUSED) and body.input_value() == "Cay cau nay lam nhanh qua"
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Cây cầu này làm nhanh quá, cảm ơn chính quyền!")
    tab_to(page, page.get_by_role("button", name="Gửi bình luận"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/da-gui*")


def test_editor_logs_in_edits_approves_and_rejects_with_the_keyboard_alone(site, desktop_page):
    page = desktop_page
    page.goto(f"{site.base}/dang-nhap")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(EDITOR_EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/kiem-duyet/")

    tab_to(page, page.get_by_role("link", name="Biên tập", exact=True).first)
    page.keyboard.press("Enter")
    page.wait_for_url("**/binh-luan/**")
    tab_to(page, page.get_by_label("Nội dung sẽ đăng"))
    page.keyboard.press("End")
    page.keyboard.type(" (Tòa soạn đã biên tập.)")
    tab_to(page, page.get_by_role("button", name="Duyệt và đăng"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/kiem-duyet/")
    assert page.get_by_role("status").filter(has_text="Đã duyệt và đăng").is_visible()

    tab_to(page, page.get_by_role("link", name="Biên tập", exact=True).first)
    page.keyboard.press("Enter")
    page.wait_for_url("**/binh-luan/**")
    tab_to(page, page.get_by_label("Lý do từ chối"))
    page.keyboard.press("ArrowDown")  # the reasons are a list now: the arrows pick one
    assert page.get_by_label("Lý do từ chối").input_value() != ""
    tab_to(page, page.locator(".decide__form").filter(has_text="Từ chối").get_by_label("Ghi chú (không bắt buộc)"),
           limit=1)
    page.keyboard.type("Trùng lặp nội dung.")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kiem-duyet/")
    assert page.get_by_role("status").filter(has_text="Đã từ chối").is_visible()
    assert "Không còn bình luận nào chờ duyệt." in page.inner_text("main")
