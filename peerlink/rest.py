"""Shared by every feature's flask-smorest blueprint."""

from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser, abort, is_json_request

API_PREFIX = "/api/v1"

BEARER_SECURITY = [{"bearerAuth": []}, {"cookieAuth": []}]


class JsonBodyParser(FlaskParser):
    """Reads request bodies as JSON only. A body sent as anything else (a form, plain text)
    is refused with 415, where webargs would read it as empty and the call would succeed
    without doing what was asked."""

    def _raw_load_json(self, req):
        if not is_json_request(req) and req.get_data(cache=True):
            abort(415, message="Send the request body as JSON (Content-Type: application/json).",
                  messages={"json": {"_schema": [f"Expected application/json, got "
                                                 f"{req.mimetype or 'no content type'}."]}})
        return super()._raw_load_json(req)


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = JsonBodyParser()


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    return ApiBlueprint(name, import_name, url_prefix=API_PREFIX, description=description)


def register_security_schemes(api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "A personal access token from POST /api/v1/auth/tokens."})
    api.spec.components.security_scheme(
        "cookieAuth", {"type": "apiKey", "in": "cookie", "name": "session",
                       "description": "The browser session; send X-CSRFToken on writes."})
