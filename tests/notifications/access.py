"""Who may use the notifications pages and socket events (read by tests/security)."""

from peerlink.notifications.preferences import unsubscribe_token
from tests.security.cast import OWNER, SIGNED_IN, VIEWERS
from tests.security.rules import Rule, SocketRule


def _owners_unsubscribe_link(cast):
    """The link in the owner's e-mails about connection requests: whoever holds it may use
    it, without logging in (RFC 8058 one-click)."""
    return {"token": unsubscribe_token(cast.ids["owner"], ["connection_request"])}


RULES = [
    Rule("GET", "/notifications/", allow=SIGNED_IN),
    Rule("POST", "/notifications/read", allow=SIGNED_IN, form=lambda cast: {}),
    Rule("GET", "/notifications/unsubscribe/<token>", allow=VIEWERS,
         path=_owners_unsubscribe_link),
    Rule("POST", "/notifications/unsubscribe/<token>", allow=VIEWERS,
         path=_owners_unsubscribe_link, form=lambda cast: {"List-Unsubscribe": "One-Click"}),
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
