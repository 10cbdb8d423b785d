"""One log line per request, with its status and duration, to stderr."""
import logging
import time

from flask import Flask, g, request

log = logging.getLogger("feedback.request")


def register(app: Flask) -> None:
    @app.before_request
    def _start_timer() -> None:
        g.request_started = time.perf_counter()

    @app.after_request
    def _log_request(response):
        started = g.pop("request_started", None)
        duration_ms = (time.perf_counter() - started) * 1000 if started else 0.0
        log.info("%s %s %s %.1fms", request.method, request.full_path.rstrip("?"), response.status_code, duration_ms)
        return response
