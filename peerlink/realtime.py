"""Every feature's Socket.IO namespace, registered once per process at first import.

Flask-SocketIO re-registers the namespaces it holds on each `init_app`, but only those
given to it before its first server existed; `create_app` imports this module before
binding the extension, so every app (tests make many) gets all namespaces.
"""

import socketio as python_socketio

from peerlink.extensions import socketio
from peerlink.notifications.services import NAMESPACE as NOTIFICATIONS
from peerlink.notifications.sockets import NotificationsNamespace

socketio.on_namespace(NotificationsNamespace(NOTIFICATIONS))


def client_manager(message_queue: str | None):
    """In-process by default; a Redis queue lets several server processes share rooms."""
    if not message_queue:
        return None
    if not message_queue.startswith(("redis://", "rediss://")):
        raise ValueError("SOCKETIO_MESSAGE_QUEUE must be a redis:// or rediss:// URL")
    return python_socketio.RedisManager(message_queue, channel="peerlink")
