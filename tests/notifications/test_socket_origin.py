"""The websocket handshake on the real server: only pages of PeerLink itself may open one.

A browser sends the page's Origin with a websocket handshake and applies no CORS rule to it,
so a page on another site would otherwise ride the member's session cookie.
"""

import json

import pytest
import websocket

pytestmark = pytest.mark.live


def handshake(base_url: str, origin: str) -> websocket.WebSocket:
    url = base_url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    return websocket.create_connection(url, origin=origin, timeout=10)


def test_a_page_of_another_site_cannot_open_a_websocket(live_server):
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        handshake(live_server, "http://evil.example")
    assert refused.value.status_code == 400
    assert b"Not an accepted origin" in refused.value.resp_body


def test_a_page_of_peerlink_itself_opens_one(live_server):
    connection = handshake(live_server, live_server)
    try:
        assert connection.getstatus() == 101
        packet = connection.recv()  # engine.io "open": 0 then the session as JSON
        assert packet.startswith("0") and "sid" in json.loads(packet[1:])
    finally:
        connection.close()


def test_behind_a_tls_proxy_the_forwarded_scheme_counts(live_server):
    """docs/deployment.md: the /socket.io location passes X-Forwarded-Proto."""
    https_origin = live_server.replace("http://", "https://")
    with pytest.raises(websocket.WebSocketBadStatusException):
        handshake(live_server, https_origin)
    url = live_server.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    connection = websocket.create_connection(url, origin=https_origin, timeout=10,
                                             header=["X-Forwarded-Proto: https"])
    try:
        assert connection.getstatus() == 101
    finally:
        connection.close()
