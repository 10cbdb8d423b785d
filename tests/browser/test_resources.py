"""Pages load everything from our own server: no external fonts, scripts, styles or CDNs."""
import pytest

from .conftest import EDITOR_PAGES, READER_PAGES, visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", READER_PAGES + EDITOR_PAGES)
def test_page_loads_nothing_from_other_hosts_and_no_web_fonts(site, phone_page, name):
    requested: list[str] = []
    phone_page.on("request", lambda request: requested.append(request.url))
    visit(phone_page, site, name)
    phone_page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    phone_page.wait_for_load_state("networkidle")
    assert requested and [url for url in requested if not url.startswith(f"{site.base}/")] == []
    assert phone_page.evaluate("() => document.fonts.size") == 0, "system fonts only"
