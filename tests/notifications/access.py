"""Who may use the notifications pages and socket events (read by tests/security)."""

from tests.security.cast import OWNER, SIGNED_IN
from tests.security.rules import Rule, SocketRule

RULES = [
    Rule("GET", "/notifications/", allow=SIGNED_IN),
    Rule("POST", "/notifications/read", allow=SIGNED_IN, form=lambda cast: {}),
    Rule("GET", "/api/v1/me/notification-preferences", allow=SIGNED_IN),
    Rule("PUT", "/api/v1/me/notification-preferences", allow=SIGNED_IN,
         json=lambda cast: {"connection_accepted": "immediate"}),
]

SOCKET_RULES = [
    SocketRule("/notifications", "connect", allow=SIGNED_IN),
    SocketRule("/notifications", "unread_count", allow=SIGNED_IN),
    SocketRule("/notifications", "mark_read", allow=(OWNER,),
               payload=lambda cast: {"id": cast.ids["owner_notification"]}),
]
