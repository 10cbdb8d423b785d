"""Shared fixtures: the app on each database, a clean database per test, clients and logins."""
import os
import re
import shutil

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from feedback import create_app, reasons
from feedback.counters import BufferedViewCounter
from feedback.extensions import db
from feedback.http.caching import clear_cache

from .factories import make_editor

PASSWORD = "mat-khau-du-dai"
REQUIRED = {s.strip() for s in os.environ.get("FEEDBACK_TEST_REQUIRE", "").split(",") if s.strip()}
POSTGRES_URL = os.environ.get("FEEDBACK_TEST_DATABASE_URL")


def service_missing(name: str, why: str) -> None:
    """Skip a test whose service is absent, unless this run requires it (CI), where it fails."""
    if name in REQUIRED:
        pytest.fail(f"{name} is required in this run but unavailable: {why}")
    pytest.skip(f"{name} unavailable: {why}")


DATABASES = ["sqlite", "postgresql"] if POSTGRES_URL or "postgresql" in REQUIRED else ["sqlite"]


def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session", params=DATABASES)
def database_url(request, tmp_path_factory) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    if not POSTGRES_URL:
        service_missing("postgresql", "FEEDBACK_TEST_DATABASE_URL is not set")
    try:
        _reset_postgres(POSTGRES_URL)
    except Exception as exc:  # any connection failure means the service is absent
        service_missing("postgresql", str(exc))
    return POSTGRES_URL


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    upload_dir = tmp_path_factory.mktemp("uploads")
    app = create_app({
        "ENV": "testing",
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "UPLOAD_DIR": str(upload_dir),
        "WTF_CSRF_ENABLED": False,
        "SESSION_COOKIE_SECURE": False,
        # Tests of rate limits build their own app (tests/web/test_limits.py).
        "RATELIMIT_ENABLED": False,
    })
    with app.app_context():
        upgrade()  # the schema comes from the migrations, as in production
    yield app
    with app.app_context():
        db.engine.dispose()


def empty_app_data(app) -> None:
    """Delete every row and every stored file, leaving the schema, the seeded reject reasons and an empty staging
    folder."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        # Reference rows the migrations seed come back, as every real database has them.
        reasons.ensure_default_reasons()
        db.session.commit()
        db.session.remove()
        # Row ids come back in an emptied database (as after restoring a backup), so renders and views not yet
        # written, both keyed on them, go too.
        clear_cache()
        counter = app.extensions["feedback.views"]
        if isinstance(counter, BufferedViewCounter):
            app.extensions["feedback.views"] = BufferedViewCounter(counter.flush_seconds)
    shutil.rmtree(app.config["UPLOAD_DIR"], ignore_errors=True)
    os.makedirs(os.path.join(app.config["UPLOAD_DIR"], ".staging"), exist_ok=True)


@pytest.fixture(autouse=True)
def _clean_database(request):
    """Every test starts from empty tables and an empty upload folder, whichever database it runs on."""
    yield
    if "app" in request.fixturenames:
        empty_app_data(request.getfixturevalue("app"))


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def csrf_enabled(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


class AuthActions:
    """Log an editor in and out through the real login form."""

    def __init__(self, app, client):
        self._app, self._client = app, client

    def create(self, email: str = "editor@example.com", role: str = "editor", **kwargs):
        with self._app.app_context():
            editor = make_editor(email=email, role=role, password=PASSWORD, **kwargs)
            db.session.commit()
            return editor.id

    def login(self, email: str = "editor@example.com", password: str = PASSWORD):
        return self._client.post("/dang-nhap", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/dang-xuat")


@pytest.fixture
def auth(app, client) -> AuthActions:
    return AuthActions(app, client)


@pytest.fixture
def editor_client(auth, client):
    auth.create()
    auth.login()
    return client


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or \
        re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)
