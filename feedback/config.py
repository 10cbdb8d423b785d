"""Settings: defaults here, then FEEDBACK_* from the environment, then a test mapping."""
from typing import Any, Mapping
from urllib.parse import urlsplit

from limits import parse_many

DEFAULT_SECRET_KEY = "dev-only-not-secret"
MIB = 1024 * 1024

DEFAULTS: dict[str, Any] = {
    # "development", "testing" or "production"; production refuses the default secret key.
    "ENV": "production",
    "SECRET_KEY": DEFAULT_SECRET_KEY,
    # None means SQLite in the instance folder.
    "DATABASE_URL": None,
    # None means <instance>/uploads.
    "UPLOAD_DIR": None,
    # The largest attachment limit any article may set; the request cap is derived from it.
    "MAX_ATTACHMENT_BYTES": 10 * MIB,
    # The most attachments per comment any article may allow (each article sets its own, 1 by default).
    "MAX_ATTACHMENTS": 3,
    # Pixels an uploaded image (all frames together) may decode to; past this it is refused as a bomb.
    "MAX_IMAGE_PIXELS": 40_000_000,
    # Room for the form fields and multipart framing on top of the attachment itself.
    "FORM_OVERHEAD_BYTES": 256 * 1024,
    # The body cap of every route that takes no file (log-in, panel forms, the editors' API); the comment routes
    # raise it to their article's own cap.
    "MAX_FORM_BYTES": 1 * MIB,
    "COMMENT_MAX_LENGTH": 3000,
    "AUTHOR_NAME_MAX_LENGTH": 80,
    "ARTICLES_PER_PAGE": 10,
    "QUEUE_PAGE_SIZE": 25,
    # Who may frame our pages (CSP frame-ancestors); the newsroom may add its own domains.
    "FRAME_ANCESTORS": "'self'",
    # The site's address as readers reach it, e.g. https://bandoc.bao.example: absolute URLs are built from it, never
    # from the Host header a client sends. Required in production.
    "PUBLIC_URL": None,
    # Host names requests may carry (Flask's TRUSTED_HOSTS), e.g. ["bandoc.bao.example"]; others get 400. None: any.
    "TRUSTED_HOSTS": None,
    # Reverse proxies in front of the app whose X-Forwarded-For and X-Forwarded-Proto are believed (nginx alone: 1).
    # 0 believes none: a client could otherwise name any address it likes.
    "TRUSTED_PROXIES": 0,
    # An editor's log-in lasts this long from the moment of logging in, however busy the session.
    "SESSION_LIFETIME_MINUTES": 8 * 60,
    # Personal API tokens stop working this many days after they were issued.
    "API_TOKEN_LIFETIME_DAYS": 90,
    # Redis for view counts and rendered threads shared by several app servers; None keeps both in each process
    # (views are then written to the database in batches).
    "REDIS_URL": None,
    # HTTP caching of anonymous pages and the public API: seconds a shared cache (nginx, a CDN) may reuse an
    # answer, and seconds more it may serve it while fetching a fresh one; browsers revalidate every time. An
    # editor's decision reaches readers behind such a cache after at most the sum.
    "HTTP_SHARED_MAX_AGE": 5,
    "HTTP_STALE_WHILE_REVALIDATE": 10,
    # A rendered page is kept this long at most, so the view count printed in it stays roughly current.
    "PAGE_REFRESH_SECONDS": 60,
    # Rendered threads and pages each process keeps when there is no Redis (Flask-Caching's SimpleCache).
    "CACHE_THRESHOLD": 300,
    # Without Redis, each process writes the views it counted every this many seconds.
    "VIEW_FLUSH_SECONDS": 10,
    # Wrong passwords in a row before an editor account locks, and for how long.
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_LOCK_MINUTES": 15,
    "AUDIT_PAGE_SIZE": 50,
    "LOG_LEVEL": "INFO",
    # None means Secure cookies everywhere but development and testing.
    "SESSION_COOKIE_SECURE": None,
    "SITE_NAME": "Báo Bạn Đọc",
    # Rate limits (Flask-Limiter reads the RATELIMIT_* keys itself). Memory suits one process; several app
    # servers share counters through Redis, e.g. redis://127.0.0.1:6379/0.
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_KEY_PREFIX": "feedback",
    "RATELIMIT_HEADERS_ENABLED": True,
    # A Redis outage lets requests through (and logs it) rather than failing every comment.
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    # Accepted comments per client address and per e-mail (both doors together); failed log-ins per address;
    # API calls per token or address.
    "RATELIMIT_COMMENT_IP": "5 per minute;30 per hour",
    "RATELIMIT_COMMENT_EMAIL": "3 per minute;20 per hour",
    "RATELIMIT_LOGIN": "5 per minute;30 per hour",
    "RATELIMIT_API": "60 per minute;1000 per hour",
    # View beacons per client address: more than a reader can read, less than a script inflating a count.
    "RATELIMIT_VIEWS": "60 per minute",
    # Abuse checks on every comment.
    "FORM_MIN_SECONDS": 3,
    "DUPLICATE_WINDOW_MINUTES": 60,
    "DUPLICATE_ARTICLES": 3,
    "DUPLICATE_ARTICLES_HOURS": 24,
    "IP_BURST_COMMENTS": 5,
    "IP_BURST_MINUTES": 10,
    # Commenters' IP addresses are cleared this many days after posting (flask purge-ip).
    "IP_RETENTION_DAYS": 30,
}

_POSITIVE_INTS = (
    "MAX_ATTACHMENT_BYTES",
    "MAX_ATTACHMENTS",
    "MAX_IMAGE_PIXELS",
    "FORM_OVERHEAD_BYTES",
    "MAX_FORM_BYTES",
    "COMMENT_MAX_LENGTH",
    "AUTHOR_NAME_MAX_LENGTH",
    "ARTICLES_PER_PAGE",
    "QUEUE_PAGE_SIZE",
    "SESSION_LIFETIME_MINUTES",
    "API_TOKEN_LIFETIME_DAYS",
    "FORM_MIN_SECONDS",
    "DUPLICATE_WINDOW_MINUTES",
    "DUPLICATE_ARTICLES",
    "DUPLICATE_ARTICLES_HOURS",
    "IP_BURST_COMMENTS",
    "IP_BURST_MINUTES",
    "IP_RETENTION_DAYS",
    "LOGIN_MAX_FAILURES",
    "LOGIN_LOCK_MINUTES",
    "AUDIT_PAGE_SIZE",
    "PAGE_REFRESH_SECONDS",
    "CACHE_THRESHOLD",
    "VIEW_FLUSH_SECONDS",
)
_NON_NEGATIVE_INTS = ("HTTP_SHARED_MAX_AGE", "HTTP_STALE_WHILE_REVALIDATE")
_RATE_LIMITS = ("RATELIMIT_COMMENT_IP", "RATELIMIT_COMMENT_EMAIL", "RATELIMIT_LOGIN", "RATELIMIT_API",
                "RATELIMIT_VIEWS")


def request_cap(max_attachment_bytes: int, max_attachments: int, form_overhead_bytes: int) -> int:
    """The largest request a comment form may send: every attachment at its limit, plus the text fields."""
    return max_attachment_bytes * max_attachments + form_overhead_bytes


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the app must not start."""


def check_config(config: Mapping[str, Any]) -> None:
    """Stop start-up with a clear message when a setting cannot work."""
    if config["ENV"] not in ("development", "testing", "production"):
        raise ConfigError(f"FEEDBACK_ENV must be development, testing or production, not {config['ENV']!r}")
    for name in _POSITIVE_INTS:
        value = config[name]
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ConfigError(f"FEEDBACK_{name} must be a positive whole number, not {value!r}")
    for name in _NON_NEGATIVE_INTS:
        value = config[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"FEEDBACK_{name} must be a whole number of seconds, 0 or more, not {value!r}")
    proxies = config["TRUSTED_PROXIES"]
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        raise ConfigError(f"FEEDBACK_TRUSTED_PROXIES must be 0 or a positive whole number, not {proxies!r}")
    if not isinstance(config["RATELIMIT_ENABLED"], bool):
        raise ConfigError(f"FEEDBACK_RATELIMIT_ENABLED must be true or false, not {config['RATELIMIT_ENABLED']!r}")
    for name in _RATE_LIMITS:
        _check_rate_limit(name, config[name])
    if config["ENV"] == "production" and config["SECRET_KEY"] in (DEFAULT_SECRET_KEY, "", None):
        raise ConfigError("FEEDBACK_SECRET_KEY must be set to a long random value in production")
    _check_public_address(config)


def _check_public_address(config: Mapping[str, Any]) -> None:
    url = config["PUBLIC_URL"]
    if url is None:
        if config["ENV"] == "production":
            raise ConfigError("FEEDBACK_PUBLIC_URL must be set in production, e.g. https://bandoc.bao.example")
    else:
        parts = urlsplit(url) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") \
                or parts.query or parts.fragment:
            raise ConfigError(f"FEEDBACK_PUBLIC_URL must be a scheme and host like https://bandoc.bao.example, "
                              f"not {url!r}")
    hosts = config["TRUSTED_HOSTS"]
    if hosts is not None and (not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts)):
        raise ConfigError(f'FEEDBACK_TRUSTED_HOSTS must be a JSON list of host names like ["bandoc.bao.example"], '
                          f"not {hosts!r}")


def _check_rate_limit(name: str, value: Any) -> None:
    try:
        if not isinstance(value, str) or not parse_many(value):
            raise ValueError
    except ValueError:
        raise ConfigError(
            f"FEEDBACK_{name} must be rate limits like '5 per minute;30 per hour', not {value!r}"
        ) from None
