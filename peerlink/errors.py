"""Domain errors and their three renderings: an HTML page, a JSON body, a socket ack.

Services raise these; views, API resources and socket handlers never build error bodies
themselves, so a clinician sees the same message whichever face they used.
"""

from http import HTTPStatus

from blinker import Namespace
from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge


class DomainError(Exception):
    """`errors` maps field -> messages; the API nests them under `location`, the part of the
    request the fields came in ("json", or "files" for an upload), as flask-smorest does.
    `extra`: more top-level fields of the JSON body and the socket ack (the PHI guard's
    findings)."""

    status = 400
    default_message = "The request could not be completed."
    headers: dict = {}
    extra: dict = {}

    def __init__(self, message: str | None = None, errors: dict | None = None, *,
                 location: str = "json"):
        self.message = message or self.default_message
        self.errors = errors or {}
        self.location = location
        super().__init__(self.message)


class ValidationFailed(DomainError):
    """Input had the right shape but breaks a rule; `errors` maps field -> messages."""

    status = 422
    default_message = "Some fields need attention."

    @classmethod
    def on(cls, field: str, message: str) -> "ValidationFailed":
        return cls(errors={field: [message]})


class NotAuthenticated(DomainError):
    status = 401
    default_message = "Please log in first."


class PermissionDenied(DomainError):
    status = 403
    default_message = "You do not have access to this."


class NotFound(DomainError):
    status = 404
    default_message = "We could not find that."


class TooManyRequests(DomainError):
    status = 429
    default_message = "Too many attempts in a short time. Please wait a moment and try again."

    def __init__(self, message: str | None = None, *, retry_after: int = 60):
        super().__init__(message, {"retry_after": [str(retry_after)]})
        self.retry_after = retry_after

    @property
    def headers(self) -> dict:
        return {"Retry-After": str(self.retry_after)}


class Conflict(DomainError):
    status = 409
    default_message = "That conflicts with the current state."


class ServiceUnavailable(DomainError):
    """The database cannot be reached for a moment (a restart, a network cut). The request's
    transaction is rolled back, so nothing of it is half-written; trying again later is safe
    (a chat `send` again with the same `client_id` never stores a message twice)."""

    status = 503
    default_message = ("PeerLink cannot reach its database just now. Please try again in a "
                       "few seconds.")
    retry_after = 5

    @property
    def headers(self) -> dict:
        return {"Retry-After": str(self.retry_after)}


# Sent with the PermissionDenied or NotAuthenticated a request is refused with, before the
# answer is rendered, so the audit trail (a feature above this core) records the refusal.
request_refused = Namespace().signal("request-refused")


def keep_domain_error_headers(response):
    """An after_request hook that must run after Flask-Limiter's: a 429 the app answers
    itself (a login lock) keeps its own Retry-After, where Flask-Limiter would write the end
    of its own window for the route's limit when that comes later."""
    response.headers.update(g.pop("domain_error_headers", {}))
    return response


PAGE_MESSAGES = {
    400: "Something in that request was not right. Please go back and try again.",
    401: "Please log in to continue.",
    403: "You do not have access to this page.",
    404: "We could not find that page. It may have moved, or the link may be mistyped.",
    405: "That action is not available here.",
    422: "Some fields need attention.",
    429: "Too many attempts in a short time. Please wait a minute and try again.",
    500: "Something went wrong on our side. Nothing you entered was saved; please try again.",
    503: "PeerLink is briefly unavailable. Please try again in a few seconds.",
}


def database_unreachable(exc: Exception) -> bool:
    """A lost or refused database connection (SQLAlchemy marks it `connection_invalidated`,
    or the driver's OperationalError/InterfaceError), not a bad query."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(exc, DBAPIError) and (
        exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError))


def error_body(status: int, message: str, errors: dict | None = None,
               extra: dict | None = None) -> dict:
    body = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = _text_keys(errors)
    return {**(extra or {}), **body}


def _text_keys(errors):
    """JSON object keys are text. marshmallow numbers a list's items (0, 1 ...), beside
    "_schema" for the whole list; JSON with sorted keys cannot order the two kinds."""
    if isinstance(errors, dict):
        return {str(key): _text_keys(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [_text_keys(value) for value in errors]
    return errors


def socket_error(exc: Exception) -> dict:
    """The `{ok: false, error: {...}}` ack for a socket event that failed."""
    if isinstance(exc, ValidationError):
        return {"ok": False, "error": error_body(422, "Some fields need attention.",
                                                 exc.normalized_messages())}
    if isinstance(exc, DomainError):
        return {"ok": False, "error": error_body(exc.status, exc.message, exc.errors,
                                                 exc.extra)}
    raise exc


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes[
        "text/html"
    ]


def _render(status: int, message: str, errors: dict | None = None, headers=None,
            extra: dict | None = None):
    if wants_json():
        return error_body(status, message, errors, extra), status, headers or {}
    page_message = PAGE_MESSAGES.get(status, message) if status >= 500 else message
    return (
        render_template("errors/error.html", status=status,
                        title=HTTPStatus(status).phrase, message=page_message),
        status,
        headers or {},
    )


def _exception_headers(exc: HTTPException, data: dict) -> dict:
    """The headers the exception carries (Allow on a 405, Retry-After on a 429,
    WWW-Authenticate on a 401 ...), less its Content-Type: the body is ours."""
    headers = {name: value for name, value in exc.get_headers()
               if name.lower() != "content-type"}
    headers.update(data.get("headers") or {})
    return headers


def too_large_message() -> str:
    """A body over MAX_CONTENT_LENGTH is refused before it is read."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return (f"That is more than the {limit / (1024 * 1024):.0f} MB the server accepts in one "
            "request. Send a smaller file.")


def too_large_response():
    return _render(413, too_large_message())


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        if isinstance(exc, PermissionDenied | NotAuthenticated):
            request_refused.send(exc)
        errors = {exc.location: exc.errors} if exc.errors and wants_json() else exc.errors
        g.domain_error_headers = exc.headers
        return _render(exc.status, exc.message, errors, headers=exc.headers, extra=exc.extra)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(exc: CSRFError):
        message = ("This form has expired or was not sent from PeerLink. "
                   "Please reload the page and try again.")
        return _render(400, message, {"csrf_token": [exc.description]})

    @app.errorhandler(RequestEntityTooLarge)
    def handle_too_large(exc: RequestEntityTooLarge):
        return too_large_response()

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException):
        # flask-smorest attaches parsing errors as exc.data["messages"].
        data = getattr(exc, "data", None) or {}
        errors = data.get("messages")
        message = PAGE_MESSAGES.get(exc.code, exc.description) if not wants_json() else (
            data.get("message") or HTTPStatus(exc.code).phrase
        )
        if errors and not wants_json():
            message = PAGE_MESSAGES[422]
        return _render(exc.code, message, errors, headers=_exception_headers(exc, data))

    @app.errorhandler(DBAPIError)
    def handle_database_unreachable(exc: DBAPIError):
        if not database_unreachable(exc):
            return handle_unexpected(exc)
        app.logger.warning("Database unreachable on %s %s: %s", request.method, request.path,
                           exc.orig)
        # The page is drawn for a visitor: loading the member would need the database.
        g._login_user = app.login_manager.anonymous_user()
        return handle_domain_error(ServiceUnavailable())

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        if isinstance(exc, HTTPException):
            return handle_http_exception(exc)
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _render(500, PAGE_MESSAGES[500])
