from flask import request
from flask_login import current_user
from flask_socketio import Namespace

from peerlink.chat import schemas, services
from peerlink.chat.presence import presence
from peerlink.realtime import authenticate_socket, socket_handler


def _page(messages, has_more) -> dict:
    return {"ok": True, "messages": schemas.MessageSchema(many=True).dump(messages),
            "has_more": has_more}


class ChatNamespace(Namespace):
    """The `/chat` protocol (docs/socketio.md). Every socket joins its member's personal
    room; each event is one service call that checks the room itself, so a member who
    lost access (a removed connection, a block) is refused at their next event and no
    longer hears the room."""

    path = services.NAMESPACE

    def __init__(self, namespace):
        super().__init__(namespace)
        self._members: dict[str, int] = {}  # sid -> member, for presence on disconnect

    def on_connect(self, auth=None):
        authenticate_socket(auth)
        self._members[request.sid] = current_user.id
        if presence().connected(current_user.id):
            services.announce_presence(current_user.id, True)

    def on_disconnect(self, *reason):
        user_id = self._members.pop(request.sid, None)
        if user_id is not None and presence().disconnected(user_id):
            services.announce_presence(user_id, False)

    @socket_handler(schemas.RoomRefSchema)
    def on_join(self, payload):
        room = services.room_view(current_user, payload["room_id"])
        online = presence().online([card.id for card in room.members] + [current_user.id])
        state = schemas.RoomStateSchema().dump({**room.__dict__, "online": sorted(online)})
        return {"ok": True, "room": state, "last_message_id": room.last_message_id}

    @socket_handler(schemas.SendSchema, rate=services.SENDS.rate)
    def on_send(self, payload):
        message, _ = services.send(current_user, payload["room_id"], payload["body"],
                                   payload["client_id"],
                                   confirm_deidentified=payload["confirm_deidentified"])
        return {"ok": True, "message": message.payload}

    @socket_handler(schemas.SyncSchema)
    def on_sync(self, payload):
        return _page(*services.messages(current_user, payload["room_id"],
                                        after=payload["after_id"], limit=payload["limit"]))

    @socket_handler(schemas.RoomRefSchema)
    def on_typing(self, payload):
        services.typing(current_user, payload["room_id"])
        return {"ok": True}

    @socket_handler(schemas.ReadSchema)
    def on_read(self, payload):
        return {"ok": True, **services.mark_read(current_user, payload["room_id"],
                                                 payload["message_id"])}

    @socket_handler(schemas.EditSchema)
    def on_edit(self, payload):
        message = services.edit(current_user, payload["message_id"], payload["body"],
                                confirm_deidentified=payload["confirm_deidentified"])
        return {"ok": True, "message": message.payload}

    @socket_handler(schemas.DeleteSchema)
    def on_delete(self, payload):
        message = services.delete(current_user, payload["message_id"], payload["reason"])
        return {"ok": True, "message": message.payload}
