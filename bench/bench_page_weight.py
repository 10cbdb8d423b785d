"""What a reader's phone downloads for an article page, and how long it takes on a slow connection.

Starts the app in-process on 127.0.0.1 with the demo articles and a thread of published comments (one with a
photo), loads the article in Debian's Chromium through Playwright, and prints the bytes received by resource type
as sent and gzip-compressed (as a proxy in front would send them) for the first view, for the lazy images loaded
while reading to the end, and for a repeat visit; then the median load times with the network and CPU throttled
like a cheap phone on a slow 3G connection.

    .venv/bin/python bench/bench_page_weight.py [--comments 20] [--runs 5]
"""
import argparse
import gzip
import io
import json
import logging
import os
import statistics
import sys
import tempfile
import threading
from collections import defaultdict
from pathlib import Path

from flask_migrate import upgrade
from PIL import Image, ImageDraw
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from feedback import articles, comments, create_app, editors, moderation  # noqa: E402
from feedback.attachments import Upload  # noqa: E402
from feedback.cli import DEMO_FILE  # noqa: E402
from feedback.comments import CommentDraft, TextLimits  # noqa: E402
from feedback.extensions import db  # noqa: E402

CHROMIUM = os.environ.get("FEEDBACK_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
# A slow 3G link (400 ms round trip, 400 kbit/s each way) on a phone four times slower than this machine.
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
CPU_SLOWDOWN = 4
COMMENT = ("Cảm ơn tòa soạn đã phản ánh kịp thời. Khu vực nhà tôi cũng gặp tình trạng tương tự suốt nhiều năm, "
           "mong chính quyền sớm có giải pháp lâu dài cho người dân.")


def build_site(root: Path, n_comments: int):
    app = create_app({"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{root / 'bench.db'}",
                      "UPLOAD_DIR": str(root / "uploads"), "SESSION_COOKIE_SECURE": False, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        upgrade()
        records = json.loads(DEMO_FILE.read_text(encoding="utf-8"))["articles"]
        articles.import_articles(records, max_attachment_bytes=app.config["MAX_ATTACHMENT_BYTES"])
        editor = editors.create_editor("bench@example.com", "mat-khau-du-dai")
        db.session.commit()
        article = next(a for a in articles.list_articles(1, 50).items if a.image_url)
        limits = TextLimits(app.config["COMMENT_MAX_LENGTH"], app.config["AUTHOR_NAME_MAX_LENGTH"])
        for n in range(n_comments):
            upload = (Upload("anh.jpg", io.BytesIO(photo())),) if n == 0 else ()
            # Each text differs: the abuse checks refuse a repeated comment.
            draft = CommentDraft(f"Bạn đọc số {n + 1}", "", f"{COMMENT} (ý kiến số {n + 1})", upload)
            comment = comments.submit_comment(article.id, draft, limits=limits, storage=app.extensions["feedback.storage"])
            moderation.approve_comment(comment.id, editor.id, version=comment.version)
            db.session.commit()
        return app, article.slug


def photo() -> bytes:
    """A phone photo after the reader's app shrank it: 1280 x 960 JPEG."""
    image = Image.new("RGB", (1280, 960), (135, 190, 230))
    draw = ImageDraw.Draw(image)
    for y in range(480, 960, 8):
        draw.line((0, y, 1280, y + 40), fill=(60 + y % 50, 120 + y % 70, 80), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def visit_bytes(browser, url: str) -> dict[str, tuple[dict, dict]]:
    """Bytes per resource type, as sent and gzip-compressed: the first view with an empty cache, what lazy images
    add while the reader scrolls to the end, and a repeat visit."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    figures = {}
    page.goto(url, wait_until="load")
    figures["first view"], finished[:] = tally(finished), []
    scroll_through(page)
    figures["reading to the end adds"], finished[:] = tally(finished), []
    page.goto(url, wait_until="load")
    scroll_through(page)
    figures["repeat visit"] = tally(finished)
    context.close()
    return figures


def scroll_through(page) -> None:
    """Scroll a screen at a time, as a reader does, so lazy images load."""
    height = page.evaluate("() => document.body.scrollHeight")
    for y in range(0, height, PHONE["viewport"]["height"]):
        page.evaluate(f"() => window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")


def tally(requests) -> tuple[dict, dict]:
    sent, compressed = defaultdict(int), defaultdict(int)
    for request in requests:
        kind = request.resource_type
        sizes = request.sizes()
        body_size, headers_size = sizes["responseBodySize"], sizes["responseHeadersSize"]
        sent[kind] += body_size + headers_size
        body = request.response().body() if body_size else b""  # nothing came over the wire when cached
        compressible = kind in ("document", "stylesheet", "script") or body.lstrip().startswith(b"<svg")
        compressed[kind] += headers_size + (len(gzip.compress(body, 6)) if compressible else body_size)
    return dict(sent), dict(compressed)


def slow_phone_times(browser, url: str, runs: int) -> tuple[float, float]:
    """Median DOMContentLoaded and load, in seconds, over cold loads on the throttled phone."""
    ready, loaded = [], []
    for _ in range(runs):
        context = browser.new_context(**PHONE)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        page.goto(url, wait_until="load", timeout=120_000)
        timing = page.evaluate("() => performance.getEntriesByType('navigation')[0].toJSON()")
        ready.append(timing["domContentLoadedEventEnd"] / 1000)
        loaded.append(timing["loadEventEnd"] / 1000)
        context.close()
    return statistics.median(ready), statistics.median(loaded)


def kib(n: int) -> str:
    return f"{n / 1024:7.1f} KiB"


def report(label: str, figures: tuple[dict, dict]) -> None:
    sent, compressed = figures
    parts = ", ".join(f"{kind} {kib(size).strip()}" for kind, size in sorted(sent.items(), key=lambda kv: -kv[1]))
    print(f"  {label:<24} {kib(sum(sent.values()))} as sent ({parts or 'nothing'}); "
          f"{kib(sum(compressed.values())).strip()} gzip-compressed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=20, help="published comments under the article")
    parser.add_argument("--runs", type=int, default=5, help="throttled loads to take the median of")
    args = parser.parse_args()
    if not os.access(CHROMIUM, os.X_OK):
        print(f"page weight: not measured, no Chromium at {CHROMIUM} (apt-get install chromium)")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app, slug = build_site(Path(tmp), args.comments)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request would bury the figures
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/bai-viet/{slug}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                figures = visit_bytes(browser, url)
                ready, loaded = slow_phone_times(browser, url, args.runs)
                browser.close()
        finally:
            server.shutdown()
    photo_note = " (the first with a 1280x960 photo)" if args.comments else ""
    print(f"Article page /bai-viet/{slug}, {args.comments} published comments{photo_note}, phone 360 px:")
    for label, figure in figures.items():
        report(label, figure)
    print(f"  slow 3G + {CPU_SLOWDOWN}x slower CPU, median of {args.runs}: "
          f"DOMContentLoaded {ready:.2f} s, load {loaded:.2f} s")


if __name__ == "__main__":
    main()
