"""How fast check_diacritics runs on one core: throughput on corpus comments, latency per 1,000 characters,
how often and at what cost it asks the language detector, and the memory the detector's models take.

Run: .venv/bin/python bench/bench_vietnamese.py
"""
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feedback.vietnamese import check_diacritics, normalize  # noqa: E402
from feedback.vietnamese import frequencies, input_methods, language, legacy, repair, syllables, tokens  # noqa: E402

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
    for cached in (tokens.word_kind, tokens._chunk_score, tokens._ends_sentence, frequencies.p_marked, repair._residue,
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
    detector_calls(longs, sample)
    model_memory()
    marked = [text for kind, text in longs if kind == "marked"][:300]
    submit_path_share(marked, f"marked comments of {LENGTH} characters")
    submit_path_share(list(dict.fromkeys(sample))[:300], "corpus comments of every kind, refused ones included")


def detector_calls(longs: list[tuple[str, str]], sample: list[str]) -> None:
    """How often the check asks the language detector, and what one answer costs."""
    spent: list[float] = []
    original = language.looks_foreign

    def timed_detector(words):
        start = time.perf_counter_ns()
        try:
            return original(words)
        finally:
            spent.append((time.perf_counter_ns() - start) / 1_000)

    language.looks_foreign = timed_detector
    try:
        for label, texts in (("1,000-character comments", [t for _, t in longs]), ("corpus comments", sample)):
            spent.clear()
            for text in texts:
                check_diacritics(text)
            cost = f"median {statistics.median(spent):.0f} µs, p99 {percentile(spent, 0.99):.0f} µs" if spent else "-"
            print(f"language detector: asked for {len(spent)} of {len(texts)} {label}; per answer {cost}")
    finally:
        language.looks_foreign = original


MODEL_RSS = """
import sys, psutil, lingua
rss = psutil.Process().memory_info().rss
languages = [getattr(lingua.Language, name) for name in sys.argv[1:]]
detector = lingua.LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
detector.compute_language_confidence_values("models load here")
print((psutil.Process().memory_info().rss - rss) / 2**20, psutil.Process().num_threads())
"""


def model_memory() -> None:
    """RSS the detector's models add to a process, measured in a fresh one as a gunicorn worker would load them."""
    names = [lang.name for lang in language.LANGUAGES]
    out = subprocess.run([sys.executable, "-c", MODEL_RSS, *names], capture_output=True, text=True, check=True)
    megabytes, threads = out.stdout.split()
    print(f"language models ({len(names)} languages, low accuracy): {float(megabytes):.1f} MiB RSS per process, "
          f"{threads} thread(s) after loading")


def submit_path_share(texts: list[str], label: str) -> None:
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
                assert response.status_code in (202, 422), response.get_json()
        finally:
            vietnamese.check_diacritics = original
    print(f"submit path (POST /api/articles/<slug>/comments, {len(texts)} {label}):")
    print(f"  request median {statistics.median(requests) / 1e3:.0f} µs, checker median "
          f"{statistics.median(spent) / 1e3:.0f} µs, checker share of total time {sum(spent) / sum(requests):.1%}")


if __name__ == "__main__":
    main()
