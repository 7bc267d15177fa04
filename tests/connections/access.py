"""Who may use the connections pages and operations (read by tests/security).

The request in the cast goes from the member to the owner; the owner and the connection are
connected; the owner blocked the blocked viewer. A member who has not confirmed their e-mail
address asks nobody to connect: 403, saying so.
"""

from tests.security.cast import BLOCKED, CONNECTION, MEMBER, OWNER, SIGNED_IN, UNCONFIRMED
from tests.security.rules import Rule

NOT_BLOCKED = tuple(viewer for viewer in SIGNED_IN if viewer != BLOCKED)
CONFIRMED = tuple(viewer for viewer in SIGNED_IN if viewer != UNCONFIRMED)


def _request(cast):
    return {"connection_id": cast.ids["request_to_owner"]}


def _connection(cast):
    return {"connection_id": cast.ids["owner_connection"]}


def _answer(method, rule, **extra):
    """Only the member asked may answer a request; the one who asked is told so (403),
    everyone else learns nothing (404)."""
    return Rule(method, rule, allow=(OWNER,), hidden=True, expect={MEMBER: 403},
                path=_request, **extra)


RULES = [
    Rule("GET", "/connections", allow=SIGNED_IN),
    Rule("GET", "/people-to-meet", allow=SIGNED_IN),
    Rule("GET", "/connections/request/<int:user_id>",
         allow=tuple(viewer for viewer in NOT_BLOCKED if viewer != UNCONFIRMED), hidden=True,
         expect={UNCONFIRMED: 403}, path=lambda cast: {"user_id": cast.ids["owner"]}),
    Rule("POST", "/connections/request", allow=CONFIRMED, expect={UNCONFIRMED: 403},
         form=lambda cast: {"user_id": str(cast.ids["member"]), "note": "Hello"}),
    _answer("POST", "/connections/<int:connection_id>/accept", form=lambda cast: {}),
    _answer("POST", "/connections/<int:connection_id>/decline", form=lambda cast: {}),
    Rule("POST", "/connections/<int:connection_id>/withdraw", allow=(MEMBER,), hidden=True,
         expect={OWNER: 403}, path=_request, form=lambda cast: {}),
    Rule("POST", "/connections/<int:connection_id>/remove", allow=(OWNER, CONNECTION),
         hidden=True, path=_connection, form=lambda cast: {}),
    Rule("GET", "/connections/block/<int:user_id>", allow=SIGNED_IN,
         path=lambda cast: {"user_id": cast.ids["member"]}),
    Rule("POST", "/connections/block/<int:user_id>", allow=SIGNED_IN,
         path=lambda cast: {"user_id": cast.ids["member"]}, form=lambda cast: {}),
    Rule("POST", "/connections/unblock/<int:user_id>", allow=(OWNER,), hidden=True,
         path=lambda cast: {"user_id": cast.ids["blocked"]}, form=lambda cast: {}),
    Rule("GET", "/api/v1/connections", allow=SIGNED_IN),
    Rule("POST", "/api/v1/connections", allow=CONFIRMED, expect={UNCONFIRMED: 403},
         json=lambda cast: {"user_id": cast.ids["member"]}),
    Rule("GET", "/api/v1/connections/requests", allow=SIGNED_IN),
    _answer("POST", "/api/v1/connections/<int:connection_id>/accept"),
    _answer("POST", "/api/v1/connections/<int:connection_id>/decline"),
    Rule("DELETE", "/api/v1/connections/<int:connection_id>", allow=(OWNER, CONNECTION),
         hidden=True, path=_connection),
    Rule("GET", "/api/v1/blocks", allow=SIGNED_IN),
    Rule("POST", "/api/v1/blocks", allow=SIGNED_IN,
         json=lambda cast: {"user_id": cast.ids["member"]}),
    Rule("DELETE", "/api/v1/blocks/<int:user_id>", allow=(OWNER,), hidden=True,
         path=lambda cast: {"user_id": cast.ids["blocked"]}),
    Rule("GET", "/api/v1/people-to-meet", allow=SIGNED_IN),
    Rule("POST", "/people-to-meet/<int:user_id>/dismiss", allow=NOT_BLOCKED, hidden=True,
         path=lambda cast: {"user_id": cast.ids["owner"]}, form=lambda cast: {},
         expect={OWNER: 422}, acting=MEMBER),
    Rule("PUT", "/api/v1/people-to-meet/<int:user_id>/dismissal", allow=NOT_BLOCKED,
         hidden=True, path=lambda cast: {"user_id": cast.ids["owner"]},
         expect={OWNER: 422}, acting=MEMBER),
]
