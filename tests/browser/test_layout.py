"""Layout on a 360 px phone and a 1280 px desktop: no sideways scrolling, readable type, 44 px tap targets."""
import pytest

from .conftest import EDITOR_PAGES, PHONE, READER_PAGES, screenshot, visit

pytestmark = pytest.mark.browser

# Links inside a sentence of sanitized running text (the newsroom's article body, a reader's comment) keep the
# line's height: WCAG 2.5.5 exempts inline targets, and padding them would break the paragraph. Only that case is
# exempt: a link standing alone, anywhere, must still be 44 px.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.body.querySelectorAll("*")]
      .filter(el => el.getBoundingClientRect().right > root.clientWidth + 1)
      .map(el => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
    problems.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth} (${wide.slice(0, 5).join(", ")})`);
  }
  const describe = el => `${el.tagName.toLowerCase()} "${(el.textContent || el.name || el.id).trim().slice(0, 40)}"`;
  const inSentence = el => {
    if (el.tagName !== "A" || !el.closest(".article__body, .comment__body, .queue-item__text")) return false;
    const block = el.parentElement.closest("p, li, td, th, dd, blockquote, figcaption");
    return Boolean(block) && block.textContent.trim() !== el.textContent.trim();
  };
  for (const el of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
    if (el.type === "hidden" || inSentence(el)) continue;
    // A check box or radio button is tapped through its label too: the label (wrapping it or beside it) is measured.
    const target = ["checkbox", "radio"].includes(el.type) && (el.closest("label") || el.labels[0]) || el;
    const box = target.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not rendered
    if (box.right <= 0) continue;  // the skip link waits off-screen until it is focused
    if (box.width < 43.5 || box.height < 43.5) {
      problems.push(`tap target ${Math.round(box.width)}x${Math.round(box.height)}: ${describe(el)}`);
    }
  }
  // Running text at 16 px or more; only metadata lines and captions may go down to 14 px.
  const secondary = ".article__meta, .article-card__meta, .comment__meta, .queue-item__meta, figcaption, .site-footer, " +
    ".badge, .flag";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || seen.has(el) || el.closest(".visually-hidden, script, style, noscript")) continue;
    seen.add(el);
    if (!el.getClientRects().length) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const least = el.closest(secondary) ? 14 : 16;
    if (size < least) problems.push(`${size}px text (at least ${least}px): ${describe(el)}`);
  }
  return problems;
}"""


def check_layout(page) -> list[str]:
    return page.evaluate(LAYOUT_PROBLEMS)


@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("name", READER_PAGES + EDITOR_PAGES)
def test_page_fits_the_screen_with_readable_text_and_big_tap_targets(site, phone_page, desktop_page, name, width):
    page = phone_page if width == "phone" else desktop_page
    visit(page, site, name)
    screenshot(page, f"{name}-{width}")
    assert check_layout(page) == []


def test_layout_check_catches_sideways_scrolling_small_targets_and_small_text(phone_page):
    phone_page.set_content("""<!doctype html><meta name="viewport" content="width=device-width">
        <body style="font-size:17px"><p>Đoạn văn bình thường.</p><div style="width:500px">rộng quá</div>
        <button style="height:30px; font: inherit">Gửi</button><p style="font-size:12px">chữ nhỏ</p></body>""")
    problems = check_layout(phone_page)
    assert any(p.startswith("scrolls sideways") for p in problems)
    assert any(p.startswith("tap target") and "Gửi" in p for p in problems)
    assert any(p.startswith("12px text") and "chữ nhỏ" in p for p in problems)
    assert len(problems) == 3


def test_inline_link_in_a_sentence_is_exempt_but_a_lone_link_is_not(phone_page):
    phone_page.set_content("""<!doctype html><meta name="viewport" content="width=device-width">
        <body style="font-size:17px"><div class="comment__body">
        <p>Xem thêm <a href="/a">tại đây</a> nhé.</p><p><a href="/b">Liên kết đứng riêng</a></p></div></body>""")
    problems = check_layout(phone_page)
    assert not any("tại đây" in p for p in problems)
    assert any("Liên kết đứng riêng" in p for p in problems)


def test_comment_form_works_with_the_on_screen_keyboard_open(site, browser):
    """A phone keyboard takes about half the screen: each field, reached with Next, is in view and uncovered."""
    context = browser.new_context(viewport={"width": PHONE["width"], "height": 380}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(f"{site.base}/bai-viet/{site.slug}")
        page.get_by_label("Họ tên").focus()
        typed = {"Họ tên": "Ngô Thị Mai", "Email (không bắt buộc, không hiển thị công khai)": "mai@example.com",
                 "Nội dung bình luận": "Cầu đẹp và chắc chắn, cảm ơn những người thợ."}
        for label, text in typed.items():
            field = page.get_by_label(label)
            assert field.evaluate("el => el === document.activeElement"), f"{label} should have the focus"
            assert in_view_and_uncovered(page, field), f"{label} is hidden behind the keyboard or another element"
            page.keyboard.type(text)
            page.keyboard.press("Tab")
        assert page.get_by_label("Email (không bắt buộc, không hiển thị công khai)").get_attribute("type") == "email"
        button = page.get_by_role("button", name="Gửi bình luận")
        for _ in range(4):  # past the typing helper's switch and the file picker
            if button.evaluate("el => el === document.activeElement"):
                break
            page.keyboard.press("Tab")
        assert button.evaluate("el => el === document.activeElement")
        assert in_view_and_uncovered(page, button)
        page.keyboard.press("Enter")
        page.wait_for_url("**/da-gui*")
    finally:
        context.close()


def in_view_and_uncovered(page, locator) -> bool:
    """The element's top part lies inside the visible viewport and is the topmost thing there."""
    return locator.evaluate("""el => {
        const box = el.getBoundingClientRect();
        const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, window.innerHeight);
        if (box.top < 0 || bottom - top < Math.min(box.height, 40)) return false;
        const hit = document.elementFromPoint(box.left + box.width / 2, top + Math.min(20, (bottom - top) / 2));
        return hit === el || el.contains(hit);
    }""")
