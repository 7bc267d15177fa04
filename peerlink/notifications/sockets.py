from flask_login import current_user
from flask_socketio import Namespace, join_room

from peerlink.notifications import services
from peerlink.notifications.schemas import MarkReadSchema
from peerlink.realtime import socket_handler


class NotificationsNamespace(Namespace):
    """Each member's sockets join their personal room; anonymous sockets are refused."""

    path = services.NAMESPACE

    def on_connect(self, auth=None):
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("Please log in first.")
        join_room(services.personal_room(current_user.id))

    @socket_handler()
    def on_unread_count(self, data):
        return {"ok": True, "unread": services.unread_count(current_user.id)}

    @socket_handler(MarkReadSchema)
    def on_mark_read(self, payload):
        services.mark_read(current_user.id, payload["id"])
        return {"ok": True, "unread": services.unread_count(current_user.id)}
