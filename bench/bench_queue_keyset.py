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


def median_ms(action) -> float:
    action()  # warm caches and compiled statements
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
        db.session.remove()
    return statistics.median(timings)


def measure(url: str, count: int, upload_dir: str) -> dict[str, float]:
    app = create_app({"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": url, "UPLOAD_DIR": upload_dir,
                      "WTF_CSRF_ENABLED": False, "LOG_LEVEL": "WARNING", "QUEUE_PAGE_SIZE": PAGE})
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

        figures = {
            "domain: first page": median_ms(lambda: queue_page(QueueFilter(), limit=PAGE)),
            "domain: search 'giao thong'": median_ms(lambda: queue_page(QueueFilter(q="giao thong"), limit=PAGE)),
            "http: GET /kiem-duyet/": median_ms(http_page),
        }
        db.engine.dispose()
    return figures


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def report(name: str, results: dict[int, dict[str, float]]) -> None:
    small, large = results[SIZES[0]], results[SIZES[1]]
    print(f"\n{name}: median of {RUNS} runs, page of {PAGE}")
    print(f"  {'':30} {SIZES[0]:>10,} {SIZES[1]:>10,}   ratio")
    for key in small:
        print(f"  {key:30} {small[key]:8.2f}ms {large[key]:8.2f}ms   {large[key] / small[key]:5.2f}x")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-queue-"))
    report("SQLite", {n: measure(f"sqlite:///{work / f'queue-{n}.db'}", n, str(work / "uploads")) for n in SIZES})
    url = os.environ.get("FEEDBACK_BENCH_DATABASE_URL") or os.environ.get("FEEDBACK_TEST_DATABASE_URL")
    if not url:
        print("\nPostgreSQL: skipped (set FEEDBACK_BENCH_DATABASE_URL to a database this script may wipe)")
        return
    results = {}
    for n in SIZES:
        try:
            reset_postgres(url)
        except Exception as exc:  # an unreachable server only means this part is not measured
            print(f"\nPostgreSQL: skipped ({exc.__class__.__name__}: {exc})")
            return
        results[n] = measure(url, n, str(work / "uploads"))
    report("PostgreSQL", results)


if __name__ == "__main__":
    main()
