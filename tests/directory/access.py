"""Who may search the directory (read by tests/security)."""

from tests.security.cast import SIGNED_IN
from tests.security.rules import Rule

RULES = [
    Rule("GET", "/directory", allow=SIGNED_IN, query={"q": "trauma"}),
    Rule("GET", "/api/v1/directory", allow=SIGNED_IN, query={"q": "trauma"}),
]
