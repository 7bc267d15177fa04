"""Shared by every feature's flask-smorest blueprint."""

from flask_smorest import Blueprint

API_PREFIX = "/api/v1"

BEARER_SECURITY = [{"bearerAuth": []}, {"cookieAuth": []}]


def api_blueprint(name: str, import_name: str, description: str) -> Blueprint:
    return Blueprint(name, import_name, url_prefix=API_PREFIX, description=description)


def register_security_schemes(api) -> None:
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "A personal access token from POST /api/v1/auth/tokens."})
    api.spec.components.security_scheme(
        "cookieAuth", {"type": "apiKey", "in": "cookie", "name": "session",
                       "description": "The browser session; send X-CSRFToken on writes."})
