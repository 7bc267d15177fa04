"""The /chat namespace: who may connect, join, read and post; idempotent sends; catch-up;
error acks; a removed connection or a block taking effect at once; presence; typing."""

import contextvars
import uuid

from sqlalchemy import func, select, update

from peerlink import create_app
from peerlink.accounts import services as accounts
from peerlink.accounts.models import User
from peerlink.chat import services as chat
from peerlink.chat.models import Message
from peerlink.connections import blocks
from peerlink.connections import services as connections
from peerlink.db_types import utcnow
from peerlink.extensions import db, socketio
from peerlink.notifications.models import Notification
from tests import factories
from tests.chat.conftest import NAMESPACE


def _pair():
    a, b = factories.clinician("Ann Arbor"), factories.clinician("Ben Bay")
    return a, b, factories.direct_room(a, b)


def _send(socket, room, body="Hi", client_id=None, **extra):
    return socket.emit("send", {"room_id": room.id, "body": body,
                                "client_id": client_id or uuid.uuid4().hex, **extra})


def test_anonymous_and_bad_tokens_are_refused(app, chat_socket):
    assert not chat_socket().connected
    assert not chat_socket(auth={"token": "plk_not-a-real-token"}).connected
    assert not chat_socket(auth={"token": 42}).connected


def test_a_token_in_the_auth_payload_connects_as_its_member(app, chat_socket):
    a, b, room = _pair()
    _, token = accounts.create_api_token(email=a.email, password=factories.PASSWORD,
                                         name="chat script")
    socket = chat_socket(auth={"token": token})
    assert socket.connected
    ack = socket.emit("join", {"room_id": room.id})
    assert ack["ok"] is True and ack["room"]["members"][0]["id"] == b.id
    assert _send(socket, room, "Sent with a token")["message"]["author"]["id"] == a.id


def test_join_answers_the_room_and_its_last_message(app, chat_socket):
    a, b, room = _pair()
    last = factories.chat_message(b, room, "Before you came")
    ack = chat_socket(a).emit("join", {"room_id": room.id})
    assert ack["ok"] is True
    assert ack["last_message_id"] == last.id
    assert ack["room"]["title"] == "Ben Bay" and ack["room"]["unread"] == 1


def test_a_stranger_gets_the_same_answer_as_for_no_such_room(app, chat_socket):
    a, b, room = _pair()
    factories.chat_message(a, room, "Private between us")
    stranger = chat_socket(factories.clinician("Sam Stranger"))
    for event, extra in (("join", {}), ("sync", {"after_id": 0}), ("typing", {}),
                         ("send", {"body": "Let me in", "client_id": "x1"}),
                         ("read", {"message_id": 1})):
        mine = stranger.emit(event, {"room_id": room.id, **extra})
        none = stranger.emit(event, {"room_id": room.id + 1000, **extra})
        assert mine["ok"] is False and mine["error"]["code"] == 404, (event, mine)
        assert mine == none, event
    assert "Private" not in str(stranger.received())
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_a_message_is_committed_before_the_ack_and_reaches_both_members(app, chat_socket):
    a, b, room = _pair()
    mine, theirs = chat_socket(a), chat_socket(b)
    ack = _send(mine, room, "See you **Tuesday** at https://example.org/notes <b>x</b>", "c-1",
                confirm_deidentified=True)  # a web address: the PHI guard asks
    assert ack["ok"] is True
    stored = db.session.get(Message, ack["message"]["id"])
    assert stored is not None and stored.client_id == "c-1"
    heard = theirs.received("new_message")
    assert [m["id"] for m in heard] == [stored.id]
    assert "<strong>Tuesday</strong>" in heard[0]["html"]
    assert '<a href="https://example.org/notes"' in heard[0]["html"]
    assert "<b>" not in heard[0]["html"] and "&lt;b&gt;" in heard[0]["html"]
    assert [m["id"] for m in mine.received("new_message")] == [stored.id]  # my other tabs


def test_a_resend_with_the_same_client_id_stores_nothing_twice(app, chat_socket):
    a, b, room = _pair()
    mine, theirs = chat_socket(a), chat_socket(b)
    first = _send(mine, room, "Once only", "same-id")
    again = _send(mine, room, "Once only", "same-id")
    assert again == first
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1
    # Announced again (its first answer may have been lost with its live event), the same
    # message: clients keep one per id.
    assert {m["id"] for m in theirs.received("new_message")} == {first["message"]["id"]}
    other_room = factories.direct_room(a, factories.clinician("Cy Cole"))
    reused = _send(mine, other_room, "Elsewhere", "same-id")
    assert reused["ok"] is False and "client_id" in reused["error"]["errors"]


def test_sync_returns_exactly_what_was_missed_in_order_and_paged(app, chat_socket):
    a, b, room = _pair()
    seen = factories.chat_message(a, room, "Seen")
    missed = [factories.chat_message(b if i % 2 else a, room, f"Missed {i}") for i in range(5)]
    socket = chat_socket(a)
    first = socket.emit("sync", {"room_id": room.id, "after_id": seen.id, "limit": 3})
    assert first["ok"] is True and first["has_more"] is True
    rest = socket.emit("sync", {"room_id": room.id, "after_id": first["messages"][-1]["id"],
                                "limit": 3})
    assert rest["has_more"] is False
    got = [m["id"] for m in first["messages"] + rest["messages"]]
    assert got == [m.id for m in missed]
    assert [m["body"] for m in rest["messages"]] == ["Missed 3", "Missed 4"]


def test_bad_bodies_and_payloads_get_error_acks_and_disconnect_nobody(app, chat_socket):
    a, b, room = _pair()
    mine, theirs = chat_socket(a), chat_socket(b)
    empty = _send(mine, room, "   ")
    assert empty["ok"] is False and empty["error"]["code"] == 422
    assert "body" in empty["error"]["errors"]
    long = _send(mine, room, "x" * 4001)
    assert long["ok"] is False and "body" in long["error"]["errors"]
    assert _send(mine, room, "x" * 4000)["ok"] is True
    for payload in ("hello", None, [], {"room_id": "one"}, {"room_id": room.id},
                    {"room_id": -1, "body": "x", "client_id": "y"},
                    {"room_id": room.id, "body": "x", "client_id": "y" * 65},
                    {"room_id": room.id, "body": ["x"], "client_id": "z"},
                    {"room_id": 2**40, "body": "x", "client_id": "q"}):
        ack = mine.emit("send", payload)
        assert ack["ok"] is False and ack["error"]["code"] in (404, 422), (payload, ack)
    huge = mine.emit("send", {"room_id": room.id, "body": "x" * 20_000, "client_id": "h"})
    assert huge["ok"] is False and huge["error"]["code"] == 422
    bad_sync = mine.emit("sync", {"room_id": room.id, "after_id": "yesterday"})
    assert bad_sync["ok"] is False and "after_id" in bad_sync["error"]["errors"]
    assert mine.connected and theirs.connected
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_sends_are_rate_limited_per_member(app, database_url):
    """With limits on, the 21st message in ten seconds is refused with 429."""
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex})
    from tests.chat.conftest import ChatSocket

    with limited.app_context():
        a, b, room = _pair()
        socket = ChatSocket(limited, a)
        acks = [_send(socket, room, f"Message {i}") for i in range(21)]
        socket.close()
        db.session.remove()
    assert all(ack["ok"] for ack in acks[:20])
    assert acks[20]["ok"] is False and acks[20]["error"]["code"] == 429


def test_a_removed_connection_stops_the_conversation_at_once(app, chat_socket):
    a, b, room = _pair()
    mine, theirs = chat_socket(a), chat_socket(b)
    assert _send(mine, room, "Before")["ok"]
    theirs.received(), mine.received()
    connection = connections.relationship_with(a.id, b.id).connection_id
    connections.remove_connection(a, connection)
    for socket in (mine, theirs):
        refused = _send(socket, room, "After")
        assert refused["ok"] is False and refused["error"]["code"] == 404
        assert socket.emit("sync", {"room_id": room.id, "after_id": 0})["ok"] is False
    assert theirs.received("new_message") == [] and mine.received("new_message") == []


def test_a_block_stops_delivery_between_the_two_at_once(app, chat_socket):
    """In a conversation of three, the two others keep talking with the starter; the
    blocked member's messages neither reach the blocker live nor in their history."""
    starter, a, b = (factories.clinician(name) for name in ("Sue Start", "Al Alpha", "Bea Beta"))
    room = factories.direct_room(starter, a, b)
    s_socket, a_socket, b_socket = chat_socket(starter), chat_socket(a), chat_socket(b)
    blocks.block(a, b.id)
    sent = _send(b_socket, room, "From Bea after the block")
    assert sent["ok"] is True
    assert [m["id"] for m in s_socket.received("new_message")] == [sent["message"]["id"]]
    assert a_socket.received("new_message") == []
    history = a_socket.emit("sync", {"room_id": room.id, "after_id": 0})
    assert history["ok"] and history["messages"] == []
    assert b_socket.emit("typing", {"room_id": room.id})["ok"]
    assert a_socket.received("typing") == []
    assert [t["member"]["id"] for t in s_socket.received("typing")] == [b.id]


def test_suspension_closes_the_members_chat_sockets(app, chat_socket):
    a, b, room = _pair()
    socket = chat_socket(b)
    admin = factories.clinician("Ada Admin", role="admin")
    accounts.suspend(admin, b.id, "Spam")
    assert not socket.connected


def test_each_event_reads_its_members_account_again(app, chat_socket):
    """A socket keeps the User made of its member's row between events only while the row
    is the same: a new role is seen at the next event, and a suspension or a new password
    refuses it (here written straight to the database, as if the closing of the socket had
    been lost on the way)."""
    a, b, room = _pair()
    socket = chat_socket(a)
    environ = socketio.server.environ[socket.sc.eio_sid]

    def member():
        return environ[accounts._SOCKET_MEMBER][1]

    assert _send(socket, room, "One")["ok"]
    first = member()
    assert _send(socket, room, "Two")["ok"] and member() is first  # the row is the same
    db.session.execute(update(User).where(User.id == a.id).values(role="moderator"))
    db.session.commit()
    assert _send(socket, room, "Three")["ok"]
    assert member() is not first and member().role == "moderator" and member().id == a.id
    for change in ({"suspended_at": utcnow()}, {"session_nonce": "another"}):
        db.session.execute(update(User).where(User.id == a.id).values(change))
        db.session.commit()
        refused = _send(socket, room, "Not sent")
        assert refused["ok"] is False and refused["error"]["code"] == 401, change
        db.session.execute(update(User).where(User.id == a.id).values(
            suspended_at=None, session_nonce=a.session_nonce))
        db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Message).where(
        Message.body == "Not sent")) == 0


def _notifications_socket(app, **kwargs):
    return contextvars.Context().run(socketio.test_client, app, namespace="/notifications",
                                     flask_test_client=app.test_client(), **kwargs)


def test_revoking_a_token_closes_every_socket_it_opened_at_once(app, client, auth,
                                                                 chat_socket):
    """On every namespace, whether the token came in the `auth` payload or the header; the
    member's sockets opened by another token or by the cookie stay open. The account page
    and the API revoke alike."""
    a, _, room = _pair()
    revoked, token = accounts.create_api_token(email=a.email, password=factories.PASSWORD,
                                               name="revoked on the page")
    other, other_token = accounts.create_api_token(email=a.email, password=factories.PASSWORD,
                                                   name="revoked over the API")
    revoked_id, other_id = revoked.id, other.id
    by_payload = chat_socket(auth={"token": token})
    by_header = chat_socket(headers={"Authorization": f"Bearer {token}"})
    notifications = _notifications_socket(app, auth={"token": token})
    by_other = chat_socket(auth={"token": other_token})
    other_notifications = _notifications_socket(
        app, headers={"Authorization": f"Bearer {other_token}"})
    by_cookie = chat_socket(a)
    assert by_payload.connected and by_header.connected and by_other.connected
    assert notifications.is_connected("/notifications")
    assert other_notifications.is_connected("/notifications")

    auth.login(a.email)
    assert auth.post(f"/account/tokens/{revoked_id}/revoke").status_code == 302
    assert not by_payload.connected and not by_header.connected
    assert not notifications.is_connected("/notifications")
    assert by_other.connected and other_notifications.is_connected("/notifications")
    assert by_cookie.connected and _send(by_cookie, room, "Still here")["ok"]
    assert not chat_socket(auth={"token": token}).connected

    response = client.delete(f"/api/v1/auth/tokens/{other_id}",
                             headers={"Authorization": f"Bearer {other_token}"})
    assert response.status_code == 204
    assert not by_other.connected and not other_notifications.is_connected("/notifications")
    assert by_cookie.connected


def test_signing_out_closes_the_members_chat_sockets(app, auth, chat_socket):
    a, b, room = _pair()
    mine, theirs = chat_socket(a), chat_socket(b)
    auth.login(a.email)
    assert auth.post("/logout").status_code == 302
    assert not mine.connected and theirs.connected


def test_the_navigation_socket_hears_the_chat_unread_count_change(app, chat_socket):
    """Every page's /notifications socket (the nav's bell) also keeps the chat badge: one
    more unread for each new message of someone else, the total after a read; a resend
    counts nothing more, and the author's own message nothing."""
    a, b, room = _pair()
    theirs = _notifications_socket(app, auth={"token": accounts.create_api_token(
        email=b.email, password=factories.PASSWORD, name="nav")[1]})
    mine = _notifications_socket(app, auth={"token": accounts.create_api_token(
        email=a.email, password=factories.PASSWORD, name="nav")[1]})

    def heard(socket):
        return [packet["args"][0] for packet in socket.get_received("/notifications")
                if packet["name"] == "chat_unread"]

    sent = _send(chat_socket(a), room, "Are you free Tuesday?", client_id="nav-1")["message"]
    assert heard(theirs) == [{"room_id": room.id, "message_id": sent["id"]}]
    assert _send(chat_socket(a), room, "Are you free Tuesday?", client_id="nav-1")["ok"]
    assert heard(theirs) == [] and heard(mine) == []
    assert chat_socket(b).emit("read", {"room_id": room.id, "message_id": sent["id"]})["ok"]
    assert heard(theirs) == [{"room_id": room.id, "unread": 0, "unread_total": 0}]

    later = _send(chat_socket(a), room, "Or Wednesday?", client_id="nav-2")["message"]
    assert heard(theirs) == [{"room_id": room.id, "message_id": later["id"]}]
    author = chat_socket(a)
    assert author.emit("delete", {"message_id": later["id"]})["ok"]  # unread: one less
    assert heard(theirs) == [{"room_id": room.id, "message_id": later["id"], "change": -1}]
    assert author.emit("delete", {"message_id": sent["id"]})["ok"]  # read already: no change
    assert heard(theirs) == [] and heard(mine) == []
    assert chat.unread_counts(b.id, [room.id]) == {}


def test_edit_and_delete_own_messages_only(app, chat_socket):
    a, b, room = _pair()
    mine, theirs = chat_socket(a), chat_socket(b)
    message = _send(mine, room, "Tpyo")["message"]
    not_mine = theirs.emit("edit", {"message_id": message["id"], "body": "Hijacked"})
    assert not_mine["ok"] is False and not_mine["error"]["code"] == 404
    assert theirs.emit("delete", {"message_id": message["id"]})["error"]["code"] == 404
    theirs.received()
    edited = mine.emit("edit", {"message_id": message["id"], "body": "Typo"})
    assert edited["ok"] and edited["message"]["edited_at"] is not None
    assert [m["body"] for m in theirs.received("message_edited")] == ["Typo"]
    deleted = mine.emit("delete", {"message_id": message["id"]})
    assert deleted["ok"] and deleted["message"]["body"] is None
    assert [m["deleted"] for m in theirs.received("message_deleted")] == [True]
    synced = theirs.emit("sync", {"room_id": room.id, "after_id": 0})["messages"]
    assert synced[0]["deleted"] is True and synced[0]["body"] is None and synced[0]["html"] is None


def test_read_markers_and_unread_counts(app, chat_socket):
    a, b, room = _pair()
    first, second = (factories.chat_message(b, room, text) for text in ("One", "Two"))
    mine = chat_socket(a)
    assert mine.emit("join", {"room_id": room.id})["room"]["unread"] == 2
    ack = mine.emit("read", {"room_id": room.id, "message_id": first.id})
    assert ack["ok"] and ack["unread"] == 1 and ack["unread_total"] == 1
    assert mine.received("room_read")[-1]["last_read_message_id"] == first.id
    mine.emit("read", {"room_id": room.id, "message_id": second.id})
    back = mine.emit("read", {"room_id": room.id, "message_id": first.id})
    assert back["last_read_message_id"] == second.id and back["unread"] == 0  # never back
    elsewhere = factories.chat_message(a, factories.direct_room(a, factories.clinician("Di")), "x")
    wrong = mine.emit("read", {"room_id": room.id, "message_id": elsewhere.id})
    assert wrong["ok"] is False and wrong["error"]["code"] == 404


def test_presence_and_typing(app, chat_socket):
    a, b, room = _pair()
    mine = chat_socket(a)
    assert mine.emit("join", {"room_id": room.id})["room"]["online"] == [a.id]
    theirs = chat_socket(b)
    assert mine.received("presence") == [{"user_id": b.id, "online": True}]
    assert sorted(mine.emit("join", {"room_id": room.id})["room"]["online"]) == sorted([a.id, b.id])
    assert theirs.emit("typing", {"room_id": room.id})["ok"]
    assert [t["member"]["display_name"] for t in mine.received("typing")] == ["Ben Bay"]
    theirs.close()
    assert mine.received("presence") == [{"user_id": b.id, "online": False}]


def test_a_mention_notifies_the_member_named(app, chat_socket):
    a, b, room = _pair()
    _send(chat_socket(a), room, "What do you think, @ben bay?")
    note = db.session.scalar(select(Notification).where(Notification.user_id == b.id))
    assert note.kind == "chat_mention" and note.link == f"/chat/{room.id}"
    assert "mentioned you" in note.message and "think" not in note.message
    assert db.session.scalar(select(func.count()).select_from(Notification)
                             .where(Notification.user_id == a.id,
                                    Notification.kind == "chat_mention")) == 0


def test_the_namespace_is_registered(app):
    assert NAMESPACE in socketio.server.namespace_handlers


def test_a_socket_reads_the_session_cookie_once_and_is_its_member_at_every_event(
        app, chat_socket, monkeypatch):
    """The cookie's signature is checked when the socket starts, not again at each event
    (Flask-SocketIO holds the session's copy); the events still act as the member, and a
    session ended meanwhile still ends the socket (test_signing_out_closes_...)."""
    from flask.sessions import SecureCookieSessionInterface

    a, b, room = _pair()
    mine = chat_socket(a)  # signed in with the session cookie
    reads = []
    real = SecureCookieSessionInterface.get_signing_serializer
    monkeypatch.setattr(SecureCookieSessionInterface, "get_signing_serializer",
                        lambda self, app: reads.append(1) or real(self, app))
    for n in range(3):
        ack = _send(mine, room, f"Note {n}", client_id=f"cookie-{n}")
        assert ack["ok"] and ack["message"]["author"]["id"] == a.id
    assert reads == []
