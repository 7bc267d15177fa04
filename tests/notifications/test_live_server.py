"""The real gevent server: HTTP and a websocket Socket.IO client in one process."""

import threading

import pytest

from tests import factories
from tests.live import Browserless, running_server

pytestmark = pytest.mark.live

NEW_PASSWORD = "harbor-lights-at-dawn-7"


def change_password_and_wait(actor: Browserless, socket, old_password: str) -> dict:
    received = threading.Event()
    payload = {}

    @socket.on("notification", namespace="/notifications")
    def on_notification(data):
        payload.update(data)
        received.set()

    response = actor.post_form("/account/password", {"current_password": old_password,
                                                     "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert received.wait(10), "no notification arrived over the websocket"
    return payload


def test_websocket_client_receives_notifications(app, live_server):
    user = factories.make_user()
    member = Browserless(live_server)
    member.login(user.email, factories.PASSWORD)
    socket = member.socket()
    try:
        assert socket.transport() == "websocket"
        ack = socket.call("unread_count", {}, namespace="/notifications", timeout=5)
        assert ack == {"ok": True, "unread": 0}
        payload = change_password_and_wait(member, socket, factories.PASSWORD)
        assert "password was changed" in payload["message"]
    finally:
        socket.disconnect()


def test_anonymous_websocket_is_refused(live_server):
    import socketio

    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server, namespaces=["/notifications"], transports=["websocket"],
                       wait_timeout=5)
    client.disconnect()


@pytest.mark.redis
def test_message_queue_reaches_clients_of_another_process(app, database_url, redis_url,
                                                         tmp_path):
    """Two gunicorn + gevent processes, as deployed; Redis carries the emit across."""
    user = factories.make_user()
    with running_server(database_url, tmp_path, "gunicorn",
                        SOCKETIO_MESSAGE_QUEUE=redis_url) as first, \
            running_server(database_url, tmp_path, "gunicorn",
                           SOCKETIO_MESSAGE_QUEUE=redis_url) as second:
        on_first, on_second = Browserless(first), Browserless(second)
        on_first.login(user.email, factories.PASSWORD)
        on_second.login(user.email, factories.PASSWORD)
        socket = on_second.socket()
        try:
            payload = change_password_and_wait(on_first, socket, factories.PASSWORD)
            assert "password was changed" in payload["message"]
        finally:
            socket.disconnect()
