"""Requests per second and latency under gunicorn: our article page and thread JSON (200 approved comments) and our
comment POST, against a bare Flask endpoint and Isso 0.14 served the same way. Prints a table; stops by itself.

    .venv/bin/python bench/bench_http.py [--seconds 5] [--concurrency 8] [--workers 2] [--database sqlite|postgresql]

Isso gets a venv of its own in bench/.work/isso-venv (made on first run: isso 0.14 and our gunicorn version from
PyPI) and always its own SQLite database, the only one it supports. Its config turns moderation off, so POST /new
publishes at once (ours holds each comment for an editor, which costs the same to store), and keeps its guard on
with the per-minute and direct-reply limits raised to 1,000,000, so its checks still run but never refuse.
"""
import argparse
import itertools
import json
import os
import subprocess
import sys
from contextlib import ExitStack
from importlib.metadata import version
from pathlib import Path

import harness
from harness import SLUG, TABLE_HEAD, Request, get, load, row, serve

ISSO_VENV = harness.WORK / "isso-venv"
ISSO_URI = f"/bai-viet/{SLUG}"


def isso_venv() -> Path:
    """Isso's own venv, made once; returns its bin folder."""
    bin_dir = ISSO_VENV / "bin"
    if not (bin_dir / "gunicorn").exists():
        print("Installing Isso 0.14 in", ISSO_VENV, flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(ISSO_VENV)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "isso==0.14.*", f"gunicorn=={version('gunicorn')}"],
                       check=True)
    return bin_dir


def isso_config(folder: Path, site: str) -> Path:
    path = folder / "isso.cfg"
    path.write_text(f"""[general]
dbpath = {folder}/isso.db
host = {site}
[moderation]
enabled = false
[guard]
enabled = true
ratelimit = 1000000
direct-reply = 1000000
""")
    return path


def isso_post(n: int, site: str) -> Request:
    """Reader n's comment, the same text and sender as ours; title spares Isso fetching the page."""
    comment = harness.reader_comment(n)
    data = {"author": comment["author_name"], "email": comment["email"], "text": comment["body"], "title": "Bài đo tải"}
    return Request("POST", f"/new?uri={ISSO_URI}", json.dumps(data).encode(),
                   {"Content-Type": "application/json", "Origin": site})


def seed_isso(port: int, site: str, count: int = 200) -> None:
    for n in range(1, count + 1):
        status, body = harness.call(port, isso_post(n, site))
        if status != 201:
            raise RuntimeError(f"Isso refused comment {n}: {status} {body[:300]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    harness.add_database_option(parser)
    args = parser.parse_args()
    isso_bin = isso_venv()

    with harness.work_folder("http") as folder, ExitStack() as servers:
        env, token = harness.prepare_app(args.database, folder)
        ours = servers.enter_context(serve("feedback:create_app()", env, args.workers)).port
        bare = servers.enter_context(serve("bench.bare_app:app", env, args.workers)).port
        site = f"http://127.0.0.1:{ours}/"
        isso_env = {"ISSO_SETTINGS": str(isso_config(folder, site))}
        isso_app = serve("isso.run:application", isso_env, args.workers, isso_bin / "gunicorn")
        isso = servers.enter_context(isso_app).port
        harness.seed_thread(ours, token, 200)
        seed_isso(isso, site, 200)
        ours_sent, isso_sent = itertools.count(1001), itertools.count(1001)

        targets = [
            ("bare Flask GET /", bare, get("/")),
            ("our article page", ours, get(ISSO_URI)),
            ("our GET /api/articles/<slug>", ours, get(f"/api/articles/{SLUG}")),
            ("Isso GET /?uri=…&plain=1", isso, get(f"/?uri={ISSO_URI}&plain=1")),
            # The same three as a browser asks for them (Accept-Encoding); ours answers a body compressed once.
            ("our article page, gzip", ours, get(ISSO_URI, harness.BROWSER)),
            ("our GET /api/articles, gzip", ours, get(f"/api/articles/{SLUG}", harness.BROWSER)),
            ("Isso GET /?uri=…, gzip asked", isso, get(f"/?uri={ISSO_URI}&plain=1", harness.BROWSER)),
            ("our POST comment API", ours, lambda: harness.post_comment(ours, next(ours_sent))),
            ("Isso POST /new", isso, lambda: isso_post(next(isso_sent), site)),
        ]
        print(f"gunicorn --workers {args.workers} (sync), {args.concurrency} concurrent clients, {args.seconds:g} s "
              f"each, ours on {args.database}, Isso on SQLite, {os.cpu_count()} cores shared by client and servers")
        print(f"{TABLE_HEAD} {'× hello':>8}")
        results = {}
        for name, port, next_request in targets:
            results[name] = stats = load(port, next_request, args.seconds, args.concurrency)
            print(f"{row(name, stats)} {stats.rps / results['bare Flask GET /'].rps:8.3f}", flush=True)
        for name, peer in [("our GET /api/articles/<slug>", "Isso GET /?uri=…&plain=1"),
                           ("our GET /api/articles, gzip", "Isso GET /?uri=…, gzip asked"),
                           ("our POST comment API", "Isso POST /new")]:
            print(f"{name} ÷ {peer}: {results[name].rps / results[peer].rps:.2f}")


if __name__ == "__main__":
    main()
