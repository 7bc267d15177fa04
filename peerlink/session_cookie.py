"""The signed session cookie, refreshed on pages and API answers but never on static files.

A static file may be cached (the proxy lets browsers keep them a year), and a response that
sets a member's session cookie must never be. It also keeps a late static response from
putting back a cookie the browser has just dropped (after signing out, say).
"""

from flask import request
from flask.sessions import SecureCookieSessionInterface


class SessionCookie(SecureCookieSessionInterface):
    def should_set_cookie(self, app, session) -> bool:
        if request.endpoint == "static":
            return False
        return super().should_set_cookie(app, session)
