"""A live server on 127.0.0.1 and Debian's Chromium driven by Playwright."""
import io
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask_migrate import upgrade
from PIL import Image, ImageDraw
from werkzeug.serving import WSGIRequestHandler, make_server

from feedback import articles, comments, create_app, moderation
from feedback.attachments import Upload
from feedback.cli import DEMO_FILE
from feedback.comments import CommentDraft, TextLimits
from feedback.extensions import db
from feedback.models import Role

from ..conftest import PASSWORD, empty_app_data, service_missing
from ..factories import make_editor

CHROMIUM = os.environ.get("FEEDBACK_TEST_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach the network at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts", "screenshots")
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
EDITOR_EMAIL = "bientap@example.com"


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


_BODY = "tests.response_body"


def _remember_body(app):
    """Keep each response's body in its environ, for _ClosingHandler."""
    def wsgi(environ, start_response):
        body = environ[_BODY] = app(environ, start_response)
        return body
    return wsgi


class _ClosingHandler(WSGIRequestHandler):
    """Werkzeug's development server reads the socket of a client that hung up before it closes the response, so a
    browser leaving a page mid-download left the file open; close it here, as gunicorn does."""

    def connection_dropped(self, error, environ=None) -> None:
        body = (environ or {}).get(_BODY)
        if hasattr(body, "close"):
            body.close()


@pytest.fixture(scope="session")
def live_server(live_app):
    """The real app served by a real HTTP server in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, _remember_body(live_app), threaded=True, request_handler=_ClosingHandler)
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
    # A full-page shot does not scroll, so lazy images below the fold would show as empty boxes.
    page.evaluate("""() => Promise.race([
        Promise.all([...document.images].map(img => {
            img.loading = "eager";
            return img.decode().catch(() => null);
        })),
        new Promise(done => setTimeout(done, 5000)),
    ])""")
    path = os.path.abspath(os.path.join(ARTIFACTS, f"{name}.png"))
    page.screenshot(path=path, full_page=True)
    return path


@pytest.fixture
def csp_off_page(browser):
    """A phone page that ignores the site's CSP: to inject the vendored axe-core, and to prove comments are inert
    by sanitizing alone (with CSP on, a leaked handler would be blocked and go unnoticed)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def demo_slugs(live_app, live_data) -> list[str]:
    """The demo articles a reader meets after `make run`, newest first."""
    records = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["articles"]
    with live_data():
        articles.import_articles(records, max_attachment_bytes=live_app.config["MAX_ATTACHMENT_BYTES"])
        db.session.commit()
        return [a.slug for a in articles.list_articles(1, 50).items]


@pytest.fixture
def editor_id(live_data) -> int:
    with live_data():
        editor = make_editor(email=EDITOR_EMAIL, role=Role.EDITOR.value, password=PASSWORD, name="Biên tập Hà")
        db.session.commit()
        return editor.id


def log_in(page, base_url: str, email: str = EDITOR_EMAIL) -> None:
    """Log an editor in through the real form and land on the queue."""
    page.goto(f"{base_url}/dang-nhap")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url("**/kiem-duyet/")


def jpeg_bytes(width: int = 640, height: int = 400) -> bytes:
    """A small photo-like JPEG made on the spot: sky, sun, river bank."""
    image = Image.new("RGB", (width, height), (135, 190, 230))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width * 0.7, height * 0.1, width * 0.82, height * 0.29), fill=(250, 210, 90))
    draw.rectangle((0, height * 0.6, width, height), fill=(70, 140, 80))
    draw.rectangle((0, height * 0.75, width, height), fill=(60, 120, 170))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def post_comment(app, slug: str, text: str, *, name: str = "Trần Thị Lan", photo: bytes | None = None) -> int:
    """Submit through the domain function the form uses; returns the pending comment's id."""
    upload = Upload("anh-hien-truong.jpg", io.BytesIO(photo)) if photo else None
    article = articles.get_article(slug)
    limits = TextLimits(app.config["COMMENT_MAX_LENGTH"], app.config["AUTHOR_NAME_MAX_LENGTH"])
    draft = CommentDraft(name, "", text, (upload,) if upload else ())
    comment = comments.submit_comment(article.id, draft, limits=limits, storage=app.extensions["feedback.storage"])
    return comment.id


def publish(comment_id: int, editor: int) -> None:
    comment = moderation.get_comment(comment_id)
    moderation.approve_comment(comment_id, editor, version=comment.version)
    db.session.commit()


# The pages the layout, screenshot and accessibility tests tour.
READER_PAGES = ("home", "article", "form-errors", "submitted", "login")
EDITOR_PAGES = ("queue", "comment", "dashboard", "audit")
PUBLISHED = [
    ("Nguyễn Hoàng Nam", "Cây cầu mới giúp người dân hai bên bờ sông đi lại thuận tiện hơn nhiều. "
                         "Mong chính quyền sớm lắp thêm đèn chiếu sáng.", True),
    ("Lê Thu Hà", "Tôi đi qua đây mỗi sáng.\n\nTừ ngày có cầu, thời gian đến chỗ làm giảm gần một nửa. Cảm ơn tòa soạn "
                  "đã đưa tin kịp thời!", False),
    ("Phạm Đức Minh", "Đề nghị kiểm tra kỹ tải trọng trước khi cho xe tải lớn qua cầu.", False),
]
PENDING = [
    ("Vũ Thị Hồng", "Khu vực chân cầu phía Nam vẫn còn ngập sau mỗi trận mưa lớn, mong được khắc phục.", True),
    ("Đặng Văn Tú", "Bài viết rất đầy đủ thông tin, cảm ơn phóng viên.", False),
]


@dataclass(frozen=True)
class Site:
    base: str
    slug: str
    pending_id: int


@pytest.fixture
def site(live_server, live_app, live_data, demo_slugs, editor_id) -> Site:
    """The demo site with a published thread (one comment with a photo) and comments waiting for the editors."""
    with live_data():
        slug = next(s for s in demo_slugs if articles.get_article(s).image_url)
        for name, text, photo in PUBLISHED:
            publish(post_comment(live_app, slug, text, name=name, photo=jpeg_bytes() if photo else None), editor_id)
        pending = [post_comment(live_app, slug, text, name=name, photo=jpeg_bytes() if photo else None)
                   for name, text, photo in PENDING]
    return Site(live_server, slug, pending[0])


def visit(page, site: Site, name: str) -> None:
    """Open one toured page in the state worth looking at."""
    article = f"{site.base}/bai-viet/{site.slug}"
    if name == "home":
        page.goto(site.base)
    elif name == "article":
        page.goto(article)
    elif name == "form-errors":
        page.goto(article)
        page.get_by_label("Email").fill("khong-phai-email")
        page.get_by_label("Nội dung bình luận").fill("Cau nay xay nhanh qua, cam on chinh quyen dia phuong")
        page.get_by_role("button", name="Gửi bình luận").click()
        page.wait_for_selector(".error-summary")
        page.wait_for_load_state()
    elif name == "submitted":
        page.goto(article)
        page.get_by_label("Họ tên").fill("Ngô Thị Mai")
        page.get_by_label("Nội dung bình luận").fill("Cầu đẹp và chắc chắn, cảm ơn những người thợ.")
        page.get_by_role("button", name="Gửi bình luận").click()
        page.wait_for_url("**/da-gui*")
    elif name == "login":
        page.goto(f"{site.base}/dang-nhap")
    elif name == "queue":
        log_in(page, site.base)
    elif name == "comment":
        log_in(page, site.base)
        page.goto(f"{site.base}/kiem-duyet/binh-luan/{site.pending_id}")
    elif name == "dashboard":
        log_in(page, site.base)
        page.goto(f"{site.base}/kiem-duyet/tong-quan")
    elif name == "audit":
        log_in(page, site.base)
        page.goto(f"{site.base}/kiem-duyet/nhat-ky")
    else:
        raise ValueError(name)
