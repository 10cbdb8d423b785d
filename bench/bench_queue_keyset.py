"""First page of the moderation queue with 100 and with 100,000 pending comments: medians and their ratio.

Keyset pagination on indexed columns should make the two nearly equal. Runs on SQLite, and on PostgreSQL when
FEEDBACK_BENCH_DATABASE_URL (or FEEDBACK_TEST_DATABASE_URL) points at a database this script may wipe.
"""
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, insert, text  # noqa: E402

from feedback import create_app, editors  # noqa: E402
from feedback.extensions import db  # noqa: E402
from feedback.models import Article, Comment, CommentStatus, Role, search_key  # noqa: E402
from feedback.queue import QueueFilter, queue_page  # noqa: E402
from feedback.sanitize import comment_html  # noqa: E402

SIZES = (100, 100_000)
RUNS = 31
PAGE = 25
PASSWORD = "mat-khau-cho-do-toc-do"
WORDS = ("Tôi đồng ý với ý kiến của tác giả về vấn đề giao thông đô thị, đề nghị chính quyền sớm xử lý "
         "tình trạng ngập úng và ùn tắc kéo dài ở trung tâm thành phố").split()


def fill(count: int) -> None:
    """Bulk-insert `count` pending comments from 2,000 readers under 50 articles, spread over 30 days."""
    db.session.execute(insert(Article), [
        {"slug": f"bai-{n}", "title": f"Bài viết {n}", "lead": "", "body_html": "", "author": "",
         "published_at": datetime(2026, 10, 1), "updated_at": datetime(2026, 10, 1), "view_count": 0,
         "comments_open": True, "require_diacritics": True, "max_attachment_bytes": 10 * 1024 * 1024,
         "allowed_attachment_types": ["image/png"]} for n in range(50)])
    article_ids = [row[0] for row in db.session.execute(text("SELECT id FROM articles ORDER BY id"))]
    start, batch = datetime(2026, 10, 25), []
    for n in range(count):
        body = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(12)) + f" (ý kiến số {n})."
        name, email = f"Bạn đọc {n % 2000}", f"ban.doc.{n % 2000}@example.com"
        batch.append({
            "article_id": article_ids[n % len(article_ids)], "author_name": name, "email": email,
            "original_text": body, "text": body, "html": comment_html(body), "status": CommentStatus.PENDING,
            "version": 1, "created_at": start + timedelta(seconds=n * 30 * 86400 // count),
            "search_key": search_key(body), "author_key": search_key(f"{name} {email}"),
        })
        if len(batch) == 5000:
            db.session.execute(insert(Comment), batch)
            batch = []
    if batch:
        db.session.execute(insert(Comment), batch)
    editors.create_editor("bench@example.com", PASSWORD, role=Role.EDITOR)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def timed(action) -> float:
    started = time.perf_counter()
    action()
    elapsed = (time.perf_counter() - started) * 1000
    db.session.remove()
    return elapsed


def prepare(url: str, count: int, upload_dir: str):
    """An app on its own database, filled, with an editor logged in; returns the app and what to time."""
    app = create_app({"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": url, "UPLOAD_DIR": upload_dir,
                      "WTF_CSRF_ENABLED": False, "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": False,
                      "QUEUE_PAGE_SIZE": PAGE})
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        fill(count)
        print(f"  filled {count:>7,} pending in {time.perf_counter() - started:5.1f} s", flush=True)
    client = app.test_client()
    client.post("/dang-nhap", data={"email": "bench@example.com", "password": PASSWORD})

    def http_page():
        response = client.get("/kiem-duyet/")
        assert response.status_code == 200, response.status_code

    return app, {
        "domain: first page": lambda: queue_page(QueueFilter(), limit=PAGE),
        "domain: search 'giao thong'": lambda: queue_page(QueueFilter(q="giao thong"), limit=PAGE),
        "http: GET /kiem-duyet/": http_page,
    }


def measure(urls: dict[int, str], upload_dir: str) -> dict[int, dict[str, float]]:
    """Runs alternate between the sizes, so a busy machine slows both alike and the ratio stays fair."""
    prepared = {n: prepare(url, n, upload_dir) for n, url in urls.items()}
    timings: dict[int, dict[str, list[float]]] = {n: {} for n in urls}
    for name in prepared[SIZES[0]][1]:
        for run in range(RUNS + 1):
            for n, (app, actions) in prepared.items():
                with app.app_context():
                    elapsed = timed(actions[name])
                if run:  # the first run of each warms caches and compiled statements
                    timings[n].setdefault(name, []).append(elapsed)
    for app, _ in prepared.values():
        with app.app_context():
            db.engine.dispose()
    return {n: {name: statistics.median(values) for name, values in by_name.items()} for n, by_name in timings.items()}


def postgres_urls(url: str) -> dict[int, str]:
    """One schema per size in the same database (the trigram operators stay reachable in public)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        for n in SIZES:
            conn.execute(text(f"DROP SCHEMA IF EXISTS bench_{n} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA bench_{n}"))
    engine.dispose()
    separator = "&" if "?" in url else "?"
    return {n: f"{url}{separator}options=-csearch_path%3Dbench_{n},public" for n in SIZES}


def drop_postgres_schemas(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        for n in SIZES:
            conn.execute(text(f"DROP SCHEMA IF EXISTS bench_{n} CASCADE"))
    engine.dispose()


def report(name: str, results: dict[int, dict[str, float]]) -> None:
    small, large = results[SIZES[0]], results[SIZES[1]]
    print(f"\n{name}: median of {RUNS} runs, page of {PAGE}, sizes measured in turn")
    print(f"  {'':30} {SIZES[0]:>10,} {SIZES[1]:>10,}   ratio")
    for key in small:
        print(f"  {key:30} {small[key]:8.2f}ms {large[key]:8.2f}ms   {large[key] / small[key]:5.2f}x")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    sqlite = {n: f"sqlite:///{work / f'queue-{n}.db'}" for n in SIZES}
    report("SQLite", measure(sqlite, str(work / "uploads")))
    url = os.environ.get("FEEDBACK_BENCH_DATABASE_URL") or os.environ.get("FEEDBACK_TEST_DATABASE_URL")
    if not url:
        print("\nPostgreSQL: skipped (set FEEDBACK_BENCH_DATABASE_URL to a database this script may wipe)")
        return
    try:
        urls = postgres_urls(url)
    except Exception as exc:  # an unreachable server only means this part is not measured
        print(f"\nPostgreSQL: skipped ({exc.__class__.__name__}: {exc})")
        return
    try:
        report("PostgreSQL", measure(urls, str(work / "uploads")))
    finally:
        drop_postgres_schemas(url)


if __name__ == "__main__":
    main()
