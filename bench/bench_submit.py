"""What one comment POST costs in-process: POST /api/articles/<slug>/comments through the Flask test client.

Every rule is on (diacritics, the default word lists, a blocklist, all abuse checks); rate limits are off and each
post carries its own text and sender, so none is refused. Prints the median and p95 per post and the SQL
statements each post runs, on SQLite and, with FEEDBACK_BENCH_DATABASE_URL (a PostgreSQL database this script may
wipe), on PostgreSQL too. `--profile` prints where the time goes (cProfile, SQLite only).
"""
import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import create_engine, event, insert, text  # noqa: E402

from feedback import abuse, create_app  # noqa: E402
from feedback.extensions import db  # noqa: E402
from feedback.models import Article, BlockKind, Comment, CommentStatus, utcnow  # noqa: E402

SENTENCE = ("Tôi thấy đề xuất mở rộng đường Nguyễn Văn Cừ là hợp lý, nhưng cần công khai tiến độ giải phóng "
            "mặt bằng và phương án tái định cư cho người dân hai bên đường.")
WARM_UP = 30


def seed(existing: int) -> str:
    """An open article with earlier comments from many senders, and a blocklist; returns the article's slug."""
    article = Article(slug="bai-do-tai", title="Bài đô thị")
    db.session.add(article)
    db.session.flush()
    now = utcnow()
    db.session.execute(insert(Comment), [
        {"article_id": article.id, "author_name": f"Người cũ {n}", "email": f"cu{n}@example.com",
         "original_text": f"{SENTENCE} Cũ {n}.", "text": f"{SENTENCE} Cũ {n}.", "html": "<p>cũ</p>",
         "status": CommentStatus.APPROVED, "version": 1, "created_at": now - timedelta(minutes=n),
         "ip_address": f"192.0.2.{n % 250}", "fingerprint": f"{n:064x}", "search_key": "cu",
         "author_key": f"nguoi cu {n} cu{n}@example.com"}
        for n in range(existing)
    ])
    for kind, value in ((BlockKind.EMAIL, "@rac.example"), (BlockKind.EMAIL, "spam@example.com"),
                        (BlockKind.NAME, "Nguyễn Văn Rác"), (BlockKind.IP, "198.18.0.0/15")):
        abuse.add_block(kind, value)
    db.session.commit()
    return article.slug


def post(client, slug: str, n: int):
    # Each post is a different reader's text and address: the duplicate check and IP burst would flag repeats.
    body = {"author_name": f"Bạn đọc số {n}", "body": f"{SENTENCE} Ý kiến thứ {n} của tôi."}
    if n % 4:  # most readers give an e-mail; the rest are matched by name and address
        body["email"] = f"doc{n}@example.com"
    return client.post(f"/api/articles/{slug}/comments", json=body,
                       environ_overrides={"REMOTE_ADDR": f"203.0.{n // 250 % 250}.{n % 250}"})


def measure(url: str, upload_dir: str, posts: int, existing: int, profile: bool = False) -> dict[str, float]:
    app = create_app({"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": url, "UPLOAD_DIR": upload_dir,
                      "RATELIMIT_ENABLED": False, "LOG_LEVEL": "WARNING"})
    with app.app_context():
        upgrade()
        slug = seed(existing)
        engine = db.engine
    client = app.test_client()
    for n in range(WARM_UP):
        assert post(client, slug, 10_000_000 + n).status_code == 202
    statements: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))
    timings, counts = [], []
    profiler = cProfile.Profile() if profile else None
    for n in range(posts):
        statements.clear()
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        response = post(client, slug, n)
        if profiler:
            profiler.disable()
        timings.append(time.perf_counter() - started)
        counts.append(len(statements))
        assert response.status_code == 202, response.get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    timings.sort()
    return {"median_ms": statistics.median(timings) * 1000, "p95_ms": timings[int(len(timings) * 0.95) - 1] * 1000,
            "statements": statistics.median(counts)}


def report(name: str, result: dict[str, float], posts: int, existing: int) -> None:
    print(f"{name}: {posts} comment POSTs to the JSON API after {existing:,} earlier comments: "
          f"median {result['median_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, "
          f"{result['statements']:.0f} SQL statements per post")


def reset_postgres(url: str) -> None:
    """An empty public schema, as the migrations expect (this is a database the script may wipe)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--existing", type=int, default=2000, help="earlier comments in the database")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the timed posts (SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(f"sqlite:///{tmp}/bench.db", f"{tmp}/uploads", args.posts, args.existing, args.profile)
        report("SQLite", result, args.posts, args.existing)
        url = os.environ.get("FEEDBACK_BENCH_DATABASE_URL")
        if not url or args.profile:
            print("PostgreSQL: skipped (set FEEDBACK_BENCH_DATABASE_URL to a database this script may wipe)")
            return
        try:
            reset_postgres(url)
        except Exception as exc:  # an unreachable server only means this part is not measured
            print(f"PostgreSQL: skipped ({exc.__class__.__name__}: {exc})")
            return
        try:
            report("PostgreSQL", measure(url, f"{tmp}/uploads-pg", args.posts, args.existing),
                   args.posts, args.existing)
        finally:
            reset_postgres(url)


if __name__ == "__main__":
    main()
