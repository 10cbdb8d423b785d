"""The reader-comment service: create_app builds it."""
import atexit
import logging
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any, Mapping

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config as settings
from .attachments import LocalStorage
from . import thread_versions
from .counters import BufferedViewCounter, RedisViewCounter
from .extensions import csrf, db, limiter, login_manager, migrate
from .http import caching
from .http.hosts import PublicURLFlask
from .http.sessions import CookieSessionInterface

ROOT = Path(__file__).resolve().parent.parent
# Redis answers in a millisecond; one that takes longer is treated as down rather than holding a reader's page.
REDIS_TIMEOUT = 0.5


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then FEEDBACK_* variables, then the given mapping."""
    app = PublicURLFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    configure_settings(app, config)
    configure_inputs(app)
    configure_logging(app)
    configure_proxies(app)
    configure_database(app)
    configure_storage(app)
    configure_counters(app)
    configure_cache(app)
    configure_login(app)
    configure_rate_limits(app)
    csrf.init_app(app)
    register_blueprints(app)
    register_cli(app)
    return app


def configure_settings(app: Flask, overrides: Mapping[str, Any] | None) -> None:
    app.config.from_mapping(settings.DEFAULTS)
    app.config.from_prefixed_env("FEEDBACK")
    if overrides:
        app.config.from_mapping(overrides)
    settings.check_config(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    secure = app.config["SESSION_COOKIE_SECURE"]
    if secure is None:
        secure = app.config["ENV"] == "production"
    app.config.update(
        SQLALCHEMY_DATABASE_URI=app.config["DATABASE_URL"] or f"sqlite:///{Path(app.instance_path) / 'feedback.db'}",
        UPLOAD_DIR=app.config["UPLOAD_DIR"] or str(Path(app.instance_path) / "uploads"),
        # Small for every route; the comment routes raise it to their article's cap (feedback/http/uploads.py).
        MAX_CONTENT_LENGTH=app.config["MAX_FORM_BYTES"],
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=secure,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=app.config["SESSION_LIFETIME_MINUTES"]),
        # The cookie keeps the expiry it got at log-in; the server-side session row enforces the same end.
        SESSION_REFRESH_EACH_REQUEST=False,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session; a reader may write for hours
        TESTING=app.config["ENV"] == "testing",
    )


def configure_inputs(app: Flask) -> None:
    """Ids in URLs and JSON bodies are checked where they enter, so no input reaches the database it cannot take."""
    from .http.inputs import IdConverter, StrictJSONProvider

    app.url_map.converters["int"] = IdConverter
    app.json = StrictJSONProvider(app)
    app.json.ensure_ascii = False  # API answers carry Vietnamese as UTF-8, readable as sent


def configure_proxies(app: Flask) -> None:
    """Behind nginx every request comes from nginx: the reader's address is the one our own proxies forwarded."""
    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)


def configure_logging(app: Flask) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("feedback")
    logger.handlers[:] = [handler]
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = False


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record) -> None:
    """WAL lets readers work while a comment is written; foreign keys are off in SQLite unless asked for."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; skips an fsync per commit
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def configure_database(app: Flask) -> None:
    db.init_app(app)
    thread_versions.register()
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))


def configure_storage(app: Flask) -> None:
    app.extensions["feedback.storage"] = LocalStorage(app.config["UPLOAD_DIR"])


def configure_counters(app: Flask) -> None:
    """View counts go to Redis when FEEDBACK_REDIS_URL is set, else to the database in batches."""
    if app.config["REDIS_URL"]:
        import redis

        client = redis.Redis.from_url(app.config["REDIS_URL"], socket_timeout=REDIS_TIMEOUT,
                                      socket_connect_timeout=REDIS_TIMEOUT)
        app.extensions["feedback.views"] = RedisViewCounter(client)
    else:
        counter = BufferedViewCounter(app.config["VIEW_FLUSH_SECONDS"])
        app.extensions["feedback.views"] = counter
        atexit.register(_flush_views, app, counter)


def _flush_views(app: Flask, counter: BufferedViewCounter) -> None:
    """At exit, write the views this process counted since its last batch."""
    try:
        with app.app_context():
            if counter.flush():
                db.session.commit()
    except Exception:  # the database may be gone at shutdown; a few views are not worth a traceback
        logging.getLogger("feedback").warning("views counted since the last batch were not written")


def configure_cache(app: Flask) -> None:
    """Rendered threads go to Redis when FEEDBACK_REDIS_URL is set, else to each process's memory."""
    if app.config["REDIS_URL"]:
        app.config.setdefault("CACHE_TYPE", "RedisCache")
        app.config.setdefault("CACHE_REDIS_URL", app.config["REDIS_URL"])
        app.config.setdefault("CACHE_OPTIONS", {"socket_timeout": REDIS_TIMEOUT,
                                                "socket_connect_timeout": REDIS_TIMEOUT})
    else:
        app.config.setdefault("CACHE_TYPE", "SimpleCache")
    app.config.setdefault("CACHE_KEY_PREFIX", "feedback:cache:")
    app.config.setdefault("CACHE_DEFAULT_TIMEOUT", 24 * 3600)
    caching.register(app, ROOT / "feedback", ROOT / "templates", ROOT / "static")


def configure_login(app: Flask) -> None:
    from .logins import load_session_editor

    app.session_interface = CookieSessionInterface()
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để vào trang kiểm duyệt."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_session_editor)


def configure_rate_limits(app: Flask) -> None:
    from .http import limits

    # Registered before the limiter so that it runs after the limiter has added its headers.
    limits.register(app)
    # The limiter is one object shared by every app in the process; binding it to a switched-off app would
    # switch it off for the others too, so such an app is simply never bound (http/limits.py exempts it).
    if app.config["RATELIMIT_ENABLED"]:
        limiter.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .http import errors
    from .web import init_web

    errors.register(app)
    init_web(app)
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)


def register_cli(app: Flask) -> None:
    from .cli import register

    register(app)
