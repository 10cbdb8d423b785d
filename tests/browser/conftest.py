"""A live server on 127.0.0.1 and Debian's Chromium driven by Playwright."""
import os
import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from feedback import create_app

from ..conftest import empty_app_data, service_missing

CHROMIUM = os.environ.get("FEEDBACK_TEST_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach the network at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts", "screenshots")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    root = tmp_path_factory.mktemp("live")
    app = create_app({
        "ENV": "testing",
        "SECRET_KEY": "browser-test-secret",
        "DATABASE_URL": f"sqlite:///{root / 'live.db'}",
        "UPLOAD_DIR": str(root / "uploads"),
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": False,  # browser flows post often; tests/web/test_limits.py covers the limits
    })
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    """The real app served by a real HTTP server in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(autouse=True)
def _clean_live_database(request):
    yield
    if "live_app" in request.fixturenames:
        empty_app_data(request.getfixturevalue("live_app"))


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        service_missing("chromium", f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        service_missing("chromium", f"playwright is not installed: {exc}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    yield context.new_page()
    context.close()


@pytest.fixture
def live_data(live_app):
    """Run factories against the live server's database: `with live_data(): make_article(...)`."""
    class _Data:
        def __call__(self):
            return live_app.app_context()

    return _Data()


def screenshot(page, name: str) -> str:
    """Save a full-page screenshot under test-artifacts/screenshots for people to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    path = os.path.abspath(os.path.join(ARTIFACTS, f"{name}.png"))
    page.screenshot(path=path, full_page=True)
    return path
