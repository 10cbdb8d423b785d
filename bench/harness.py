"""What the HTTP benchmarks share: a production-like app on SQLite or PostgreSQL under gunicorn, seeded through
its own commands and HTTP API, and one load tool (Python threads + http.client, a new connection per request,
as gunicorn's sync workers close each one)."""
import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / ".work"  # git-ignored: Isso's venv, databases, upload folders
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT))  # for the scripts that also import feedback in-process
# The only PostgreSQL database these scripts may wipe.
POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test_bench"
SLUG = "bai-do-tai"
EDITOR = "bench@example.com"
ARTICLE = {"slug": SLUG, "title": "Bài đo tải", "lead": "Đo tải trang bài viết.", "author": "Tòa soạn",
           "body_html": "<p>" + "Nội dung bài viết dài vừa phải. " * 80 + "</p>"}


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: dict | None = None


@dataclass(frozen=True)
class Stats:
    count: int
    errors: int
    seconds: float
    latencies: list  # seconds, sorted

    @property
    def rps(self) -> float:
        return self.count / self.seconds

    def ms(self, share: float) -> float:
        return percentile(self.latencies, share) * 1000


def percentile(ordered: list, share: float) -> float:
    """Nearest-rank percentile of sorted values (share 1 is the max); nan when there are none."""
    if not ordered:
        return float("nan")
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


TABLE_HEAD = f"{'target':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"


def row(name: str, stats: Stats) -> str:
    return (f"{name:34} {stats.rps:8.0f} {stats.ms(.5):8.1f} {stats.ms(.95):8.1f} {stats.ms(.99):8.1f} "
            f"{stats.errors:7d}")


def add_database_option(parser) -> None:
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite",
                        help=f"postgresql means {POSTGRES_URL}, whose schema public is dropped and recreated")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def work_folder(name: str) -> Iterator[Path]:
    WORK.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=WORK))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def app_env(database: str, folder: Path) -> dict:
    """Production settings with rate limits off, so throughput is not throttled."""
    url = POSTGRES_URL if database == "postgresql" else f"sqlite:///{folder}/bench.db"
    return {"FEEDBACK_ENV": "production", "FEEDBACK_SECRET_KEY": "bench-" + "x" * 40, "FEEDBACK_DATABASE_URL": url,
            "FEEDBACK_UPLOAD_DIR": str(folder / "uploads"), "FEEDBACK_LOG_LEVEL": "WARNING",
            "FEEDBACK_RATELIMIT_ENABLED": "false", "FEEDBACK_PUBLIC_URL": "http://127.0.0.1"}


def reset_postgres() -> None:
    import psycopg

    with psycopg.connect(POSTGRES_URL.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def flask(env: dict, *args: str, stdin: str | None = None) -> str:
    done = subprocess.run([str(BIN / "flask"), "--app", "feedback", *args], cwd=ROOT, env={**os.environ, **env},
                          input=stdin, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def prepare_app(database: str, folder: Path, articles: list[dict] = (ARTICLE,)) -> tuple[dict, str]:
    """A fresh, migrated database with the bench article and an editor; returns the env and the editor's token."""
    env = app_env(database, folder)
    if database == "postgresql":
        reset_postgres()
    flask(env, "db", "upgrade")
    (folder / "articles.json").write_text(json.dumps({"articles": list(articles)}, ensure_ascii=False))
    flask(env, "import-articles", str(folder / "articles.json"))
    flask(env, "create-editor", EDITOR, "--name", "Biên tập đo tải", "--password-stdin", stdin="mat-khau-do-tai\n")
    return env, flask(env, "issue-token", EDITOR).strip()


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # gunicorn's master; its children are the workers


@contextlib.contextmanager
def serve(app_spec: str, env: dict, workers: int, gunicorn: Path = BIN / "gunicorn") -> Iterator[Server]:
    """gunicorn with the same flags for every app (sync workers)."""
    port = free_port()
    proc = subprocess.Popen([str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                             "--log-level", "warning", app_spec],
                            cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(port, proc)
        yield Server(port, proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wait_until_up(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            call(port, Request("GET", "/healthz"), timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn on port {port} did not start (exit code {proc.poll()})")


def call(port: int, request: Request, timeout: float = 30) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=request.body, headers=request.headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def load(port: int, next_request: Callable[[], Request], seconds: float, concurrency: int) -> Stats:
    """concurrency threads send requests back to back for seconds; a refused or failed request is an error."""
    latencies, errors, lock = [], 0, threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        mine, bad = [], 0
        while time.monotonic() < stop_at:
            request = next_request()
            started = time.perf_counter()
            try:
                status, _ = call(port, request, timeout=30)
                bad += status >= 400
            except (OSError, http.client.HTTPException):
                bad += 1
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Stats(len(latencies), errors, time.monotonic() - started, sorted(latencies))


# What a browser says it can unpack; a server may then send a compressed body.
BROWSER = {"Accept-Encoding": "gzip, deflate, br"}


def get(path: str, headers: dict | None = None) -> Callable[[], Request]:
    return lambda: Request("GET", path, None, headers)


def reader_comment(n: int) -> dict:
    """Reader n's comment: its own text and sender, so neither the duplicate check nor a sender limit refuses it."""
    return {"author_name": f"Bạn đọc số {n}", "email": f"doc{n}@example.com",
            "body": f"Bình luận số {n}: bài viết rất hữu ích, cảm ơn tòa soạn đã phản ánh kịp thời."}


def post_comment(port: int, n: int, slug: str = SLUG) -> Request:
    return Request("POST", f"/api/articles/{slug}/comments", json.dumps(reader_comment(n)).encode(),
                   {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"})


def api(port: int, token: str, method: str, path: str, data: dict | None = None) -> dict:
    """One call to the editors' API; anything but 2xx stops the bench."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    status, body = call(port, Request(method, path, json.dumps(data).encode() if data is not None else None, headers))
    if status >= 300:
        raise RuntimeError(f"{method} {path}: {status} {body[:300]!r}")
    return json.loads(body)


def pending(port: int, token: str, slug: str = SLUG) -> list[dict]:
    """Every pending comment of an article, oldest first, with its id and version."""
    items, cursor = [], ""
    while True:
        page = api(port, token, "GET", f"/api/moderation/queue?article={slug}&limit=200" +
                   (f"&cursor={cursor}" if cursor else ""))
        items += page["comments"]
        cursor = page.get("next_cursor")
        if not cursor:
            return sorted(items, key=lambda c: c["id"])


def approve(port: int, token: str, comment: dict) -> None:
    api(port, token, "POST", f"/api/moderation/comments/{comment['id']}/approve", {"version": comment["version"]})


def submit(port: int, numbers: range, slug: str = SLUG) -> None:
    for n in numbers:
        status, body = call(port, post_comment(port, n, slug))
        if status != 202:
            raise RuntimeError(f"comment {n}: {status} {body[:300]!r}")


def seed_thread(port: int, token: str, count: int = 200) -> None:
    """count approved comments, sent through the comment API and approved through the editors' API."""
    submit(port, range(1, count + 1))
    held = pending(port, token)
    if len(held) != count:
        raise RuntimeError(f"{count} comments sent but {len(held)} pending: an abuse check held them elsewhere")
    for comment in held:
        approve(port, token, comment)
