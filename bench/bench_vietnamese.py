"""How fast check_diacritics runs on one core: throughput on corpus comments, latency per 1,000 characters.

Run: .venv/bin/python bench/bench_vietnamese.py
"""
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback.vietnamese import check_diacritics, normalize  # noqa: E402
from feedback.vietnamese import frequencies, input_methods, legacy, repair, syllables, tokens  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "diacritics_corpus.jsonl"
COMMENTS = 1_000
LENGTH = 1_000
SEED = 20240


def load_records() -> list[dict]:
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    for record in records:
        record["text"] = normalize(record["text"])
    return records


def clear_caches() -> None:
    """Forget every per-word cache, as a freshly started worker would."""
    for cached in (tokens.word_kind, tokens._chunk_score, frequencies.p_marked, repair._residue,
                   syllables.is_valid_syllable, syllables.is_well_formed, legacy._restore_u_horn,
                   input_methods._viqr_word):
        cached.cache_clear()


def long_comments(records: list[dict], rng: random.Random) -> list[tuple[str, str]]:
    """(kind, comment) pairs of LENGTH characters, each joined from corpus comments of one kind (a reader
    writes one way throughout); kinds are drawn as often as they occur in the corpus."""
    by_kind: dict[str, list[str]] = {}
    for record in records:
        by_kind.setdefault(record["kind"].split("-")[0], []).append(record["text"])
    out = []
    for _ in range(COMMENTS):
        kind = rng.choice(records)["kind"].split("-")[0]
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < LENGTH:
            parts.append(rng.choice(by_kind[kind]))
        out.append((kind, " ".join(parts)[:LENGTH]))
    return out


def timed(text: str) -> float:
    start = time.perf_counter_ns()
    check_diacritics(text)
    return (time.perf_counter_ns() - start) / 1_000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    rng = random.Random(SEED)
    records = load_records()
    sample = [rng.choice(records)["text"] for _ in range(COMMENTS)]
    clear_caches()
    cold = sum(timed(t) for t in sample)
    warm = sum(timed(t) for t in sample)
    chars = sum(len(t) for t in sample)
    print(f"{COMMENTS} corpus comments, mean length {chars / COMMENTS:.0f} characters")
    print(f"  throughput, first pass (caches empty): {chars / cold * 1e6:>12,.0f} characters/s")
    print(f"  throughput, steady state:              {chars / warm * 1e6:>12,.0f} characters/s")

    longs = long_comments(records, rng)
    steady = [(kind, timed(text)) for kind, text in longs]
    times = [t for _, t in steady]
    print(f"{COMMENTS} comments of {LENGTH} characters, steady state:")
    print(f"  all kinds: median {statistics.median(times):6.0f} µs, p99 {percentile(times, 0.99):6.0f} µs")
    for kind in sorted({k for k, _ in steady}):
        times = [t for k, t in steady if k == kind]
        print(f"  {kind:12} median {statistics.median(times):6.0f} µs, p99 {percentile(times, 0.99):6.0f} µs"
              f"  ({len(times)} comments)")
    cold_each = []
    for _, text in longs[:200]:
        clear_caches()
        cold_each.append(timed(text))
    print(f"  caches emptied before each (200 comments): median {statistics.median(cold_each):.0f} µs, "
          f"p99 {percentile(cold_each, 0.99):.0f} µs")
    start = time.perf_counter()
    for _, text in longs:
        normalize(text)
    print(f"normalize on the same comments: {(time.perf_counter() - start) / COMMENTS * 1e6:.0f} µs each")
    submit_path_share([text for kind, text in longs if kind == "marked"][:300])


def submit_path_share(texts: list[str]) -> None:
    """Post real comments through the JSON API (SQLite, test client) and time the checker inside each request."""
    import tempfile

    from flask_migrate import upgrade

    from feedback import create_app, vietnamese
    from feedback.extensions import db
    from feedback.models import Article

    spent = []
    original = vietnamese.check_diacritics

    def timed_check(text):
        start = time.perf_counter_ns()
        try:
            return original(text)
        finally:
            spent.append(time.perf_counter_ns() - start)

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"ENV": "testing", "DATABASE_URL": f"sqlite:///{tmp}/bench.db", "UPLOAD_DIR": f"{tmp}/up",
                          "LOG_LEVEL": "WARNING", "RATELIMIT_ENABLED": False})
        with app.app_context():
            upgrade()
            db.session.add(Article(slug="do", title="Đo", lead="", body_html=""))
            db.session.commit()
        client = app.test_client()
        vietnamese.check_diacritics = timed_check
        try:
            requests = []
            for text in texts:
                start = time.perf_counter_ns()
                response = client.post("/api/articles/do/comments", json={"author_name": "Bạn đọc", "body": text})
                requests.append(time.perf_counter_ns() - start)
                assert response.status_code == 202, response.get_json()
        finally:
            vietnamese.check_diacritics = original
    print(f"submit path (POST /api/articles/<slug>/comments, {len(texts)} marked comments of {LENGTH} characters):")
    print(f"  request median {statistics.median(requests) / 1e3:.0f} µs, checker median "
          f"{statistics.median(spent) / 1e3:.0f} µs, checker share of total time {sum(spent) / sum(requests):.1%}")


if __name__ == "__main__":
    main()
