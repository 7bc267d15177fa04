"""Opening the notifications page reads what it shows, and every open tab hears the new
unread count (the `unread` event, after the commit); so do marking one or all as read."""

from peerlink.extensions import db
from peerlink.notifications import services
from tests import factories


def unread_events(sc) -> list[int]:
    return [packet["args"][0]["unread"] for packet in sc.get_received("/notifications")
            if packet["name"] == "unread"]


def notify(user, message: str):
    note = services.notify(user.id, "connection_accepted", message)
    db.session.commit()
    return note


def test_opening_the_page_marks_what_it_shows_read_and_pushes_the_count(
        client, logged_in, socket_client):
    notify(logged_in, "Ana Alvarez accepted your connection request.")
    notify(logged_in, "Ben Brooks accepted your connection request.")
    sc = socket_client()
    sc.get_received("/notifications")  # what came before the visit
    assert services.unread_count(logged_in.id) == 2

    page = client.get("/notifications/").get_data(as_text=True)
    # The page still says which were new on this visit ...
    assert page.count("data-new") == 2 and page.count(" · new") == 2
    assert "Ana Alvarez accepted" in page and "Ben Brooks accepted" in page
    # ... and they are read now, in every tab.
    assert services.unread_count(logged_in.id) == 0
    assert unread_events(sc) == [0]
    assert 'data-unread-count hidden' in client.get("/home").get_data(as_text=True)

    again = client.get("/notifications/").get_data(as_text=True)
    assert "data-new" not in again and "Ana Alvarez accepted" in again
    assert unread_events(sc) == []  # nothing changed: nothing to tell


def test_the_page_reads_only_what_it_shows(client, logged_in, socket_client):
    oldest = services.notify(logged_in.id, "connection_accepted", "The oldest, beyond the page.")
    for n in range(50):  # the page shows the latest 50
        services.notify(logged_in.id, "connection_accepted", f"Accepted, number {n}.")
    db.session.commit()
    sc = socket_client()
    sc.get_received("/notifications")
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count("data-new") == 50 and "The oldest" not in page
    assert unread_events(sc) == [1]
    db.session.refresh(oldest)
    assert oldest.read_at is None


def test_marking_read_pushes_the_new_count(client, auth, logged_in, socket_client):
    first = notify(logged_in, "One")
    notify(logged_in, "Two")
    notify(logged_in, "Three")
    sc = socket_client()
    sc.get_received("/notifications")

    ack = sc.emit("mark_read", {"id": first.id}, namespace="/notifications", callback=True)
    assert ack == {"ok": True, "unread": 2}
    assert unread_events(sc) == [2]

    assert auth.post("/notifications/read").status_code == 302
    assert unread_events(sc) == [0]
    assert services.unread_count(logged_in.id) == 0


def test_the_count_goes_only_to_the_members_own_room(client, logged_in, socket_client):
    other = factories.make_user()
    notify(other, "Not yours")
    sc = socket_client()
    sc.get_received("/notifications")
    services.mark_all_read(other.id)
    assert unread_events(sc) == []
