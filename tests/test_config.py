import pytest

from feedback import create_app
from feedback.config import ConfigError


def test_production_refuses_the_default_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="FEEDBACK_SECRET_KEY"):
        create_app({"ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_settings_come_from_feedback_environment_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_ENV", "production")
    monkeypatch.setenv("FEEDBACK_SECRET_KEY", "a-long-random-production-key")
    monkeypatch.setenv("FEEDBACK_PUBLIC_URL", "https://bandoc.bao.example")
    monkeypatch.setenv("FEEDBACK_DATABASE_URL", f"sqlite:///{tmp_path}/prod.db")
    monkeypatch.setenv("FEEDBACK_UPLOAD_DIR", str(tmp_path / "files"))
    monkeypatch.setenv("FEEDBACK_COMMENT_MAX_LENGTH", "1200")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/prod.db"
    assert app.config["UPLOAD_DIR"] == str(tmp_path / "files")
    assert app.config["COMMENT_MAX_LENGTH"] == 1200
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_malformed_number_stops_start_up(tmp_path):
    with pytest.raises(ConfigError, match="FEEDBACK_MAX_ATTACHMENT_BYTES"):
        create_app({"ENV": "testing", "MAX_ATTACHMENT_BYTES": "nhiều", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_routes_without_files_get_the_small_form_cap(tmp_path):
    app = create_app({"ENV": "testing", "MAX_ATTACHMENT_BYTES": 1000, "MAX_ATTACHMENTS": 2, "MAX_FORM_BYTES": 50,
                      "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "UPLOAD_DIR": str(tmp_path / "files")})
    assert app.config["MAX_CONTENT_LENGTH"] == 50


def test_malformed_image_pixel_limit_stops_start_up(tmp_path):
    with pytest.raises(ConfigError, match="FEEDBACK_MAX_IMAGE_PIXELS"):
        create_app({"ENV": "testing", "MAX_IMAGE_PIXELS": 0, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})


def test_rate_limits_can_be_switched_off_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("FEEDBACK_RATELIMIT_COMMENT_IP", "10 per minute")
    app = create_app({"ENV": "testing", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.config["RATELIMIT_COMMENT_IP"] == "10 per minute"


def test_malformed_rate_limit_stops_start_up(tmp_path):
    with pytest.raises(ConfigError, match="FEEDBACK_RATELIMIT_LOGIN"):
        create_app({"ENV": "testing", "RATELIMIT_LOGIN": "năm lần mỗi phút", "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"})
