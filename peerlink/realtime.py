"""Socket.IO plumbing every feature shares: namespaces registered once, live events sent
only after the transaction that caused them commits, and the one socket-handler wrapper.
"""

from functools import wraps

import socketio as python_socketio
from flask import current_app
from marshmallow import Schema, ValidationError
from sqlalchemy import event
from sqlalchemy.orm import Session

from peerlink.errors import DomainError, socket_error
from peerlink.extensions import db, socketio

_PENDING = "peerlink.pending_emits"


def emit_after_commit(event_name: str, data, *, to: str, namespace: str) -> None:
    """Send a live event once the current transaction commits; drop it if it rolls back.

    Clients that receive it can then read what it announces, from any process: the rows
    are committed before anyone hears of them (persist, then emit).
    """
    db.session().info.setdefault(_PENDING, []).append((event_name, data, to, namespace))


@event.listens_for(Session, "after_commit")
def _send_pending(session: Session) -> None:
    for event_name, data, to, namespace in session.info.pop(_PENDING, []):
        try:
            socketio.emit(event_name, data, to=to, namespace=namespace)
        except Exception:  # the change is committed; a lost push is caught up by reading
            current_app.logger.exception("Could not send live event %r", event_name)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def socket_handler(schema: type[Schema] | None = None):
    """Wrap a Namespace's `on_<event>` method: load the payload through `schema`, call the
    handler with it, and answer a validation or domain error as the error ack
    `{ok: false, error: {...}}` instead of raising. The handler is one service call."""

    def decorate(handler):
        @wraps(handler)
        def handle(namespace, data=None):
            try:
                payload = schema().load({} if data is None else data) if schema else data
                return handler(namespace, payload)
            except (ValidationError, DomainError) as exc:
                return socket_error(exc)

        return handle

    return decorate


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
    from peerlink.notifications.sockets import NotificationsNamespace

    socketio.on_namespace(NotificationsNamespace(NotificationsNamespace.path))
    _registered = True


def client_manager(message_queue: str | None):
    """In-process by default; a Redis queue lets several server processes share rooms."""
    if not message_queue:
        return None
    if not message_queue.startswith(("redis://", "rediss://")):
        raise ValueError("SOCKETIO_MESSAGE_QUEUE must be a redis:// or rediss:// URL")
    return python_socketio.RedisManager(message_queue, channel="peerlink")
