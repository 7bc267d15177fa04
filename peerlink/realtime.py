"""Socket.IO plumbing every feature shares: namespaces registered once, live events sent
and sockets closed only after the transaction that caused them commits (through
`peerlink.after_commit`), and the one socket-handler wrapper.
"""

import json
import logging
import time
from functools import partial, wraps
from types import MethodType

import socketio as python_socketio
from flask import current_app, g, has_request_context, request
from flask_login import current_user, login_user
from flask_socketio import join_room
from limits import parse
from marshmallow import Schema, ValidationError

from peerlink.after_commit import after_commit
from peerlink.errors import (
    PAGE_MESSAGES,
    DomainError,
    NotAuthenticated,
    ServiceUnavailable,
    TooManyRequests,
    ValidationFailed,
    database_unreachable,
    error_body,
    socket_error,
)
from peerlink.extensions import db, limiter, socketio

# The largest Socket.IO packet a server accepts (Engine.IO closes the socket past it), and the
# largest payload one event may carry; both far above any form PeerLink has.
MAX_PACKET_BYTES = 64 * 1024
MAX_PAYLOAD_BYTES = 16 * 1024
log = logging.getLogger(__name__)
# Per member and event, unless a handler says otherwise.
EVENT_RATE = "30 per 10 seconds"
# Never sent to a client: how one process asks the others to close a room's sockets.
DISCONNECT_ROOM = "peerlink:disconnect-room"
# Sent to every socket of a process whose link to the Redis queue was lost and is back:
# live events may have been missed meanwhile, read what changed (chat: `sync`).
RESYNC_EVENT = "resync"
RESUBSCRIBE_MAX_WAIT = 4.0
LISTEN_BEFORE_SERVING_WAIT = 5.0  # seconds, at most, before serving without the queue
LISTENING_PROBE = "peerlink:listening-probe"  # published to itself by a starting process
LISTENING_PROBE_EVERY = 0.2  # seconds between probes while none has come back


def in_socket_event() -> bool:
    """Is this request context a Socket.IO event's? Flask-SocketIO names the socket in
    `request.sid` for each one."""
    return has_request_context() and getattr(request, "sid", None) is not None


def user_room(user_id: int) -> str:
    """The room every socket of a member joins, whichever namespace it connects to."""
    return f"user:{user_id}"


def token_room(token_id: int) -> str:
    """The room every socket that authenticated with this personal access token joins
    (in every namespace): revoking the token closes them (`disconnect_room_after_commit`)."""
    return f"token:{token_id}"


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
    try:
        token = auth.get("token") if isinstance(auth, dict) else None
        if token is not None:
            user = _token_user(token) if isinstance(token, str) and _token_user else None
            if user is None:
                raise ConnectionRefusedError("That access token is not valid, or it was "
                                             "revoked.")
            login_user(user)
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("Please log in first.")
    except Exception as exc:
        if not database_unreachable(exc):
            raise
        # Refused with a reason the client can show; it connects again a moment later.
        _forget_transaction(exc)
        raise ConnectionRefusedError(ServiceUnavailable.default_message) from exc
    join_room(user_room(current_user.id))
    # Set by the token lookup (accounts.services.user_for_api_token) when a token, in the
    # payload or the header, is what signed this socket in: not when the cookie did.
    token_id = g.get("api_token_id")
    if token_id is not None:
        join_room(token_room(token_id))


def _forget_transaction(exc: Exception) -> None:
    if database_unreachable(exc):
        current_app.logger.warning("Database unreachable in a socket event: %s",
                                   getattr(exc, "orig", exc))
    try:
        db.session.rollback()
    except Exception:  # the connection is gone already; the session is discarded anyway
        current_app.logger.debug("rollback after a lost connection failed", exc_info=True)


def emit_after_commit(event_name: str, data, *, to: str | list[str], namespace: str) -> None:
    """Send a live event once the current transaction commits; drop it if it rolls back.
    `to`: a room, or a list of rooms (one emit, each socket once, one message on the Redis
    queue).

    Clients that receive it can then read what it announces, from any process: the rows
    are committed before anyone hears of them (persist, then emit).
    """
    if not to:  # to Socket.IO, no room at all means everyone connected
        return
    # A lost push is caught up by reading: the client asks again when it reconnects.
    after_commit(partial(socketio.emit, event_name, data, to=to, namespace=namespace),
                 f"send live event {event_name!r}")


def disconnect_after_commit(user_id: int) -> None:
    """Close every live socket of the member, in every server process, once the current
    transaction commits (a sign-out, a new password, a suspension, a deletion); nothing if
    it rolls back. A socket whose session is still valid may connect again.

    After the transaction's live events: the closing sockets still hear of the change
    ("your password was changed") on their way out."""
    disconnect_room_after_commit(user_room(user_id), f"member {user_id}")


def disconnect_room_after_commit(room: str, whose: str | None = None) -> None:
    """Close every live socket in the room, in every namespace and every server process
    (through the manager: the Redis queue when there is one), once the current transaction
    commits; nothing if it rolls back. A revoked token: its `token_room`."""
    after_commit(lambda: socketio.server.manager.disconnect_room(room),
                 f"close the sockets of {whose or room}", last=True)


def socket_handler(schema: type[Schema] | None = None, *, rate: str = EVENT_RATE):
    """Wrap a Namespace's `on_<event>` method: refuse an event once the socket's session has
    ended (401), a payload over MAX_PAYLOAD_BYTES or a member over `rate`, load the payload
    through `schema`, call the handler with it, and answer a validation or domain error as
    the error ack `{ok: false, error: {...}}` instead of raising. The handler is one service
    call.

    A database that cannot be reached is answered with a 503 ack (its transaction rolled
    back: nothing half-written), any other failure with a 500 ack after logging it: the
    client always hears back, and never waits for an ack that does not come."""
    limit = parse(rate)
    loader = schema() if schema else None  # one instance: loading keeps no state in it

    def decorate(handler):
        event = handler.__name__.removeprefix("on_")

        @wraps(handler)
        def handle(namespace, data=None):
            try:
                # Signed in at the connection, but the session may have ended since (a new
                # password, a suspension) and the closing of the socket not arrived yet.
                if not current_user.is_authenticated:
                    raise NotAuthenticated()
                _within_limits(namespace.namespace, event, data, limit)
                payload = loader.load({} if data is None else data) if loader else data
                return handler(namespace, payload)
            except (ValidationError, DomainError) as exc:
                return socket_error(exc)
            except Exception as exc:
                if database_unreachable(exc):
                    _forget_transaction(exc)
                    return socket_error(ServiceUnavailable())
                current_app.logger.exception("Socket event %s on %s failed", event,
                                             namespace.namespace)
                _forget_transaction(exc)
                return {"ok": False, "error": error_body(500, PAGE_MESSAGES[500])}

        return handle

    return decorate


def _within_limits(namespace: str, event: str, data, limit) -> None:
    if len(json.dumps(data, default=str)) > MAX_PAYLOAD_BYTES:
        raise ValidationFailed(f"Send at most {MAX_PAYLOAD_BYTES // 1024} KB in one event.",
                               {"_payload": ["Too large."]})
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    who = current_user.get_id()
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

    When Redis goes away (a restart) live events are lost, and a client cannot tell which:
    message ids are global, so one it did get does not say it got those before. So a process
    keeps its own sockets' live events whole or stops them: its own events are delivered
    here only while it listens to the queue (what it does not hear of the others' events,
    its sockets must not hear of its own either, or a newer message would hide an older
    lost one). When it listens again it sends its sockets RESYNC_EVENT: they read what they
    missed (chat: `sync` from the newest message they hold), and nothing newer than the gap
    reached them meanwhile.
    """

    listening = False
    heard_own_probe = False  # listen_before_serving's probe came back through Redis

    def disconnect_room(self, room: str) -> None:
        self.emit(DISCONNECT_ROOM, None, namespace="/", room=room)

    def _handle_emit(self, message):
        if message.get("event") == LISTENING_PROBE:  # no socket's business
            if message.get("host_id") == self.host_id:
                self.heard_own_probe = True
        elif message.get("event") == DISCONNECT_ROOM:
            _disconnect_here(self, message.get("room"))
        elif message.get("host_id") == self.host_id and not self.listening:
            return  # this process's own emit, while it does not hear the others' ones
        else:
            super()._handle_emit(message)

    def _redis_connect(self):
        """As python-socketio connects; and hears when redis-py's subscriber loses its
        connection and makes it again by itself (it retries a few times before giving up
        to _redis_listen_with_retries)."""
        super()._redis_connect()
        original_reconnect = type(self.pubsub)._reconnect
        resubscribe = type(self.pubsub).on_connect  # called on reconnects only: the first
        manager = self  # connection is made before the subscriber registers it

        def on_lost(pubsub, *args, **kwargs):
            manager.listening = False
            return original_reconnect(pubsub, *args, **kwargs)

        def on_reconnect(pubsub, connection):
            resubscribe(pubsub, connection)
            manager._listening_again()

        # redis-py keeps a weak reference to a bound method.
        self.pubsub._reconnect = MethodType(on_lost, self.pubsub)
        self.pubsub.on_connect = MethodType(on_reconnect, self.pubsub)

    def _redis_listen_with_retries(self):
        """The queue's messages, for ever: when the connection to Redis is lost and
        redis-py's own retries give up, connect again after a short wait (half a second,
        doubling up to RESUBSCRIBE_MAX_WAIT)."""
        wait, lost = 0.5, False
        while True:
            try:
                self._redis_connect()
                self.pubsub.subscribe(self.channel)
                if lost:
                    self._listening_again()
                    wait = 0.5
                self.listening, lost = True, False
                yield from self.pubsub.listen()
            except Exception as exc:  # any failure of the connection: Redis is the judge
                self.listening, lost = False, True
                log.warning("Lost the Redis queue (%s); listening again in %.0f s", exc,
                            wait)
                time.sleep(wait)
                wait = min(wait * 2, RESUBSCRIBE_MAX_WAIT)

    def _listening_again(self) -> None:
        self.listening = True
        log.warning("Listening to the Redis queue again; this process's sockets are told to "
                    "catch up")
        for namespace in list(self.get_namespaces()):
            # The base class's emit: this process's sockets only, not through the queue.
            python_socketio.Manager.emit(self, RESYNC_EVENT, {}, namespace=namespace)


def listen_before_serving(timeout: float = LISTEN_BEFORE_SERVING_WAIT) -> None:
    """Subscribe this server process to the Redis queue before it serves anyone.

    python-socketio subscribes when the first socket connects, in a background task, so
    what is published in that first moment does not reach this process's sockets: the
    first member's own presence, or a message sent while many clients connect again after a
    restart, to a reader who has just connected here. That reader would miss it live. So
    the serving process (peerlink.wsgi under gevent: gunicorn's worker, `python wsgi.py`)
    subscribes at start, and waits until a probe it publishes comes back through Redis: the
    subscription is then in place. After `timeout` (Redis not there) it serves anyway, and
    the listener keeps trying (its sockets are told to catch up once it hears the queue).
    Elsewhere (a command loading the app, gunicorn's master) it does nothing."""
    from gevent import monkey

    server = socketio.server
    manager = getattr(server, "manager", None)
    if (not isinstance(manager, RedisManager) or server.manager_initialized
            or not monkey.is_module_patched("socket")):
        return
    server.manager_initialized = True  # so the first connection does not start another
    manager.initialize()
    deadline, probed_at = time.monotonic() + timeout, 0.0
    while time.monotonic() < deadline:
        if manager.heard_own_probe:
            return
        if manager.listening and time.monotonic() - probed_at > LISTENING_PROBE_EVERY:
            manager.emit(LISTENING_PROBE, None, namespace="/", room=LISTENING_PROBE)
            probed_at = time.monotonic()
        time.sleep(0.02)  # a greenlet switch: the listener runs meanwhile
    log.warning("Not listening to the Redis queue after %.0f s; serving anyway", timeout)


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
