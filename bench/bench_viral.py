"""The viral article: many readers on one article page (200 approved comments) while an editor approves a comment
every second through the editors' API. Prints reader throughput and latency against a bare Flask endpoint under the
same load, and for each approval how long from the API's answer until a reader's GET first shows it (a checker polls
the page every --poll seconds and looks for the comment's `binh-luan-<id>`).

    .venv/bin/python bench/bench_viral.py [--seconds 30] [--readers 64] [--workers 2] [--hello-seconds 10]
                                          [--poll 0.05] [--database sqlite|postgresql]
"""
import argparse
import threading
import time
from contextlib import ExitStack

import harness
from harness import SLUG, TABLE_HEAD, Request, get, load, percentile, row, serve

PAGE = f"/bai-viet/{SLUG}"


def approve_each_second(port: int, token: str, queue: list[dict], approved: dict, took: list, start: float) -> None:
    """Approve queue[i] at start + i seconds; approved[id] is when the editors' API answered."""
    for i, comment in enumerate(queue):
        time.sleep(max(0.0, start + i - time.monotonic()))
        sent = time.monotonic()
        harness.approve(port, token, comment)
        approved[comment["id"]] = time.monotonic()
        took.append(approved[comment["id"]] - sent)


def watch(port: int, approved: dict, seen: dict, done: threading.Event, poll: float) -> None:
    """Fetch the page every poll seconds; seen[id] is when a fetched page first showed an approved comment."""
    while not done.is_set():
        _, page = harness.call(port, Request("GET", PAGE))
        now = time.monotonic()
        for comment_id in [i for i in list(approved) if i not in seen]:
            if f'binh-luan-{comment_id}"'.encode() in page:
                seen[comment_id] = now
        time.sleep(poll)


def check_markers(port: int, queue: list[dict]) -> None:
    """The page must show approved comments by their id and not yet the pending ones, or the delays mean nothing."""
    _, page = harness.call(port, Request("GET", PAGE))
    if page.count(b'id="binh-luan-') < 200:
        raise RuntimeError("the article page does not mark its comments with id=\"binh-luan-<id>\"")
    if any(f'binh-luan-{c["id"]}"'.encode() in page for c in queue):
        raise RuntimeError("a pending comment is already on the page")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--readers", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hello-seconds", type=float, default=10)
    parser.add_argument("--poll", type=float, default=0.05)
    harness.add_database_option(parser)
    args = parser.parse_args()

    with harness.work_folder("viral") as folder, ExitStack() as servers:
        env, token = harness.prepare_app(args.database, folder)
        ours = servers.enter_context(serve("feedback:create_app()", env, args.workers)).port
        bare = servers.enter_context(serve("bench.bare_app:app", env, args.workers)).port
        harness.seed_thread(ours, token, 200)
        harness.submit(ours, range(201, 201 + args.seconds))
        queue = harness.pending(ours, token)
        check_markers(ours, queue)

        hello = load(bare, get("/"), args.hello_seconds, args.readers)
        approved, took, seen, done = {}, [], {}, threading.Event()
        start = time.monotonic()
        helpers = [threading.Thread(target=approve_each_second, args=(ours, token, queue, approved, took, start)),
                   threading.Thread(target=watch, args=(ours, approved, seen, done, args.poll))]
        for t in helpers:
            t.start()
        readers = load(ours, get(PAGE), args.seconds, args.readers)
        helpers[0].join()
        time.sleep(2)  # the last approval's comment gets two quiet seconds to show up
        done.set()
        helpers[1].join()

    print(f"gunicorn --workers {args.workers} (sync), {args.readers} concurrent readers, {args.database}, "
          f"one approval a second for {args.seconds} s, the page polled every {args.poll * 1000:.0f} ms")
    print(f"{TABLE_HEAD} {'× hello':>8}")
    print(row(f"bare Flask GET / ({args.hello_seconds:g} s)", hello))
    print(f"{row('article page during approvals', readers)} {readers.rps / hello.rps:8.3f}")
    delays = [max(0.0, seen[i] - approved[i]) if i in seen else float("inf") for i in approved]
    print(f"approvals: {len(approved)} of {len(queue)}, the API answering in {percentile(sorted(took), .5) * 1000:.0f} "
          f"ms median, {max(took, default=0) * 1000:.0f} ms max; shown to readers: {sum(d < 1e9 for d in delays)}")
    print("visibility delay of each approval in turn, ms:", " ".join(f"{d * 1000:.0f}" for d in delays))
    delays.sort()
    print(f"visibility delay: median {percentile(delays, .5) * 1000:.0f} ms, p99 {percentile(delays, .99) * 1000:.0f} "
          f"ms, max {percentile(delays, 1) * 1000:.0f} ms")

if __name__ == "__main__":
    main()
