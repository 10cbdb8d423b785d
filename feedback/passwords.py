"""What an editor's password must not be: blank, a repetition, a run of keys, a common password, their e-mail."""
import re

MIN_LENGTH = 10
# Hashing cost grows with length; nobody types more than this, and an attacker's 5 MB "password" is refused unhashed.
MAX_LENGTH = 1024
# Keyboard rows and the alphabet: any 10 characters in a row from these are guessed first.
_RUNS = ("01234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc")
# Words found at the top of every leaked-password list, English and Vietnamese; a password that is one of these
# with digits or symbols around it (Matkhau2026!) is still guessed in the first minutes.
_COMMON_WORDS = frozenset("""
password passw0rd pass matkhau mat-khau matkhaumoi admin administrator root welcome letmein iloveyou anhyeuem
emyeuanh yeuem yeuanh qwerty abc dragon monkey football baseball master sunshine princess starwars
superman batman trustno shadow michael hanoi saigon vietnam vietnamese hochiminh baomoi bandoc bientap
toasoan tintuc kiemduyet editor changeme default secret test guest login user
""".split())


class WeakPassword(ValueError):
    """The password is refused; the message, in Vietnamese, says why."""


def check_password(password: str, *, email: str = "") -> None:
    """Raise WeakPassword with the reason when the password may not be used."""
    if len(password) > MAX_LENGTH:
        raise WeakPassword(f"Mật khẩu không được dài quá {MAX_LENGTH:,} ký tự.".replace(",", "."))
    if not password.strip():
        raise WeakPassword("Mật khẩu không được để trống hoặc chỉ có dấu cách.")
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự.")
    if _is_repetition(password) or _is_run(password):
        raise WeakPassword("Mật khẩu quá dễ đoán (lặp lại hoặc theo thứ tự bàn phím). Vui lòng chọn mật khẩu khác.")
    if _is_common(password) or _is_own_email(password, email):
        raise WeakPassword("Mật khẩu quá phổ biến hoặc trùng với email. Vui lòng chọn mật khẩu khác.")


def _is_repetition(password: str) -> bool:
    """aaaaaaaaaa, abababab, or three characters or fewer in all."""
    return len(set(password)) <= 3 or re.fullmatch(r"(.+?)\1+", password, re.DOTALL) is not None


def _is_run(password: str) -> bool:
    lowered = password.casefold()
    return any(lowered in run or lowered in run[::-1] for run in _RUNS) or _counts_up(lowered)


def _counts_up(password: str) -> bool:
    """12345678910: the numbers from one counted up."""
    return password.isdigit() and "".join(str(n) for n in range(1, 30)).startswith(password)


def _is_common(password: str) -> bool:
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.casefold())
    return core in _COMMON_WORDS or core.replace(" ", "") in _COMMON_WORDS


def _is_own_email(password: str, email: str) -> bool:
    lowered, email = password.casefold(), email.strip().casefold()
    local = email.partition("@")[0]
    return bool(email) and (lowered == email or (len(local) >= 4 and local in lowered))
