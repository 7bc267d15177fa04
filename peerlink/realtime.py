"""Socket.IO plumbing every feature shares: namespaces registered once, live events sent
and sockets closed only after the transaction that caused them commits (through
`peerlink.after_commit`), and the one socket-handler wrapper.
"""

import json
import time
from functools import partial, wraps

import socketio as python_socketio
from flask import current_app
from flask_login import current_user, login_user
from flask_socketio import join_room
from limits import parse
from marshmallow import Schema, ValidationError

from peerlink.after_commit import after_commit
from peerlink.errors import DomainError, TooManyRequests, ValidationFailed, socket_error
from peerlink.extensions import limiter, socketio

# The largest Socket.IO packet a server accepts (Engine.IO closes the socket past it), and the
# largest payload one event may carry; both far above any form PeerLink has.
MAX_PACKET_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 16 * 1024
# Per member and event, unless a handler says otherwise.
EVENT_RATE = "30 per 10 seconds"
# Never sent to a client: how one process asks the others to close a room's sockets.
DISCONNECT_ROOM = "peerlink:disconnect-room"


def user_room(user_id: int) -> str:
    """The room every socket of a member joins, whichever namespace it connects to."""
    return f"user:{user_id}"


# How a token in the Socket.IO `auth` payload becomes a member: registered by accounts at
# start-up (accounts.services.user_for_api_token), since the core cannot import accounts.
_token_user = None


def register_token_user(find_user) -> None:
    global _token_user
    _token_user = find_user


def authenticate_socket(auth) -> None:
    """Every namespace's `connect`: the member of the session cookie, of a personal access
    token in the `Authorization: Bearer` header (Flask-Login's request loader), or of one
    in the Socket.IO `auth` payload `{"token": ...}` (browsers cannot set headers on a
    WebSocket). A token in the payload outranks the cookie, as the header does: its member,
    or the connection is refused. So is an anonymous one. The socket then joins its
    member's personal room.

    A payload token signs this socket's own session in (Flask-SocketIO keeps one per
    socket; the browser's cookie is not touched): later events load the member from it,
    so a suspension or a new password ends it as it ends a cookie session."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if token is not None:
        user = _token_user(token) if isinstance(token, str) and _token_user else None
        if user is None:
            raise ConnectionRefusedError("That access token is not valid, or it was revoked.")
        login_user(user)
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("Please log in first.")
    join_room(user_room(current_user.id))


def emit_after_commit(event_name: str, data, *, to: str, namespace: str) -> None:
    """Send a live event once the current transaction commits; drop it if it rolls back.

    Clients that receive it can then read what it announces, from any process: the rows
    are committed before anyone hears of them (persist, then emit).
    """
    # A lost push is caught up by reading: the client asks again when it reconnects.
    after_commit(partial(socketio.emit, event_name, data, to=to, namespace=namespace),
                 f"send live event {event_name!r}")


def disconnect_after_commit(user_id: int) -> None:
    """Close every live socket of the member, in every server process, once the current
    transaction commits (a sign-out, a new password, a suspension, a deletion); nothing if
    it rolls back. A socket whose session is still valid may connect again.

    After the transaction's live events: the closing sockets still hear of the change
    ("your password was changed") on their way out."""
    after_commit(lambda: socketio.server.manager.disconnect_room(user_room(user_id)),
                 f"close the sockets of member {user_id}", last=True)


def socket_handler(schema: type[Schema] | None = None, *, rate: str = EVENT_RATE):
    """Wrap a Namespace's `on_<event>` method: refuse a payload over MAX_PAYLOAD_BYTES or
    a member over `rate`, load the payload through `schema`, call the handler with it, and
    answer a validation or domain error as the error ack `{ok: false, error: {...}}`
    instead of raising. The handler is one service call."""
    limit = parse(rate)

    def decorate(handler):
        event = handler.__name__.removeprefix("on_")

        @wraps(handler)
        def handle(namespace, data=None):
            try:
                _within_limits(namespace.namespace, event, data, limit)
                payload = schema().load({} if data is None else data) if schema else data
                return handler(namespace, payload)
            except (ValidationError, DomainError) as exc:
                return socket_error(exc)

        return handle

    return decorate


def _within_limits(namespace: str, event: str, data, limit) -> None:
    if len(json.dumps(data, default=str)) > MAX_PAYLOAD_BYTES:
        raise ValidationFailed(f"Send at most {MAX_PAYLOAD_BYTES // 1024} KB in one event.",
                               {"_payload": ["Too large."]})
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    who = current_user.get_id() if current_user.is_authenticated else "anonymous"
    key = f"socket/{namespace}/{event}/{who}"
    if not limiter.limiter.hit(limit, key):
        reset_at, _ = limiter.limiter.get_window_stats(limit, key)
        raise TooManyRequests(retry_after=max(1, round(reset_at - time.time())))


_registered = False


def register_namespaces() -> None:
    """Every feature's Namespace, once per process, before the Socket.IO server exists.

    Flask-SocketIO re-registers the namespaces it holds on each `init_app`, but only those
    given to it before its first server was made: create_app calls this before binding the
    extension, so every app (tests make many) gets all of them.
    """
    global _registered
    if _registered:
        return
    from peerlink.chat.sockets import ChatNamespace
    from peerlink.notifications.sockets import NotificationsNamespace

    socketio.on_namespace(NotificationsNamespace(NotificationsNamespace.path))
    socketio.on_namespace(ChatNamespace(ChatNamespace.path))
    _registered = True


def _disconnect_here(manager, room: str) -> None:
    """Disconnect this process's sockets in the room, in every namespace."""
    for namespace in list(manager.get_namespaces()):
        for sid, _ in list(manager.get_participants(namespace, room)):
            manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class LocalManager(python_socketio.Manager):
    """One server process: the rooms it holds are all there are."""

    def disconnect_room(self, room: str) -> None:
        _disconnect_here(self, room)


class RedisManager(python_socketio.RedisManager):
    """Several server processes share rooms through Redis.

    python-socketio's queue carries emits, the disconnect of one socket by its sid, and
    room closing, but a process knows the sids of its own sockets only. So a room's
    disconnect travels as an emit of DISCONNECT_ROOM, which every process (this one too)
    answers by disconnecting its own sockets in that room, instead of sending it on.
    """

    def disconnect_room(self, room: str) -> None:
        self.emit(DISCONNECT_ROOM, None, namespace="/", room=room)

    def _handle_emit(self, message):
        if message.get("event") == DISCONNECT_ROOM:
            _disconnect_here(self, message.get("room"))
        else:
            super()._handle_emit(message)


def client_manager(message_queue: str | None, server_name: str | None = None):
    """In-process by default; a Redis queue lets several server processes share rooms.

    Redis publishes to every client of the server whatever database number the URL names,
    so each site talks on a channel named after its SERVER_NAME: a staging site sharing
    production's Redis never delivers to production's members."""
    if not message_queue:
        return LocalManager()
    if not message_queue.startswith(("redis://", "rediss://")):
        raise ValueError("SOCKETIO_MESSAGE_QUEUE must be a redis:// or rediss:// URL")
    channel = f"peerlink:{server_name}" if server_name else "peerlink"
    return RedisManager(message_queue, channel=channel)
