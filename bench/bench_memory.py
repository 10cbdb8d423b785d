"""Resident memory (RSS) of each gunicorn worker before, during and after a long mixed load (article page, thread
JSON, comment POST), sampled every second with psutil and printed every --interval seconds, so growth shows.

    .venv/bin/python bench/bench_memory.py [--duration 300] [--interval 30] [--concurrency 8] [--workers 2]
                                           [--database sqlite|postgresql]
"""
import argparse
import itertools
import threading
import time

import psutil

import harness
from harness import SLUG, TABLE_HEAD, Request, row, serve

MB = 1024 * 1024
IDLE_SECONDS = 5


def worker_rss(master: int) -> dict[int, float]:
    """MB resident per worker (the master's children) now."""
    sizes = {}
    for child in psutil.Process(master).children():
        try:
            sizes[child.pid] = child.memory_info().rss / MB
        except psutil.NoSuchProcess:  # a worker restarting
            pass
    return sizes


def line(phase: str, elapsed: float, sizes: dict[int, float]) -> str:
    return f"{phase:7} {elapsed:6.0f} s  " + "  ".join(f"{pid}: {mb:6.1f} MB" for pid, mb in sorted(sizes.items()))


def mixed_load(port: int):
    """Two page views and two JSON reads for each new comment, each comment its own text and sender."""
    sent = itertools.count(1001)
    mix = itertools.cycle([
        lambda: Request("GET", f"/bai-viet/{SLUG}"), lambda: Request("GET", f"/api/articles/{SLUG}"),
        lambda: Request("GET", f"/bai-viet/{SLUG}"), lambda: Request("GET", f"/api/articles/{SLUG}"),
        lambda: harness.post_comment(port, next(sent)),
    ])
    return lambda: next(mix)()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300)
    parser.add_argument("--interval", type=float, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    harness.add_database_option(parser)
    args = parser.parse_args()

    with harness.work_folder("memory") as folder:
        env, token = harness.prepare_app(args.database, folder)
        with serve("feedback:create_app()", env, args.workers) as server:
            harness.seed_thread(server.port, token, 200)
            print(f"gunicorn --workers {args.workers} (sync), {args.concurrency} clients, {args.database}, "
                  f"{args.duration:g} s of page : JSON : POST = 2 : 2 : 1; RSS per worker pid")
            time.sleep(IDLE_SECONDS)
            print(line("before", 0, worker_rss(server.pid)), flush=True)
            result = {}
            loader = threading.Thread(target=lambda: result.update(stats=harness.load(
                server.port, mixed_load(server.port), args.duration, args.concurrency)))
            peaks, start, next_print = {}, time.monotonic(), args.interval
            loader.start()
            while loader.is_alive():
                for pid, mb in worker_rss(server.pid).items():
                    peaks[pid] = max(peaks.get(pid, 0.0), mb)
                elapsed = time.monotonic() - start
                if elapsed >= next_print:
                    print(line("during", elapsed, worker_rss(server.pid)), flush=True)
                    next_print += args.interval
                loader.join(timeout=1)
            time.sleep(IDLE_SECONDS)
            print(line("after", time.monotonic() - start, worker_rss(server.pid)))
    print("peak RSS per worker (sampled each second under load):",
          ", ".join(f"{pid}: {mb:.1f} MB" for pid, mb in sorted(peaks.items())))
    print(TABLE_HEAD)
    print(row("mixed load", result["stats"]))


if __name__ == "__main__":
    main()
