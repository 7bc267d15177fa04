import contextvars

import pytest
from flask import has_app_context

from peerlink.extensions import db, socketio

NAMESPACE = "/chat"


class ChatSocket:
    """A member's /chat test socket. Each call runs outside the test's app context, as in
    production (else every socket would share the test's `g`, and the first login)."""

    def __init__(self, app, user=None, *, auth=None, headers=None):
        self.user = user
        self.http = app.test_client()
        if user is not None and auth is None:
            with self.http.session_transaction() as session:
                session["_user_id"] = user.get_id()
        self.sc = self._run(socketio.test_client, app, namespace=NAMESPACE,
                            flask_test_client=self.http, auth=auth, headers=headers)

    @staticmethod
    def _run(call, *args, **kwargs):
        result = contextvars.Context().run(call, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return result

    @property
    def connected(self) -> bool:
        return self.sc.is_connected(NAMESPACE)

    def emit(self, event: str, data=None):
        return self._run(self.sc.emit, event, data, namespace=NAMESPACE, callback=True)

    def received(self, event: str | None = None) -> list:
        """What the server sent since the last call: [(event, data)], or the data of one
        kind of event."""
        packets = [(packet["name"], packet["args"][0] if packet["args"] else None)
                   for packet in self.sc.get_received(NAMESPACE)]
        if event is None:
            return packets
        return [data for name, data in packets if name == event]

    def close(self):
        if self.connected:
            self._run(self.sc.disconnect, namespace=NAMESPACE)


@pytest.fixture
def chat_socket(app):
    sockets = []

    def connect(user=None, **kwargs) -> ChatSocket:
        socket = ChatSocket(app, user, **kwargs)
        sockets.append(socket)
        return socket

    yield connect
    for socket in sockets:
        socket.close()
