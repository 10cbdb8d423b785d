"""What the abuse checks cost per comment: word matching alone, and a whole submission with its queries.

Prints medians; run with `make bench` or `python bench/bench_abuse.py`.
"""
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback import comments, create_app  # noqa: E402
from feedback.abuse import AbusePolicy, BotSignals, Submission, screen_comment  # noqa: E402
from feedback.abuse.matching import Entry, WordMatcher, choose_level, text_tokens  # noqa: E402
from feedback.comments import CommentDraft, TextLimits  # noqa: E402
from feedback.extensions import db  # noqa: E402
from feedback.models import Article  # noqa: E402

SENTENCE = ("Tôi thấy đề xuất mở rộng đường Nguyễn Văn Cừ là hợp lý, nhưng cần công khai tiến độ giải phóng "
            "mặt bằng và phương án tái định cư cho người dân hai bên đường. ")
SHORT = SENTENCE * 2  # about 300 characters, a typical comment
LONG = (SENTENCE * 20)[:3000]  # the longest comment allowed


def default_entries() -> list[Entry]:
    migration = ROOT / "migrations" / "versions" / "0003_add_abuse_control.py"
    spec = importlib.util.spec_from_file_location("defaults", migration)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [Entry(word, choose_level(word)) for _, word, _ in module.DEFAULT_WORDS]


def big_entries(n: int) -> list[Entry]:
    return [Entry(f"từkhóa{i} thử", choose_level(f"từkhóa{i} thử")) for i in range(n)]


def median_us(fn, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1e6


def bench_matching() -> None:
    for label, entries in (("default lists (33 entries)", default_entries()), ("1000 entries", big_entries(1000))):
        matcher = WordMatcher(entries)
        for size, text in (("300 chars", SHORT), ("3000 chars", LONG)):
            us = median_us(lambda: matcher.find(text_tokens(text)), 200)
            print(f"match {size:>10} against {label:<27} median {us:8.0f} µs")


def bench_submission() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"ENV": "testing", "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
                          "UPLOAD_DIR": f"{tmp}/uploads", "RATELIMIT_ENABLED": False})
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            article = Article(slug="bench", title="Bench")
            db.session.add(article)
            db.session.commit()
            limits = TextLimits(3000, 80)
            storage = app.extensions["feedback.storage"]
            submit, screen = [], []
            for n in range(300):
                text = f"{SHORT} Ý kiến số {n}."
                draft = CommentDraft(f"Bạn đọc {n}", f"ban{n}@example.com", text)
                ip, signals = f"198.51.100.{n % 250}", BotSignals(form_age=30.0)
                started = time.perf_counter()
                screen_comment(Submission(article.id, draft.author_name, draft.email, text, ip, signals), AbusePolicy())
                screen.append(time.perf_counter() - started)
                started = time.perf_counter()
                comments.submit_comment(article.id, draft, limits=limits, storage=storage, ip=ip, signals=signals,
                                        policy=AbusePolicy())
                submit.append(time.perf_counter() - started)
            db.engine.dispose()
    screen_ms, submit_ms = statistics.median(screen) * 1000, statistics.median(submit) * 1000
    print(f"abuse checks alone (one query), 300-char comment, SQLite: median {screen_ms:.2f} ms")
    print(f"whole submission including the checks and the commit:      median {submit_ms:.2f} ms "
          f"(checks are {screen_ms / submit_ms:.0%} of it)")


if __name__ == "__main__":
    bench_matching()
    bench_submission()
