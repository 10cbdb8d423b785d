import time

from feedback.extensions import db
from feedback.models import Editor

from ..conftest import PASSWORD


def test_login_locks_after_repeated_failures_and_says_for_how_long(app, auth, client):
    auth.create()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] - 1):
        assert auth.login(password="sai-mat-khau-roi").status_code == 401
    response = auth.login(password="sai-mat-khau-roi")
    assert response.status_code == 429
    assert "Tài khoản tạm khóa" in response.get_data(as_text=True) and "15 phút" in response.get_data(as_text=True)
    response = auth.login(password=PASSWORD)
    assert response.status_code == 429
    assert client.get("/kiem-duyet/").status_code == 302


def test_an_admin_password_reset_lifts_the_lock(app, auth, client):
    auth.create()
    with app.app_context():
        from feedback import editors
        editor = db.session.scalars(db.select(Editor)).one()
        editor.locked_until = editor.created_at.replace(year=2100)
        db.session.commit()
        editors.set_password(editor.id, "mat-khau-moi-dai")
        db.session.commit()
    assert auth.login(password="mat-khau-moi-dai").status_code == 302


def test_session_expires_after_its_lifetime(app, auth, client, monkeypatch):
    auth.create()
    auth.login()
    assert client.get("/kiem-duyet/").status_code == 200
    later = time.time() + app.config["SESSION_LIFETIME_MINUTES"] * 60 + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/kiem-duyet/")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
