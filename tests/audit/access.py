"""Who may read the audit trail (read by tests/security)."""

from tests.security.cast import ADMIN
from tests.security.rules import Rule

RULES = [
    Rule("GET", "/admin/audit", allow=(ADMIN,)),
    Rule("GET", "/api/v1/admin/audit-events", allow=(ADMIN,)),
]
