"""Shared by every feature's flask-smorest blueprint."""

import json
from functools import wraps

from apispec import BasePlugin
from flask_smorest import Blueprint
from flask_smorest.error_handler import ErrorSchema
from flask_smorest.pagination import PaginationMetadataSchema
from marshmallow import Schema, fields, validate
from webargs.flaskparser import FlaskParser, abort, is_json_request

from peerlink.extensions import Limit, limited
from peerlink.schemas import MAX_PAGE

API_PREFIX = "/api/v1"

BEARER_SECURITY = [{"bearerAuth": []}, {"cookieAuth": []}]


class JsonBodyParser(FlaskParser):
    """Reads request bodies as JSON only. A body sent as anything else (a form, plain text)
    is refused with 415, where webargs would read it as empty and the call would succeed
    without doing what was asked."""

    def _raw_load_json(self, req):
        # A form body may already have been read (CSRF protection looks at the form), so
        # the stream alone does not tell whether one was sent.
        sent = req.content_length or req.form or req.files or req.get_data(cache=True)
        if not is_json_request(req) and sent:
            abort(415, message="Send the request body as JSON (Content-Type: application/json).",
                  messages={"json": {"_schema": [f"Expected application/json, got "
                                                 f"{req.mimetype or 'no content type'}."]}})
        try:
            return super()._raw_load_json(req)
        except RecursionError:  # nested deeper than the JSON decoder goes
            abort(400, messages={"json": ["Invalid JSON body: nested too deeply."]})
        except ValueError as exc:  # a number longer than Python converts
            if isinstance(exc, json.JSONDecodeError):
                raise
            abort(400, messages={"json": ["Invalid JSON body: a number is too long."]})


# flask-smorest documents X-Pagination as a plain object schema, which in OpenAPI means the
# "simple" style (total,3,page,1); the server sends JSON text, which is what `content` says.
PAGINATION_HEADER = {
    "description": "Pagination metadata, as JSON text: "
                   '{"total": 42, "total_pages": 3, "first_page": 1, "last_page": 3, '
                   '"page": 1, "next_page": 2}.',
    "content": {"application/json": {"schema": PaginationMetadataSchema}},
}


def _integer_header(description: str) -> dict:
    return {"description": description, "schema": {"type": "integer"}}


RATE_LIMIT_HEADERS = {
    "Retry-After": _integer_header("Seconds to wait before trying again."),
    "X-RateLimit-Limit": _integer_header("Requests allowed in the current window."),
    "X-RateLimit-Remaining": _integer_header("Requests left in the current window."),
    "X-RateLimit-Reset": _integer_header("When the window ends (Unix time, seconds)."),
}


def _page_up_to_max_page(schema: type) -> type:
    """flask-smorest's pagination query schema, documenting page's maximum too."""
    first = schema._declared_fields["page"].load_default
    return type(schema.__name__, (schema,), {"page": fields.Integer(
        load_default=first, validate=validate.Range(min=1, max=MAX_PAGE))})


WRITES = {"post", "put", "patch", "delete"}


def _shared_errors(path: str, method: str, operation: dict):
    """(status, description) for each error an operation answers because of what it is."""
    security = operation.get("security") or []
    # A JSON body (an upload is multipart/form-data, read by webargs, never as JSON).
    body = "application/json" in operation.get("requestBody", {}).get("content", {})
    bad_request = (["the body is not valid JSON"] if body else []) + (
        ["with the session cookie, the X-CSRFToken header is missing or wrong"]
        if method in WRITES and {"cookieAuth": []} in security else [])
    if bad_request:
        text = " or ".join(bad_request)
        yield 400, f"{text[0].upper()}{text[1:]}."
    yield 401, ("Log in first: no credentials were sent, or the bearer token is not valid or "
                "was revoked." if security else
                "The bearer token sent is not valid or was revoked (this operation needs none).")
    if "{" in path:
        yield 404, "Nothing by that id or name here, or nothing you may see."
    if body:
        yield 415, "The body was not sent as JSON (Content-Type: application/json)."


class SharedErrors(BasePlugin):
    """Documents the errors every operation of a kind answers, read from its own document:
    400 for a JSON body that does not parse or a cookie write without its CSRF header, 401,
    404 where the path names something, 415 where there is a JSON body. Errors of one operation
    alone (403, 409 ...) are documented on it with `ApiBlueprint.error`."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            for status, description in _shared_errors(path, method, operation):
                if status not in responses and str(status) not in responses:
                    responses[str(status)] = {"description": description, "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


class PhiFindingSchema(Schema):
    start = fields.Integer(metadata={"description": "Offset (Unicode code points) into the "
                                                    "text as trimmed."})
    end = fields.Integer()
    category = fields.String(metadata={"description": "date, age, phone, email, ssn, "
                                                      "record_number, device_id, url, "
                                                      "ip_address, street_address, "
                                                      "zip_code, name."})
    advice = fields.String(metadata={"description": "A plain way to de-identify it."})


class PhiErrorSchema(ErrorSchema):
    """The 422 body where the PHI guard refused text (else the usual error body)."""

    findings = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(
        PhiFindingSchema)), metadata={"description": "Per field, what may identify a client."})
    confirmable = fields.Boolean(metadata={
        "description": "Whether `confirm_deidentified: true` would let the text through "
                       "(false where only de-identified text is kept)."})


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonBodyParser()

    def paginate(self, *args, **kwargs):
        """flask-smorest's pagination, with pages numbered up to MAX_PAGE: a larger page
        number is a field error, not an offset past what the database can count."""
        paginate = super().paginate(*args, **kwargs)

        def decorator(func):
            @wraps(func)
            def within_pages(*view_args, pagination_parameters, **view_kwargs):
                if pagination_parameters.page > MAX_PAGE:
                    abort(422, messages={"query": {"page": [
                        f"Choose a page from 1 to {MAX_PAGE}."]}})
                return func(*view_args, pagination_parameters=pagination_parameters,
                            **view_kwargs)

            paginated = paginate(within_pages)
            # flask-smorest parses with its own schema (within_pages enforces the maximum);
            # the spec shows the same parameters with the maximum.
            parameters = paginated._apidoc["pagination"]["parameters"]
            parameters["schema"] = _page_up_to_max_page(parameters["schema"])
            return paginated

        return decorator

    def phi_guarded(self):
        """The 422 of an operation whose text passes the PHI guard (peerlink/phi/guard.py):
        the usual error body, with `findings` and `confirmable` when the guard refused it."""
        return self.alt_response(422, schema=PhiErrorSchema, description=(
            "A field is not valid, or the PHI guard flagged text that may identify a client: "
            "`findings` marks it; where `confirmable`, send it again with "
            "`confirm_deidentified: true` once checked."))

    def error(self, status: int, description: str):
        """An error this operation answers, beyond those `SharedErrors` documents."""
        return self.alt_response(status, schema=ErrorSchema, description=description)

    def rate_limit(self, limit: Limit):
        """The limit on an operation, and the 429 it answers in the spec."""
        documented = self.alt_response(
            429, schema=ErrorSchema, headers=RATE_LIMIT_HEADERS,
            description=f"Too many requests (the limit is {limit.rate} per member, or per "
                        "client address before logging in); try again after Retry-After "
                        "seconds.")

        def decorator(func):
            return documented(limited(limit)(func))

        return decorator

    def _document_pagination_metadata(self, spec, resp_doc):
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = PAGINATION_HEADER


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    return ApiBlueprint(name, import_name, url_prefix=API_PREFIX, description=description)


def register_security_schemes(api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "A personal access token from POST /api/v1/auth/tokens."})
    api.spec.components.security_scheme(
        "cookieAuth", {"type": "apiKey", "in": "cookie", "name": "session",
                       "description": "The browser session; send X-CSRFToken on writes."})
