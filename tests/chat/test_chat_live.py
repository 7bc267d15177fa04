"""The real servers over real websockets: a token in the `auth` payload, refusals at the
handshake, delivery between two members; and with Redis, two server processes sharing
the rooms and the presence."""

import threading
import time

import pytest
import socketio

from peerlink.accounts import services as accounts
from tests import factories
from tests.live import Browserless, running_server

pytestmark = pytest.mark.live
NAMESPACE = "/chat"


def _token(user) -> str:
    _, plaintext = accounts.create_api_token(email=user.email, password=factories.PASSWORD,
                                             name="live chat")
    return plaintext


def _client(base_url: str, **kwargs) -> socketio.Client:
    client = socketio.Client(reconnection=False)
    client.connect(base_url, namespaces=[NAMESPACE], transports=["websocket"], wait_timeout=10,
                   **kwargs)
    return client


def _listeners(redis_url: str) -> int:
    """Server processes subscribed to the queue's channel ("peerlink": no SERVER_NAME here).
    Redis keeps no pub/sub history: a message published before a process subscribed is
    not for it."""
    import redis

    connection = redis.Redis.from_url(redis_url)
    try:
        return connection.pubsub_numsub("peerlink")[0][1]
    finally:
        connection.close()


def _no_servers_left(redis_url: str) -> None:
    """An earlier test's servers have left the queue: a server still running would count
    its members online (so no one would be announced) and hear this test's events."""
    assert _wait_for(lambda: _listeners(redis_url) == 0, timeout=30), \
        "a server process of an earlier test is still listening to the Redis queue"


def _wait_for(condition, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _collect(client, event: str):
    got, arrived = [], threading.Event()

    @client.on(event, namespace=NAMESPACE)
    def on_event(data):
        got.append(data)
        arrived.set()

    return got, arrived


def test_a_token_in_the_auth_payload_and_a_cookie_talk_over_websockets(app, live_server):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    by_token = _client(live_server, auth={"token": _token(ana)})
    browser = Browserless(live_server)
    browser.login(ben.email, factories.PASSWORD)
    by_cookie = browser.socket(NAMESPACE)
    try:
        heard, arrived = _collect(by_cookie, "new_message")
        assert by_token.transport() == "websocket"
        joined = by_token.call("join", {"room_id": room.id}, namespace=NAMESPACE, timeout=5)
        assert joined["ok"] is True and ben.id in joined["room"]["online"]
        ack = by_token.call("send", {"room_id": room.id, "body": "Over the wire",
                                     "client_id": "live-1"}, namespace=NAMESPACE, timeout=5)
        assert ack["ok"] is True
        assert arrived.wait(10), "the other member heard nothing"
        assert [m["id"] for m in heard] == [ack["message"]["id"]]
        bad = by_token.call("send", "not an object", namespace=NAMESPACE, timeout=5)
        assert bad["ok"] is False and bad["error"]["code"] == 422 and by_token.connected
    finally:
        by_token.disconnect()
        by_cookie.disconnect()


def test_anonymous_bad_token_and_foreign_origin_connections_are_refused(app, live_server):
    member = factories.clinician("Ana Ames")
    browser = Browserless(live_server)
    browser.login(member.email, factories.PASSWORD)
    cookie = "; ".join(f"{c.name}={c.value}" for c in browser.http.cookies)
    for kwargs in ({}, {"auth": {"token": "plk_forged"}},
                   {"headers": {"Cookie": cookie, "Origin": "https://elsewhere.example"}}):
        with pytest.raises(socketio.exceptions.ConnectionError):
            _client(live_server, **kwargs)
    _client(live_server, headers={"Cookie": cookie}).disconnect()  # the same cookie, at home


@pytest.mark.redis
def test_two_processes_share_messages_and_presence(app, database_url, redis_url, tmp_path):
    from peerlink.chat.presence import RedisPresence

    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    _no_servers_left(redis_url)
    RedisPresence(redis_url, None).reset()
    listening_before = _listeners(redis_url)
    with running_server(database_url, tmp_path, "gunicorn",
                        SOCKETIO_MESSAGE_QUEUE=redis_url) as first, \
            running_server(database_url, tmp_path, "gunicorn",
                           SOCKETIO_MESSAGE_QUEUE=redis_url) as second:
        on_second = _client(second, auth={"token": _token(ben)})
        presence, ana_online = _collect(on_second, "presence")
        heard, arrived = _collect(on_second, "new_message")
        nav = socketio.Client(reconnection=False)  # ben's navigation, on any page
        nudged, nudge_arrived = [], threading.Event()
        nav.on("chat_unread", lambda data: (nudged.append(data), nudge_arrived.set()),
               namespace="/notifications")
        nav.connect(second, namespaces=["/notifications"], transports=["websocket"],
                    wait_timeout=10, auth={"token": _token(ben)})
        # Both processes heard the queue before they served anyone (listen_before_serving).
        assert _listeners(redis_url) >= listening_before + 2
        on_first = _client(first, auth={"token": _token(ana)})
        try:
            assert ana_online.wait(30), "ben's process never heard ana come online"
            assert presence[-1] == {"user_id": ana.id, "online": True}
            joined = on_first.call("join", {"room_id": room.id}, namespace=NAMESPACE, timeout=5)
            assert sorted(joined["room"]["online"]) == sorted([ana.id, ben.id])
            seen = on_second.call("join", {"room_id": room.id}, namespace=NAMESPACE, timeout=5)
            assert sorted(seen["room"]["online"]) == sorted([ana.id, ben.id])
            ack = on_first.call("send", {"room_id": room.id, "body": "Across processes",
                                         "client_id": "two-1"}, namespace=NAMESPACE, timeout=5)
            assert arrived.wait(10), "the message did not cross to the other process"
            assert heard[0]["id"] == ack["message"]["id"]
            assert nudge_arrived.wait(10), "ben's navigation did not hear of the message"
            assert nudged == [{"room_id": room.id, "message_id": ack["message"]["id"]}]
            on_first.disconnect()
            assert _wait_for(lambda: {"user_id": ana.id, "online": False} in presence), \
                "ana's going offline did not reach the other process"
            after = on_second.call("join", {"room_id": room.id}, namespace=NAMESPACE, timeout=5)
            assert after["room"]["online"] == [ben.id]
        finally:
            on_first.disconnect()
            on_second.disconnect()
            nav.disconnect()


@pytest.mark.redis
def test_a_server_process_listens_to_the_queue_before_it_serves_anyone(app, database_url,
                                                                       redis_url, tmp_path):
    """Not at its first socket (python-socketio's way): what that first moment publishes
    (the first member's presence, a message sent as clients come back after a restart)
    would otherwise miss this process's sockets. And the process's own first emit reaches
    its own socket through the queue."""
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    _no_servers_left(redis_url)
    listening_before = _listeners(redis_url)
    with running_server(database_url, tmp_path, "gunicorn",
                        SOCKETIO_MESSAGE_QUEUE=redis_url) as server:
        assert _listeners(redis_url) >= listening_before + 1  # up, and no socket yet
        reader = _client(server, auth={"token": _token(ben)})
        writer = _client(server, auth={"token": _token(ana)})
        try:
            heard, arrived = _collect(reader, "new_message")
            reader.call("join", {"room_id": room.id}, namespace=NAMESPACE, timeout=5)
            ack = writer.call("send", {"room_id": room.id, "body": "First thing",
                                       "client_id": "first-1"}, namespace=NAMESPACE, timeout=5)
            assert arrived.wait(10) and heard[0]["id"] == ack["message"]["id"]
        finally:
            reader.disconnect()
            writer.disconnect()


@pytest.mark.redis
def test_revoking_a_token_closes_its_sockets_on_another_process(app, database_url, redis_url,
                                                                tmp_path):
    """The token's sockets on both namespaces of the other process close at once; the same
    member's socket opened with another token stays open."""
    import requests

    member = factories.clinician("Ana Ames")
    token, revoked = accounts.create_api_token(email=member.email,
                                               password=factories.PASSWORD, name="revoked")
    revoked_id, kept = token.id, _token(member)
    namespaces = [NAMESPACE, "/notifications"]
    with running_server(database_url, tmp_path, "gunicorn",
                        SOCKETIO_MESSAGE_QUEUE=redis_url) as first, \
            running_server(database_url, tmp_path, "gunicorn",
                           SOCKETIO_MESSAGE_QUEUE=redis_url) as second:
        doomed = socketio.Client(reconnection=False)
        closed = {name: threading.Event() for name in namespaces}
        for name in namespaces:
            doomed.on("disconnect", closed[name].set, namespace=name)
        doomed.connect(second, namespaces=namespaces, transports=["websocket"],
                       wait_timeout=10, auth={"token": revoked})
        staying = _client(second, auth={"token": kept})
        stayed_closed = threading.Event()
        staying.on("disconnect", stayed_closed.set, namespace=NAMESPACE)
        try:
            response = requests.delete(f"{first}/api/v1/auth/tokens/{revoked_id}",
                                       headers={"Authorization": f"Bearer {kept}"}, timeout=10)
            assert response.status_code == 204
            for name in namespaces:
                assert closed[name].wait(10), f"the token's {name} socket stayed open"
            assert not stayed_closed.wait(1), "the other token's socket was closed too"
            assert staying.connected
        finally:
            doomed.disconnect()
            staying.disconnect()
