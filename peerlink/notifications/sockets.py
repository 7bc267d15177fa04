from flask_login import current_user
from flask_socketio import Namespace

from peerlink.notifications import services
from peerlink.notifications.schemas import MarkReadSchema
from peerlink.realtime import authenticate_socket, socket_handler


class NotificationsNamespace(Namespace):
    """Each member's sockets join their personal room; anonymous sockets are refused
    (realtime.authenticate_socket: a cookie, or a token in the header or `auth`)."""

    path = services.NAMESPACE

    def on_connect(self, auth=None):
        authenticate_socket(auth)

    @socket_handler()
    def on_unread_count(self, data):
        return {"ok": True, "unread": services.unread_count(current_user.id)}

    @socket_handler(MarkReadSchema)
    def on_mark_read(self, payload):
        services.mark_read(current_user.id, payload["id"])
        return {"ok": True, "unread": services.unread_count(current_user.id)}
