"""The signed session cookie, refreshed on pages and API answers but never on static files.

A static file may be cached (the proxy lets browsers keep them a year), and a response that
sets a member's session cookie must never be. It also keeps a late static response from
putting back a cookie the browser has just dropped (after signing out, say).

A socket reads the cookie once. Flask-SocketIO copies the session into the connection's
environ (`saved_session`) at its first event and puts that copy in the request's place at
every later one, so verifying the cookie's signature again for each event would be work
thrown away: those events open an empty session instead.
"""

from flask import request
from flask.sessions import SecureCookieSessionInterface

# Where Flask-SocketIO keeps a socket's copy of the session (flask_socketio.SocketIO
# ._handle_event). Were it ever renamed, every event would read the cookie again, as before.
SOCKET_SESSION = "saved_session"


class SessionCookie(SecureCookieSessionInterface):
    def open_session(self, app, req):
        if SOCKET_SESSION in req.environ:
            return self.make_null_session(app)
        return super().open_session(app, req)

    def should_set_cookie(self, app, session) -> bool:
        if request.endpoint == "static":
            return False
        return super().should_set_cookie(app, session)
