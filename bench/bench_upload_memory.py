"""Server memory while eight readers upload at once: does it grow with the file size?

Starts the app under gunicorn (2 workers x 4 threads, a temporary SQLite database and upload folder), sends
rounds of eight concurrent comments with a 1 MiB or a 10 MiB attachment to the JSON API, samples the resident
memory (RSS) of the gunicorn processes, prints idle and peak figures, then stops the server and cleans up.

    python bench/bench_upload_memory.py [--rounds 3]
"""
import argparse
import http.client
import io
import itertools
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
CONCURRENT = 8
TEXT = "Nước ngập sâu ở đầu ngõ từ sáng nay, tôi gửi kèm ảnh và đơn kiến nghị để tòa soạn xem xét."
ARTICLE = {"slug": "do-bo-nho", "title": "Đo bộ nhớ khi tải tệp", "rules": {"max_attachment_bytes": 10 * MIB}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pdf(size: int) -> bytes:
    """A well-formed PDF of about `size` bytes (the service refuses one without its trailer)."""
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%" + b"x" * max(size - 200, 0) + b"\n"
    return body + (b"xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\n"
                   b"startxref\n%d\n%%%%EOF\n" % len(body))


def noisy_jpeg(target: int) -> bytes:
    """A photo-like JPEG just under target bytes (noise compresses badly, as sensor noise does)."""
    side = int((target / 1.1) ** 0.5)
    while True:
        image = Image.frombytes("RGB", (side, side), random.randbytes(side * side * 3))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85)
        if out.tell() <= target:
            return out.getvalue()
        side = int(side * 0.95)


_sent = itertools.count(1)


def multipart(filename: str, content_type: str, data: bytes) -> tuple[bytes, str]:
    """A comment with one file; each carries its own text and sender, so none is refused as a duplicate."""
    boundary, n = uuid.uuid4().hex, next(_sent)
    fields = {"author_name": f"Nguyễn Văn Đo {n}", "email": f"do{n}@example.com", "body": f"{TEXT} (lần {n})"}
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="attachment"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode())
    return b"".join(parts) + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post(port: int, body: bytes, content_type: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("POST", f"/api/articles/{ARTICLE['slug']}/comments", body=body,
                     headers={"Content-Type": content_type})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


class RssSampler(threading.Thread):
    """Samples the summed RSS of the gunicorn master and workers every few milliseconds."""

    def __init__(self, master: psutil.Process):
        super().__init__(daemon=True)
        self.master, self.peak, self.running = master, 0, True

    def current(self) -> int:
        total = 0
        for proc in [self.master, *self.master.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.current())
            time.sleep(0.005)


def run_round(port: int, master: psutil.Process, upload: tuple[str, str, bytes]) -> tuple[int, list[int]]:
    requests = [multipart(*upload) for _ in range(CONCURRENT)]
    sampler = RssSampler(master)
    sampler.start()
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda r=r: statuses.append(post(port, *r))) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sampler.running = False
    sampler.join()
    return sampler.peak, statuses


def prepare(workdir: Path, env: dict) -> None:
    articles = workdir / "articles.json"
    articles.write_text(json.dumps({"articles": [ARTICLE]}), encoding="utf-8")
    flask = [sys.executable, "-m", "flask", "--app", "feedback"]
    for args in (["db", "upgrade"], ["import-articles", str(articles)]):
        subprocess.run(flask + args, cwd=ROOT, env=env, check=True, capture_output=True)


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    env = {**os.environ, "FEEDBACK_ENV": "development", "FEEDBACK_SECRET_KEY": uuid.uuid4().hex,
           "FEEDBACK_DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}", "FEEDBACK_UPLOAD_DIR": str(workdir / "tep"),
           "FEEDBACK_LOG_LEVEL": "WARNING", "FEEDBACK_RATELIMIT_ENABLED": "false", "TMPDIR": str(workdir)}
    server = None
    try:
        prepare(workdir, env)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4", "--worker-class", "gthread",
             "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "feedback:create_app()"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        wait_until_up(port, server)
        master = psutil.Process(server.pid)
        loads = {
            "PDF 1 MiB": ("don.pdf", "application/pdf", pdf(1 * MIB)),
            "PDF 10 MiB": ("don.pdf", "application/pdf", pdf(10 * MIB)),
            "JPEG 10 MiB": ("anh.jpg", "image/jpeg", noisy_jpeg(10 * MIB)),
        }
        run_round(port, master, ("a.pdf", "application/pdf", pdf(1024)))  # warm both workers up
        time.sleep(0.5)
        idle = RssSampler(master).current()
        print(f"gunicorn 2 workers x 4 threads, {CONCURRENT} concurrent uploads per round, {args.rounds} rounds each")
        print(f"idle RSS (master + workers): {idle / MIB:.1f} MiB")
        growth = {}
        for name, upload in loads.items():
            peaks, accepted = [], 0
            for _ in range(args.rounds):
                peak, statuses = run_round(port, master, upload)
                peaks.append(peak)
                accepted += statuses.count(202)
            median = statistics.median(peaks)
            growth[name] = median - idle
            print(f"{name:>12}: median peak RSS {median / MIB:7.1f} MiB, +{growth[name] / MIB:6.1f} MiB over idle "
                  f"(rounds: {', '.join(f'{p / MIB:.0f}' for p in peaks)} MiB; "
                  f"{accepted}/{CONCURRENT * args.rounds} accepted)")
        ratio = growth["PDF 10 MiB"] / max(growth["PDF 1 MiB"], 1)
        print(f"growth with 10x the file size (PDF 10 MiB / PDF 1 MiB): x{ratio:.2f}; "
              f"in-flight bytes per round: {CONCURRENT * 10} MiB")
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
