"""Static files with a content version in their URL, so browsers may cache them for a year."""
import hashlib
import os
from datetime import timedelta
from functools import lru_cache

from flask import Flask


@lru_cache(maxsize=256)
def _digest(path: str, mtime_ns: int, size: int) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:12]


def register(app: Flask) -> None:
    # Safe only because every URL changes with the file's content (below); a slow phone then loads each once.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = timedelta(days=365)

    @app.url_defaults
    def _version_static_urls(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "filename" not in values:
            return
        path = os.path.join(app.static_folder, values["filename"])
        try:
            stat = os.stat(path)
        except OSError:
            return
        values["v"] = _digest(path, stat.st_mtime_ns, stat.st_size)
