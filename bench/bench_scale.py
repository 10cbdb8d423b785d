"""Does the first render of an article page after a decision stay cheap as the database grows? On PostgreSQL only:
times it at 1,000 comments in all, then grows the same database to 10,000 articles and 1,000,000 comments (set-based
INSERT ... SELECT generate_series, secondary indexes rebuilt afterwards) and times it again.

Timing is in-process, through the Flask test client on the production settings: each run approves one pending
comment of the hot article (200 approved comments) through the editors' API, so its thread version moves, times
the first GET of the page, then a second (warm) one, and returns the comment to the queue, so every run renders
the same thread.

    .venv/bin/python bench/bench_scale.py [--articles 10000] [--comments 1000000] [--small-comments 1000] [--runs 15]
"""
import argparse
import os
import statistics
import time

import harness
from harness import SLUG

PHRASES = [
    "Tôi hoàn toàn đồng ý với ý kiến của tác giả bài viết.",
    "Mong chính quyền địa phương sớm vào cuộc giải quyết dứt điểm.",
    "Bài viết phản ánh đúng thực trạng ở quê tôi nhiều năm nay.",
    "Cần xử lý nghiêm những sai phạm như thế này để làm gương.",
    "Cảm ơn tòa soạn đã lên tiếng thay cho người dân chúng tôi.",
    "Giá cả tăng quá nhanh, lương thì không đổi, sống rất khó.",
    "Đề nghị báo tiếp tục theo dõi và thông tin thêm vụ việc.",
    "Con đường này ngập mỗi khi mưa lớn, đi lại vô cùng vất vả.",
]
# 85 % approved, 8 % rejected, 4 % spam, 3 % still pending.
STATUS = "CASE WHEN r < .85 THEN 'approved' WHEN r < .93 THEN 'rejected' WHEN r < .97 THEN 'spam' ELSE 'pending' END"


def add_articles(conn, count: int) -> None:
    conn.execute("""
        INSERT INTO articles (slug, title, lead, body_html, author, published_at, updated_at, view_count,
                              thread_version, comments_open, require_diacritics, max_attachment_bytes,
                              max_attachments, allowed_attachment_types)
        SELECT 'bai-sinh-' || n, 'Bài viết sinh số ' || n, 'Tóm tắt bài số ' || n,
               '<p>' || repeat('Nội dung bài viết dài vừa phải. ', 80) || '</p>', 'Tòa soạn', t, t, 0,
               1, true, true, 10485760, 1, '["image/jpeg", "image/png", "application/pdf"]'
        FROM (SELECT n, (now() AT TIME ZONE 'utc') - interval '1 day' - random() * interval '3 years' AS t
              FROM generate_series((SELECT count(*) FROM articles), (SELECT count(*) FROM articles) + %s - 1) n) s
    """, (count,))


def add_comments(conn, count: int, *, article_id: int | None = None, status: str = STATUS) -> None:
    """count comments on article_id, or spread over every other article, a few of them taking most."""
    sql = f"""
        INSERT INTO comments (article_id, author_name, email, original_text, text, html, status, version, created_at,
                              decided_at, decided_by_id, ip_address, fingerprint, search_key, author_key)
        SELECT a, 'Bạn đọc ' || g, 'doc' || g || '@example.com', txt, txt, '<p>' || txt || '</p>', st, 1, t,
               CASE WHEN st <> 'pending' THEN t + interval '2 hours' END,
               CASE WHEN st <> 'pending' THEN (SELECT min(id) FROM editors) END,
               '203.0.113.' || (g %% 250), md5(txt) || md5(g::text), key,
               'ban doc ' || g || ' doc' || g || '@example.com'
        FROM (SELECT g, {status} AS st, (now() AT TIME ZONE 'utc') - random() * interval '3 years' AS t,
                     coalesce(%(article)s, lo + floor(power(random(), 3) * (hi - lo + 1))::int) AS a,
                     (%(phrases)s::text[])[1 + g %% 8] || ' (ý kiến ' || g || ')' AS txt,
                     (%(keys)s::text[])[1 + g %% 8] || ' (y kien ' || g || ')' AS key
              FROM (SELECT g, random() AS r FROM generate_series(1, %(count)s) g) numbers,
                   (SELECT min(id) AS lo, max(id) AS hi FROM articles WHERE slug <> %(hot)s) others) rows
    """
    from feedback.models import search_key

    conn.execute(sql, {"article": article_id, "count": count, "hot": SLUG, "phrases": PHRASES,
                       "keys": [search_key(p) for p in PHRASES]})


def bulk_load(conn, articles: int, comments: int) -> float:
    """Add rows with the comments' secondary indexes dropped, then rebuild them and VACUUM ANALYZE; returns seconds."""
    started = time.perf_counter()
    indexes = conn.execute("""SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'comments'
                              AND indexname NOT IN (SELECT conname FROM pg_constraint)""").fetchall()
    conn.execute("SET maintenance_work_mem = '512MB'")
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    add_articles(conn, articles)
    add_comments(conn, comments)
    for _, definition in indexes:
        conn.execute(definition)
    conn.execute("VACUUM ANALYZE")  # a live database is vacuumed: visibility map set, statistics fresh
    return time.perf_counter() - started


def time_renders(client, token: str, comment_id: int, runs: int) -> tuple[list[float], list[float]]:
    """Seconds for the first and the second GET of the page after each approval."""
    auth = {"Authorization": f"Bearer {token}"}
    version = client.get(f"/api/moderation/comments/{comment_id}", headers=auth).json["version"]
    first, second = [], []
    for _ in range(runs):
        answer = client.post(f"/api/moderation/comments/{comment_id}/approve", json={"version": version}, headers=auth)
        assert answer.status_code == 200, answer.data
        for times in (first, second):
            started = time.perf_counter()
            page = client.get(f"/bai-viet/{SLUG}")
            times.append(time.perf_counter() - started)
            assert page.status_code == 200 and f'binh-luan-{comment_id}"'.encode() in page.data
        answer = client.post(f"/api/moderation/comments/{comment_id}/unpublish",
                             json={"version": answer.json["version"], "reason": "Đo hiệu năng"}, headers=auth)
        assert answer.status_code == 200, answer.data
        version = answer.json["version"]
    return first, second


def totals(conn) -> str:
    articles, comments = conn.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM comments)"
                                      ).fetchone()
    return f"{articles:,} articles, {comments:,} comments"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--small-comments", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    import psycopg

    try:
        psycopg.connect(harness.POSTGRES_URL.replace("+psycopg", ""), connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL at {harness.POSTGRES_URL} is not reachable, nothing measured: {exc}")
        return
    with harness.work_folder("scale") as folder:
        env, token = harness.prepare_app("postgresql", folder)
        os.environ.update(env)
        from feedback import create_app

        client = create_app().test_client()
        with psycopg.connect(harness.POSTGRES_URL.replace("+psycopg", ""), autocommit=True) as conn:
            hot = conn.execute("SELECT id FROM articles WHERE slug = %s", (SLUG,)).fetchone()[0]
            add_comments(conn, 200, article_id=hot, status="'approved'")
            add_comments(conn, 1, article_id=hot, status="'pending'")
            pending = conn.execute("SELECT max(id) FROM comments WHERE status = 'pending'").fetchone()[0]
            small_articles = max(1, args.articles * args.small_comments // args.comments)
            bulk_load(conn, small_articles - 1, args.small_comments - 201)
            results = [(totals(conn), *time_renders(client, token, pending, args.runs))]
            took = bulk_load(conn, args.articles - small_articles, args.comments - args.small_comments)
            print(f"grew to {totals(conn)} in {took:.0f} s")
            results.append((totals(conn), *time_renders(client, token, pending, args.runs)))

    print(f"first render of /bai-viet/{SLUG} (200 approved comments) after an approval, in-process test client, "
          f"PostgreSQL, median of {args.runs} (min, max); then the next GET")
    medians = []
    for label, first, second in results:
        medians.append(statistics.median(first))
        print(f"  {label:40} first {medians[-1] * 1000:7.1f} ms ({min(first) * 1000:.1f}, {max(first) * 1000:.1f})"
              f"   next {statistics.median(second) * 1000:7.1f} ms")
    print(f"ratio large / small: {medians[1] / medians[0]:.2f}")


if __name__ == "__main__":
    main()
