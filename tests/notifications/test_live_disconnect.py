"""The real servers: signing out closes the member's websocket at once, and with a Redis
queue also the one connected to another server process; other members' stay open."""

import threading

import pytest

from tests import factories
from tests.live import Browserless, running_server

pytestmark = pytest.mark.live


def closed_event(socket) -> threading.Event:
    closed = threading.Event()

    @socket.on("disconnect", namespace="/notifications")
    def on_disconnect(*reason):
        closed.set()

    return closed


def signed_in(base_url: str, user) -> Browserless:
    browser = Browserless(base_url)
    browser.login(user.email, factories.PASSWORD)
    return browser


def test_signing_out_closes_the_websocket(app, live_server):
    member = signed_in(live_server, factories.make_user())
    socket = member.socket()
    closed = closed_event(socket)
    try:
        assert member.post_form("/logout", {}).status_code == 302
        assert closed.wait(10), "the socket stayed open after signing out"
    finally:
        socket.disconnect()


@pytest.mark.redis
def test_signing_out_closes_the_websocket_held_by_another_process(app, database_url, redis_url,
                                                                   tmp_path):
    user, bystander = factories.make_user(), factories.make_user()
    with running_server(database_url, tmp_path, "gunicorn",
                        SOCKETIO_MESSAGE_QUEUE=redis_url) as first, \
            running_server(database_url, tmp_path, "gunicorn",
                           SOCKETIO_MESSAGE_QUEUE=redis_url) as second:
        on_first = signed_in(first, user)
        socket, other = signed_in(second, user).socket(), signed_in(second, bystander).socket()
        closed, other_closed = closed_event(socket), closed_event(other)
        try:
            assert on_first.post_form("/logout", {}).status_code == 302
            assert closed.wait(10), "the socket on the other process stayed open"
            assert not other_closed.wait(1), "another member's socket was closed too"
        finally:
            socket.disconnect()
            other.disconnect()
