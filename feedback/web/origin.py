"""Cross-site posts of the comment form are refused by where they come from, not by a cookie.

The comment form sits on a page every reader shares (and a CDN may serve), so it carries no per-visitor token.
Browsers tell us which page sent a post (`Sec-Fetch-Site`, `Origin`, else `Referer`); OWASP lists this check as a
primary defence against cross-site request forgery. A post that names no origin at all is refused too: every
browser of the last years sends one, and a forger would simply leave it out.
"""
from urllib.parse import urlsplit

from flask import current_app, request

from ..http.hosts import link_host


def same_origin_post() -> bool:
    """True when the browser says this post came from one of our own pages (or the check is switched off)."""
    if not current_app.config["WTF_CSRF_ENABLED"]:
        return True
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site in ("same-origin", "none")
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    # The host is compared, not the scheme: behind a TLS proxy we may see http while the browser saw https.
    return urlsplit(source).netloc.lower() in {request.host.lower(), link_host().lower()}
