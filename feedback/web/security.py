"""Security headers for every response, set in one place."""
from flask import Flask, request


def content_security_policy(frame_ancestors: str) -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


def register(app: Flask) -> None:
    headers = [("Content-Security-Policy", content_security_policy(app.config["FRAME_ANCESTORS"])),
               ("X-Content-Type-Options", "nosniff"),
               ("Referrer-Policy", "strict-origin-when-cross-origin")]
    https_only = ("Strict-Transport-Security", "max-age=31536000")

    @app.after_request
    def _set_security_headers(response):
        # Attachment responses set their own stricter sandbox policy, so only missing headers are added. Read the
        # names once: asking Headers for each missing one raises and catches an exception, on every response.
        present = {name.lower() for name, _ in response.headers}
        wanted = [*headers, https_only] if request.is_secure else headers
        response.headers.extend([(n, v) for n, v in wanted if n.lower() not in present])
        return response
