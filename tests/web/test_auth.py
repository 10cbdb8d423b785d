import time
from datetime import timedelta

from feedback.extensions import db

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
    editor_id = auth.create()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        auth.login(password="sai-mat-khau-roi")
    assert auth.login().status_code == 429
    with app.app_context():
        from feedback import editors
        editors.set_password(editor_id, "mat-khau-moi-dai")
        db.session.commit()
    assert auth.login(password="mat-khau-moi-dai").status_code == 302


def test_the_lock_says_truthfully_how_long_to_wait(app, auth, client):
    auth.create()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        response = auth.login(password="sai-mat-khau-roi")
    assert response.status_code == 429
    lock_seconds = app.config["LOGIN_LOCK_MINUTES"] * 60
    assert lock_seconds - 5 <= int(response.headers["Retry-After"]) <= lock_seconds


def test_an_unknown_address_gets_the_same_answers_as_a_real_one(app, auth, client):
    auth.create()

    def answers(email: str) -> list:
        replies = [auth.login(email=email, password="sai-mat-khau-roi")
                   for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1)]
        return [(r.status_code, "Tài khoản tạm khóa" in r.get_data(as_text=True)) for r in replies]

    assert answers("khong-co-ai@example.com") == answers("editor@example.com")


def test_a_stranger_cannot_keep_an_editor_out(app, auth, client):
    auth.create()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        client.post("/dang-nhap", data={"email": "editor@example.com", "password": "sai-mat-khau-roi"},
                    environ_base={"REMOTE_ADDR": "203.0.113.66"})
    editor = app.test_client()
    response = editor.post("/dang-nhap", data={"email": "editor@example.com", "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert response.status_code == 302


def test_log_out_ends_the_session_even_for_a_copy_of_the_cookie(app, auth, client):
    auth.create()
    auth.login()
    cookie = client.get_cookie("session").value
    assert auth.logout().status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    response = thief.get("/kiem-duyet/")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_session_lifetime_counts_from_log_in_not_from_the_last_request(app, auth, client, monkeypatch):
    from feedback import logins
    from feedback.models import utcnow

    start = utcnow()
    auth.create()
    auth.login()
    lifetime = timedelta(minutes=app.config["SESSION_LIFETIME_MINUTES"])
    for elapsed in (lifetime / 4, lifetime / 2, lifetime - timedelta(minutes=2)):  # busy all day
        monkeypatch.setattr(logins, "utcnow", lambda: start + elapsed)
        assert client.get("/kiem-duyet/").status_code == 200
    monkeypatch.setattr(logins, "utcnow", lambda: start + lifetime + timedelta(seconds=1))
    response = client.get("/kiem-duyet/")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]


def test_session_expires_after_its_lifetime(app, auth, client, monkeypatch):
    auth.create()
    auth.login()
    assert client.get("/kiem-duyet/").status_code == 200
    later = time.time() + app.config["SESSION_LIFETIME_MINUTES"] * 60 + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get("/kiem-duyet/")
    assert response.status_code == 302 and "/dang-nhap" in response.headers["Location"]
