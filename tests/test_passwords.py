import pytest

from feedback import editors, logins, passwords
from feedback.editors import EditorError

from .factories import make_editor


@pytest.mark.parametrize("password", [
    " " * 10,                # blank
    "\t \u00a0" * 4,          # blank, other spaces
    "aaaaaaaaaa",            # one character repeated
    "abababababab",          # a short run repeated
    "1234567890",            # a keyboard or alphabet run
    "qwertyuiop",
    "abcdefghijk",
    "password123",           # common, with digits around it
    "Matkhau2026!",
    "12345678910",
    "iloveyou!!",
    "bientap-vien@bao.example",  # the account's own e-mail
])
def test_weak_passwords_are_refused(password):
    with pytest.raises(passwords.WeakPassword):
        passwords.check_password(password, email="bientap-vien@bao.example")


def test_a_password_over_1024_characters_is_refused():
    with pytest.raises(passwords.WeakPassword, match="1.024"):
        passwords.check_password("Hà Nội mùa thu " * 100)


@pytest.mark.parametrize("password", ["mat-khau-du-dai", "Hà Nội mùa thu năm ấy", "x7#Qm2!vLp9z", "a" * 5 + "b7Q" * 3])
def test_reasonable_passwords_pass(password):
    passwords.check_password(password, email="bt@example.com")


def test_creating_or_resetting_refuses_a_weak_password(app, app_ctx):
    with pytest.raises(EditorError, match="Mật khẩu"):
        editors.create_editor("moi@example.com", " " * 12)
    editor = make_editor()
    with pytest.raises(EditorError, match="Mật khẩu"):
        editors.set_password(editor.id, "aaaaaaaaaaaa")


def test_a_huge_password_at_log_in_is_not_hashed(app, app_ctx, monkeypatch):
    make_editor(email="bt@example.com")
    hashed = []
    monkeypatch.setattr(logins, "check_password_hash", lambda *args: hashed.append(args) or False)
    assert logins.authenticate("bt@example.com", "x" * 5_000_000, address="203.0.113.1") is None
    assert hashed == []
