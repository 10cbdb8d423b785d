"""Absolute URLs (the API's url fields, canonical and share links) from the configured public address.

A client chooses the Host header it sends; were it used, `Host: evil.example` would put evil.example into links
that readers share and caches keep.
"""
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, request
from werkzeug.routing import MapAdapter


class PublicURLFlask(Flask):
    """Flask whose URL builder takes its scheme and host from PUBLIC_URL when that is set."""

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        adapter = super().create_url_adapter(request)
        public = self.config.get("PUBLIC_URL")
        if adapter is not None and request is not None and public:
            parts = urlsplit(public)
            # Routing has not matched yet and does not look at these; only URL building does.
            adapter.url_scheme, adapter.server_name = parts.scheme, parts.netloc
        return adapter


def link_host() -> str:
    """The host absolute links are built with: the public URL's when set, else the request's."""
    public = current_app.config.get("PUBLIC_URL")
    return urlsplit(public).netloc if public else request.host
