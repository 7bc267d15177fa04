from flask_login import current_user
from flask_socketio import Namespace, join_room
from marshmallow import ValidationError

from peerlink.errors import DomainError, socket_error
from peerlink.notifications import services
from peerlink.notifications.schemas import MarkReadSchema


class NotificationsNamespace(Namespace):
    """Each member's sockets join their personal room; anonymous sockets are refused."""

    def on_connect(self, auth=None):
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("Please log in first.")
        join_room(services.personal_room(current_user.id))

    def on_unread_count(self, data=None):
        return {"ok": True, "unread": services.unread_count(current_user.id)}

    def on_mark_read(self, data):
        try:
            payload = MarkReadSchema().load(data or {})
            services.mark_read(current_user.id, payload["id"])
        except (ValidationError, DomainError) as exc:
            return socket_error(exc)
        return {"ok": True, "unread": services.unread_count(current_user.id)}
