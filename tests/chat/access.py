"""Who may use the chat pages, operations and socket events (read by tests/security).

The owner and their connection share a direct conversation holding one message of the
owner's. Anyone else reads it as no such conversation (404), the same as a room that does
not exist; only its author may edit or delete the message. Starting a conversation needs a
connection with the member named: the owner may, others are told 403 (their own id: 422).
"""

from tests.security.cast import CONNECTION, OWNER, SIGNED_IN
from tests.security.rules import Rule, SocketRule

IN_ROOM = (OWNER, CONNECTION)


def _room(cast):
    return {"room_id": cast.ids["owner_room"]}


def _message(cast):
    return {"message_id": cast.ids["owner_message"]}


def _with_connection(cast):
    return {"user_id": cast.ids["connection"]}


RULES = [
    Rule("GET", "/chat", allow=SIGNED_IN),
    Rule("GET", "/chat/<int:room_id>", allow=IN_ROOM, hidden=True, path=_room),
    Rule("POST", "/chat/<int:room_id>", allow=IN_ROOM, hidden=True, path=_room,
         form=lambda cast: {"body": "From the page", "client_id": "page-1"}),
    Rule("POST", "/chat/with/<int:user_id>", allow=(OWNER,), expect={CONNECTION: 422},
         path=_with_connection, form=lambda cast: {}),
    Rule("GET", "/api/v1/rooms", allow=SIGNED_IN),
    Rule("POST", "/api/v1/rooms", allow=(OWNER,), expect={CONNECTION: 422},
         json=lambda cast: {"member_ids": [cast.ids["connection"]]}),
    Rule("GET", "/api/v1/rooms/<int:room_id>/messages", allow=IN_ROOM, hidden=True,
         path=_room),
    Rule("POST", "/api/v1/rooms/<int:room_id>/messages", allow=IN_ROOM, hidden=True,
         path=_room, json=lambda cast: {"body": "From the API", "client_id": "api-1"}),
    Rule("POST", "/api/v1/rooms/<int:room_id>/read", allow=IN_ROOM, hidden=True,
         path=_room, json=lambda cast: {"message_id": cast.ids["owner_message"]}),
    Rule("PATCH", "/api/v1/messages/<int:message_id>", allow=(OWNER,), hidden=True,
         path=_message, json=lambda cast: {"body": "Edited"}),
    Rule("DELETE", "/api/v1/messages/<int:message_id>", allow=(OWNER,), hidden=True,
         path=_message),
]


def _in_room(**extra):
    return lambda cast: {"room_id": cast.ids["owner_room"], **extra}


SOCKET_RULES = [
    SocketRule("/chat", "connect", allow=SIGNED_IN),
    SocketRule("/chat", "join", allow=IN_ROOM, payload=_in_room()),
    SocketRule("/chat", "sync", allow=IN_ROOM, payload=_in_room(after_id=0)),
    SocketRule("/chat", "send", allow=IN_ROOM,
               payload=_in_room(body="Live", client_id="socket-1")),
    SocketRule("/chat", "typing", allow=IN_ROOM, payload=_in_room()),
    SocketRule("/chat", "read", allow=IN_ROOM,
               payload=lambda cast: {"room_id": cast.ids["owner_room"],
                                     "message_id": cast.ids["owner_message"]}),
    SocketRule("/chat", "edit", allow=(OWNER,),
               payload=lambda cast: {"message_id": cast.ids["owner_message"],
                                     "body": "Edited live"}),
    SocketRule("/chat", "delete", allow=(OWNER,),
               payload=lambda cast: {"message_id": cast.ids["owner_message"]}),
]
