"""Requests per second and latency under gunicorn: the article page (200 approved comments), the comment API,
and a bare Flask endpoint served the same way. Prints a table; stops by itself.

    .venv/bin/python bench/bench_http.py [--seconds 5] [--concurrency 8] [--workers 2]
"""
import argparse
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seed(env: dict) -> None:
    """Migrate a fresh SQLite database and add one article with 200 approved comments."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from feedback import create_app
    from feedback.extensions import db
    from feedback.models import Article, Comment, CommentStatus
    from feedback.sanitize import comment_html

    app = create_app()
    with app.app_context():
        upgrade()
        article = Article(slug="bai-do-tai", title="Bài đo tải", lead="Đo tải trang bài viết.",
                          body_html="<p>" + "Nội dung bài viết dài vừa phải. " * 80 + "</p>", author="Tòa soạn")
        db.session.add(article)
        db.session.flush()
        for i in range(200):
            text = f"Bình luận thứ {i}: tôi đồng ý với ý kiến của tác giả, mong chính quyền sớm giải quyết."
            db.session.add(Comment(article_id=article.id, author_name=f"Bạn đọc {i}", original_text=text,
                                   text=text, html=comment_html(text), status=CommentStatus.APPROVED))
        db.session.commit()


def start(app_spec: str, port: int, env: dict, workers: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", app_spec],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app_spec} did not start")


def load(port: int, method: str, path: str, make_body, seconds: float, concurrency: int):
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker():
        nonlocal errors
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            body = make_body() if make_body else None
            started = time.perf_counter()
            headers = {"Content-Type": "application/json"} if body else {}
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            bad += response.status >= 400
            conn.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = {"FEEDBACK_ENV": "production", "FEEDBACK_SECRET_KEY": "bench-" + "x" * 40,
               "FEEDBACK_PUBLIC_URL": "http://127.0.0.1",
               "FEEDBACK_DATABASE_URL": f"sqlite:///{tmp}/bench.db", "FEEDBACK_UPLOAD_DIR": f"{tmp}/uploads",
               "FEEDBACK_LOG_LEVEL": "WARNING", "FEEDBACK_RATELIMIT_ENABLED": "false"}
        subprocess.run([sys.executable, __file__, "--seed-only"], env={**os.environ, **env}, check=True)
        app_port, bare_port = free_port(), free_port()
        servers = [start("feedback:create_app()", app_port, env, args.workers),
                   start("bench.bare_app:app", bare_port, env, args.workers)]
        sent = itertools.count(1)

        def comment() -> bytes:
            # Each post is a different reader's text: the duplicate check would refuse a repeat.
            n = next(sent)
            return json.dumps({"author_name": f"Bạn đọc số {n}", "email": f"doc{n}@example.com",
                               "body": f"Bài viết số {n} rất hữu ích, cảm ơn tòa soạn đã phản ánh kịp thời."}).encode()
        try:
            targets = [
                ("bare Flask GET /", bare_port, "GET", "/", None),
                ("article page, 200 comments", app_port, "GET", "/bai-viet/bai-do-tai", None),
                ("GET /api/articles/<slug>", app_port, "GET", "/api/articles/bai-do-tai", None),
                ("POST comment API", app_port, "POST", "/api/articles/bai-do-tai/comments", comment),
            ]
            print(f"gunicorn --workers {args.workers}, {args.concurrency} concurrent clients, "
                  f"{args.seconds:g} s each, SQLite, {os.cpu_count()} cores shared by client and server")
            print(f"{'target':32} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'errors':>7} {'vs bare':>8}")
            bare_rps = None
            for name, port, method, path, body in targets:
                result = load(port, method, path, body, args.seconds, args.concurrency)
                bare_rps = bare_rps or result["rps"]
                print(f"{name:32} {result['rps']:8.0f} {result['median_ms']:10.1f} {result['p95_ms']:8.1f} "
                      f"{result['errors']:7d} {result['rps'] / bare_rps:8.2f}")
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=10)


if __name__ == "__main__":
    if "--seed-only" in sys.argv:
        seed({})
    else:
        main()
