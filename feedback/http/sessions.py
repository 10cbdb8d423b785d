"""Flask's signed-cookie session, without the signing work for the many visitors who carry no cookie."""
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class CookieSessionInterface(SecureCookieSessionInterface):
    def open_session(self, app, request) -> SecureCookieSession | None:
        # Readers never get a session cookie, so most requests need no signer built to read one.
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)
