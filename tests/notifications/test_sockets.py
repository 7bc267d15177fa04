from peerlink.extensions import db
from peerlink.notifications import services
from tests import factories


def events(sc, name="notification"):
    return [packet["args"][0] for packet in sc.get_received("/notifications")
            if packet["name"] == name]


def test_anonymous_sockets_are_refused(socket_client):
    sc = socket_client()
    assert not sc.is_connected("/notifications")


def test_member_gets_their_notifications_live_and_only_theirs(app, socket_client, logged_in):
    sc = socket_client()
    assert sc.is_connected("/notifications")
    other = factories.make_user()
    services.notify(other.id, "connection_accepted", "Not for you")
    mine = services.notify(logged_in.id, "connection_accepted",
                           "Dr. Reyes accepted your request", link="/x")
    assert events(sc) == []  # nothing is sent before the commit
    db.session.commit()
    received = events(sc)
    assert [n["message"] for n in received] == ["Dr. Reyes accepted your request"]
    assert received[0]["id"] == mine.id and received[0]["read"] is False


def test_mark_read_acks_and_validates(socket_client, logged_in):
    sc = socket_client()
    note = services.notify(logged_in.id, "connection_accepted", "Hello")
    db.session.commit()
    assert sc.emit("unread_count", {}, namespace="/notifications", callback=True) == {
        "ok": True, "unread": 1}
    bad = sc.emit("mark_read", {"id": "seven"}, namespace="/notifications", callback=True)
    assert bad["ok"] is False and bad["error"]["code"] == 422
    assert "id" in bad["error"]["errors"]
    for beyond in (2**40, 10**20, 0):  # ids no table holds: a field error, not a crash
        bad = sc.emit("mark_read", {"id": beyond}, namespace="/notifications", callback=True)
        assert bad["ok"] is False and bad["error"]["code"] == 422 and "id" in bad["error"]["errors"]
    ok = sc.emit("mark_read", {"id": note.id}, namespace="/notifications", callback=True)
    assert ok == {"ok": True, "unread": 0}


def test_cannot_mark_someone_elses_notification(socket_client, logged_in):
    other = factories.make_user()
    theirs = services.notify(other.id, "connection_accepted", "Private")
    db.session.commit()
    sc = socket_client()
    ack = sc.emit("mark_read", {"id": theirs.id}, namespace="/notifications", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == 404
    assert services.unread_count(other.id) == 1


def test_notifications_page_lists_and_marks_read(client, auth, logged_in):
    services.notify(logged_in.id, "connection_accepted", "A peer wants to connect")
    db.session.commit()
    page = client.get("/notifications/").get_data(as_text=True)
    assert "A peer wants to connect" in page
    auth.post("/notifications/read")
    assert services.unread_count(logged_in.id) == 0
