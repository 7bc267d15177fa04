"""How a request becomes a user: session cookie or bearer token; CSRF for the browser."""

import hashlib
from urllib.parse import urlsplit

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_login import current_user, login_user

from peerlink.accounts import services
from peerlink.errors import NotAuthenticated, request_refused, wants_json
from peerlink.extensions import csrf, login_manager
from peerlink.realtime import in_socket_event, register_token_user

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def user_from_token():
    """The user whose valid, unrevoked token the request presents, or None; `g` notes which."""
    token = bearer_token()
    user = services.user_for_api_token(token) if token is not None else None
    g.authenticated_by_token = user is not None
    return user


def role_required(*roles: str):
    """For an operation only these roles (and admins) may use. The role is checked before the
    body or query string is read, so a member is told 403, never which fields would pass.

    A mark, like `web.csrf_exempt`, read by a before_request hook: it works wherever it stands among
    the view's decorators (flask-smorest's @blp.arguments parses input before the view runs).
    The services keep their own checks."""

    def decorator(view):
        view.required_roles = roles
        return view

    return decorator


def confirmed_required(view):
    """For an operation that reaches other members (a connection request ...): refused with
    403 to a member who has not confirmed their e-mail address, before the body is read, as
    role_required. The service asks the same rule (accounts.services.require_confirmed)."""
    view.confirmed_required = True
    return view


def _view_mark(app: Flask, name: str, default=None):
    view = app.view_functions.get(request.endpoint or "")
    # For a MethodView the mark sits on the method (post, put ...), not on the class.
    handler = getattr(getattr(view, "view_class", None), request.method.lower(), view)
    return getattr(handler, name, default)


def _is_exempt(app: Flask) -> bool:
    return bool(_view_mark(app, "csrf_exempt", False))


def safe_next_url(target: str | None) -> str | None:
    """Accept only a path on this site: no scheme, no host, no `//host` or `/\\host` tricks."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        return None
    if target.startswith(("//", "/\\")) or "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


def log_in(user, remember: bool = False) -> None:
    """Start a fresh session: anything set before login (a planted id) is discarded."""
    session.clear()
    login_user(user, remember=remember)
    session.permanent = not remember


def session_identifier() -> str:
    """What Flask-Login's session protection compares between requests: the visitor's
    address as the app sees it (behind nginx, from PROXY_FIX_X_FOR trusted proxies) and
    their browser. Flask-Login's own reads the first X-Forwarded-For entry, which any
    client can write."""
    agent = request.headers.get("User-Agent", "")
    return hashlib.sha512(f"{request.remote_addr}|{agent}".encode()).hexdigest()


def init_security(app: Flask) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager._session_identifier_generator = session_identifier

    # A token in a socket's `auth` payload (realtime.authenticate_socket).
    register_token_user(services.user_for_api_token)

    @login_manager.user_loader
    def load_user(session_id: str):
        # A bearer header outranks the cookie wherever Flask-Login loads the user (a socket's
        # handshake too): that token's user, or nobody.
        if bearer_token() is not None:
            return user_from_token()
        if in_socket_event():
            return services.load_socket_user(session_id, request.environ)
        return services.load_session_user(session_id)

    @login_manager.request_loader
    def load_user_from_token(req):
        # HTTP requests with a token are settled by authenticate_by_token below; this serves
        # contexts without before_request hooks (Socket.IO).
        return user_from_token()

    @login_manager.unauthorized_handler
    def unauthorized():
        if wants_json():
            raise NotAuthenticated()
        request_refused.send(NotAuthenticated())  # a page redirects to log in instead
        flash(login_manager.login_message, login_manager.login_message_category)
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))

    @app.before_request
    def authenticate_by_token():
        """A request that presents a bearer token is that token's user or nobody: its session
        cookie is not looked at. (Flask-Login alone would try the cookie first, so a junk
        token next to a session cookie was the cookie's user.)"""
        if bearer_token() is None:
            return
        user = user_from_token()
        if user is None and wants_json():
            raise NotAuthenticated("That access token is not valid, or it was revoked.")
        # Flask-Login has no public way to set the request's user without the session.
        login_manager._update_request_context_with_user(user)  # None: anonymous

    @app.before_request
    def protect_from_csrf():
        if request.method in SAFE_METHODS or _is_exempt(app):
            return
        # A valid bearer token is not sent by the browser on its own, so it cannot be forged.
        if g.get("authenticated_by_token"):
            return
        # An API call with no signed-in user rides on no credential, so there is nothing to
        # forge: let the endpoint answer (401 where it needs a member) instead of "expired".
        if request.path.startswith("/api/") and not current_user.is_authenticated:
            return
        csrf.protect()

    @app.before_request
    def check_role():
        roles = _view_mark(app, "required_roles")
        confirmed = _view_mark(app, "confirmed_required", False)
        if roles is None and not confirmed:
            return None
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if roles is not None:
            services.require_role(current_user, *roles)
        if confirmed:
            services.require_confirmed(current_user)
        return None
