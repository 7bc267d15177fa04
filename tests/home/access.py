"""Who may use the home feature's pages (read by tests/security)."""

from tests.security.cast import ADMIN, SIGNED_IN, VIEWERS
from tests.security.rules import Rule

RULES = [
    Rule("GET", "/", allow=VIEWERS),
    Rule("GET", "/home", allow=SIGNED_IN),
    Rule("GET", "/admin", allow=(ADMIN,)),
    Rule("GET", "/api/v1/docs", allow=VIEWERS),
    Rule("GET", "/api/v1/openapi.json", allow=VIEWERS),
    Rule("GET", "/healthz", allow=VIEWERS),
    Rule("GET", "/readyz", allow=VIEWERS),
    Rule("GET", "/favicon.ico", allow=VIEWERS),
    Rule("GET", "/static/<path:filename>", allow=VIEWERS,
         path=lambda cast: {"filename": "css/peerlink.css"}),
]
