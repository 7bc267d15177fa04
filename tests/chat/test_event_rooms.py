"""Each CE event's lounge: made with the event, read by the members going to it or who
attended it (and its organizer), the same "no such conversation" for everyone else on the
page, the API and the socket; marking oneself not going takes one out at once; read-only
LOUNGE_OPEN_FOR after the event ends; its organizer removes messages with a reason."""

import threading
import time
from datetime import timedelta

from sqlalchemy import func, select, text

from peerlink.accounts.models import User
from peerlink.chat import services as chat
from peerlink.chat.models import Message, Room
from peerlink.events import services as events
from peerlink.extensions import db
from tests.factories import PASSWORD, attend, bearer, clinician, make_event, make_user

DAY_HOURS = 24


def _room(event) -> Room:
    return db.session.scalar(select(Room).where(Room.kind == "event", Room.ref_id == event.id))


def _summit(**fields):
    organizer = clinician("Olga Organizer", role="organizer")
    event = make_event(organizer, title="Trauma Summit 2026", **fields)
    going, outsider = clinician("Gia Going"), clinician("Omar Outsider")
    events.set_attendance(going, event.id, "going")
    return event, organizer, going, outsider


def test_an_event_gets_its_lounge_when_it_is_made(app):
    event, *_ = _summit()
    room = _room(event)
    assert room is not None and room.key == f"event:{event.id}"


def test_going_members_talk_and_everyone_else_reads_no_such_conversation(
        app, client, auth, chat_socket):
    event, organizer, going, outsider = _summit()
    attendee = clinician("Ada Attended")
    attend(attendee, event)
    room = _room(event)
    mine, theirs = chat_socket(going), chat_socket(attendee)
    stranger = chat_socket(outsider)
    assert mine.emit("join", {"room_id": room.id})["ok"] is True
    ack = mine.emit("send", {"room_id": room.id, "body": "Which track are you on?",
                             "client_id": "l-1"})
    assert ack["ok"] is True
    assert [m["body"] for m in theirs.received("new_message")] == ["Which track are you on?"]
    assert stranger.received("new_message") == []

    missing = stranger.emit("join", {"room_id": room.id + 1000})
    refused = stranger.emit("join", {"room_id": room.id})
    assert refused["ok"] is False and refused["error"] == missing["error"]
    assert refused["error"]["code"] == 404
    assert stranger.emit("send", {"room_id": room.id, "body": "hi",
                                  "client_id": "x"})["ok"] is False

    api = client.get(f"/api/v1/rooms/{room.id}/messages", headers=bearer(client, outsider))
    none = client.get(f"/api/v1/rooms/{room.id + 1000}/messages",
                      headers=bearer(client, outsider))
    assert api.status_code == none.status_code == 404
    assert api.get_json()["message"] == none.get_json()["message"]
    assert "track" not in api.get_data(as_text=True)
    rooms = client.get("/api/v1/rooms", headers=bearer(client, going)).get_json()
    assert [r["title"] for r in rooms if r["id"] == room.id] == ["Trauma Summit 2026 lounge"]
    assert "track" in str(client.get(f"/api/v1/rooms/{room.id}/messages",
                                     headers=bearer(client, going)).get_json())

    auth.login(outsider.email, PASSWORD)
    page = client.get(f"/chat/{room.id}")
    assert page.status_code == 404 and "track" not in page.get_data(as_text=True)
    assert "No such conversation." in page.get_data(as_text=True)
    assert auth.post(f"/events/{event.id}/lounge").status_code == 404
    auth.logout()
    auth.login(going.email, PASSWORD)
    assert "Which track are you on?" in client.get(f"/chat/{room.id}").get_data(as_text=True)


def test_unconfirmed_and_suspended_members_are_not_in_the_lounge(app):
    event, organizer, going, _ = _summit()
    admin = clinician("Alma Admin", role="admin")
    unconfirmed = make_user(name="Una Unconfirmed", confirmed=False)
    events.set_attendance(unconfirmed, event.id, "going")
    from peerlink.accounts import services as accounts

    accounts.suspend(admin, going.id, "Spam")
    assert events.lounge_readers(event.id) == {organizer.id}


def test_marking_oneself_not_going_takes_one_out_at_once(app, chat_socket):
    event, organizer, going, _ = _summit()
    room = _room(event)
    listening = chat_socket(going)
    assert listening.emit("join", {"room_id": room.id})["ok"] is True
    events.set_attendance(going, event.id, None)
    ack = chat_socket(organizer).emit("send", {"room_id": room.id, "body": "After you left",
                                               "client_id": "l-2"})
    assert ack["ok"] is True
    assert listening.received("new_message") == []
    assert listening.emit("join", {"room_id": room.id})["ok"] is False
    assert listening.emit("sync", {"room_id": room.id, "after_id": 0})["ok"] is False


def test_the_lounge_is_read_only_a_while_after_the_event(app, chat_socket):
    open_days = events.LOUNGE_OPEN_FOR.days
    ended_long_ago = -(open_days + 1) * DAY_HOURS - 8
    old, _, going, _ = _summit(starts_in_hours=ended_long_ago)
    socket = chat_socket(going)
    room = _room(old)
    assert socket.emit("join", {"room_id": room.id})["ok"] is True
    refused = socket.emit("send", {"room_id": room.id, "body": "Still here?",
                                   "client_id": "l-3"})
    assert refused["ok"] is False and refused["error"]["code"] == 403
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0

    recent = make_event(clinician("Rita Recent", role="organizer"), title="Recent",
                        starts_in_hours=-(open_days - 1) * DAY_HOURS)
    events.set_attendance(going, recent.id, "attended")
    assert socket.emit("send", {"room_id": _room(recent).id, "body": "Slides anyone?",
                                "client_id": "l-4"})["ok"] is True
    assert events.lounge_open(recent, now=recent.ends_at + events.LOUNGE_OPEN_FOR)
    assert not events.lounge_open(
        recent, now=recent.ends_at + events.LOUNGE_OPEN_FOR + timedelta(seconds=1))


def test_a_closed_lounge_says_why_it_is_read_only(app, client, auth):
    open_days = events.LOUNGE_OPEN_FOR.days
    old, _, going, _ = _summit(starts_in_hours=-(open_days + 1) * DAY_HOURS - 8)
    auth.login(going.email, PASSWORD)
    page = client.get(f"/chat/{_room(old).id}").get_data(as_text=True)
    assert f"This lounge closed {open_days} days after the event ended." in page
    assert 'id="composer"' not in page
    auth.logout()
    recent, _, going, _ = _summit()
    auth.login(going.email, PASSWORD)
    page = client.get(f"/chat/{_room(recent).id}").get_data(as_text=True)
    assert "This lounge closed" not in page and 'id="composer"' in page


def test_the_chat_page_offers_removing_messages_to_the_organizer_only(app, client, auth):
    event, organizer, going, _ = _summit()
    auth.login(going.email, PASSWORD)
    assert "data-may-moderate" not in client.get(f"/chat/{_room(event).id}").get_data(as_text=True)
    auth.logout()
    auth.login(organizer.email, PASSWORD)
    assert "data-may-moderate" in client.get(f"/chat/{_room(event).id}").get_data(as_text=True)


def test_the_organizer_removes_a_message_with_a_reason(app, client, chat_socket):
    event, organizer, going, _ = _summit()
    room = _room(event)
    ack = chat_socket(going).emit("send", {"room_id": room.id, "body": "Buy my course",
                                           "client_id": "l-5"})
    message_id = ack["message"]["id"]
    other = clinician("Gus Going")
    events.set_attendance(other, event.id, "going")
    assert client.delete(f"/api/v1/messages/{message_id}?reason=Advertising",
                         headers=bearer(client, other)).status_code == 404
    no_reason = client.delete(f"/api/v1/messages/{message_id}",
                              headers=bearer(client, organizer))
    assert no_reason.status_code == 422
    removed = client.delete(f"/api/v1/messages/{message_id}?reason=Advertising",
                            headers=bearer(client, organizer))
    assert removed.status_code == 200
    stored = db.session.get(Message, message_id)
    assert stored.deleted_at is not None and stored.removed_reason == "Advertising"


def test_the_event_page_offers_the_lounge_to_its_readers_only(app, client, auth):
    event, organizer, going, outsider = _summit()
    room = _room(event)
    auth.login(going.email, PASSWORD)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "data-event-lounge" in page and f'href="/chat/{room.id}"' in page
    auth.logout()
    auth.login(outsider.email, PASSWORD)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "data-event-lounge" not in page and f"/chat/{room.id}" not in page


def test_an_event_older_than_lounges_gets_one_when_first_opened(app, client, auth):
    event, organizer, going, _ = _summit()
    db.session.delete(_room(event))
    db.session.commit()
    auth.login(going.email, PASSWORD)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert f'action="/events/{event.id}/lounge"' in page
    response = auth.post(f"/events/{event.id}/lounge")
    room = _room(event)
    assert response.status_code == 302 and response.location.endswith(f"/chat/{room.id}")
    assert auth.post(f"/events/{event.id}/lounge").location.endswith(f"/chat/{room.id}")
    assert db.session.scalar(select(func.count()).select_from(Room)
                             .where(Room.kind == "event")) == 1


def _wait_until_another_transaction_waits(timeout: float = 10) -> None:
    """PostgreSQL: until a backend waits on a lock (the other member's insert waiting for
    ours). SQLite says nothing of its waiters: give the other thread a moment to reach its
    write, which waits for our commit (or, before the fix, fails once it is made)."""
    if db.engine.dialect.name != "postgresql":
        time.sleep(0.5)
        return
    deadline = time.monotonic() + timeout
    with db.engine.connect() as watcher:
        while time.monotonic() < deadline:
            if watcher.execute(text("SELECT count(*) FROM pg_stat_activity "
                                    "WHERE wait_event_type = 'Lock'")).scalar():
                return
            watcher.rollback()
            time.sleep(0.05)
    raise AssertionError("the other member's transaction never waited for ours")


def test_two_members_opening_an_old_events_lounge_at_once_make_one_room(app):
    """One member's transaction has made the lounge and not committed yet when another
    opens it: the second waits, then finds the same room; no error, no second room."""
    event, organizer, going, _ = _summit()
    other = clinician("Otto Other")
    events.set_attendance(other, event.id, "going")
    db.session.delete(_room(event))
    db.session.commit()
    event_id, other_id, opened = event.id, other.id, {}

    def open_as_the_other():
        with app.app_context():
            try:
                opened["room_id"] = events.open_lounge(db.session.get(User, other_id),
                                                       event_id).id
            except Exception as exc:  # reported below, not lost in the thread
                opened["error"] = exc
            finally:
                db.session.remove()

    first = chat.open_room("event", event_id)  # as open_lounge does, not committed yet
    thread = threading.Thread(target=open_as_the_other)
    thread.start()
    try:
        _wait_until_another_transaction_waits()
    finally:
        db.session.commit()
        thread.join(30)
    assert "error" not in opened, repr(opened.get("error"))
    assert opened["room_id"] == first.id
    assert db.session.scalar(select(func.count()).select_from(Room)
                             .where(Room.kind == "event", Room.ref_id == event_id)) == 1


def test_a_resend_after_the_lounge_closed_gets_its_stored_message_back(app, chat_socket):
    """The first answer was lost and the lounge closed before the client sent again: the
    message is stored, so the resend is answered with it, not with "read-only"."""
    event, _, going, _ = _summit(starts_in_hours=-2)
    socket, room = chat_socket(going), _room(event)
    payload = {"room_id": room.id, "body": "Thanks for the slides", "client_id": "late-1"}
    first = socket.emit("send", payload)
    assert first["ok"] is True
    closed = events.LOUNGE_OPEN_FOR + timedelta(days=1)
    event.starts_at -= closed
    event.ends_at -= closed
    db.session.commit()
    assert socket.emit("send", {**payload, "client_id": "late-2"})["error"]["code"] == 403
    again = socket.emit("send", payload)
    assert again["ok"] is True and again["message"]["id"] == first["message"]["id"]
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_the_lounge_names_only_whom_the_attendee_list_shows(app, chat_socket):
    """Ada reads the lounge but keeps off the attendee list: Gia does not see her named
    among its members (she is, once she writes); the organizer is."""
    event, organizer, going, _ = _summit()
    quiet = clinician("Ada Quiet")
    events.set_attendance(quiet, event.id, "going", show_on_attendee_list=False)
    room = _room(event)
    joined = chat_socket(going).emit("join", {"room_id": room.id})
    assert joined["ok"] is True
    assert [card["display_name"] for card in joined["room"]["members"]] == ["Olga Organizer"]
    assert quiet.id in chat.readers(room)  # she still reads it
    events.set_attendance(quiet, event.id, "going", show_on_attendee_list=True)
    joined = chat_socket(going).emit("join", {"room_id": room.id})
    names = [card["display_name"] for card in joined["room"]["members"]]
    assert names == ["Ada Quiet", "Olga Organizer"]


def test_who_sees_an_attendee_named_is_the_inverse_of_whom_each_sees(app):
    """`listed_to` (who hears a member's presence through the lounge) answers, for every
    pair of readers, exactly what `listed_members` (whom a viewer sees named) does: the
    attendee list's rule, read from either side."""
    from peerlink.chat.rooms import room_kind
    from tests.factories import block, connect

    event, organizer, going, _ = _summit()
    quiet = clinician("Ada Quiet")
    events.set_attendance(quiet, event.id, "going", show_on_attendee_list=False)
    private = clinician("Pia Private", visibility="connections")
    events.set_attendance(private, event.id, "going")
    friend = clinician("Fay Friend")
    events.set_attendance(friend, event.id, "going")
    connect(private, friend)
    blocker = clinician("Bo Blocker")
    events.set_attendance(blocker, event.id, "going")
    block(blocker, going)
    admin = clinician("Ann Admin", role="admin")
    events.set_attendance(admin, event.id, "going")
    room = _room(event)
    kind, room_readers = room_kind(room.kind), chat.readers(room)
    assert len(room_readers) == 7
    seen_by = {viewer: kind.listed_members(viewer, room, room_readers) - {viewer}
               for viewer in room_readers}
    for member in room_readers:
        hears = kind.listed_to(member, room, room_readers) - {member}
        assert hears == {viewer for viewer, shown in seen_by.items() if member in shown}
    assert kind.listed_to(quiet.id, room, room_readers) - {quiet.id} == set()
    assert kind.listed_to(private.id, room, room_readers) - {private.id} \
        == {friend.id, admin.id}
    assert going.id not in kind.listed_to(blocker.id, room, room_readers)
    assert kind.listed_to(organizer.id, room, room_readers) == room_readers

    # Outside the room too, the same rule: a suspended admin holds no role (has_role).
    from peerlink.db_types import utcnow
    from peerlink.events.attendees import viewers_seeing_attendee, visible_attendee_ids

    gone = clinician("Sue Suspended", role="admin")
    gone.suspended_at = utcnow()
    db.session.commit()
    assert private.id not in visible_attendee_ids(gone, event.id)
    assert viewers_seeing_attendee(private.id, event.id, {gone.id, admin.id}) == {admin.id}


def _quiet_and_shown():
    """The summit with Ada going but off the attendee list, and Sam going on it:
    (event, Gia going, Ada, Sam)."""
    event, _, going, _ = _summit()
    quiet = clinician("Ada Quiet")
    events.set_attendance(quiet, event.id, "going", show_on_attendee_list=False)
    shown = clinician("Sam Shown")
    events.set_attendance(shown, event.id, "going")
    return event, going, quiet, shown


def test_a_member_off_the_attendee_list_is_not_announced_online_through_the_lounge(
        app, chat_socket):
    event, going, quiet, shown = _quiet_and_shown()
    watching = chat_socket(going)
    chat_socket(quiet)
    chat_socket(shown)
    assert watching.received("presence") == [{"user_id": shown.id, "online": True}]


def test_a_member_off_the_attendee_list_is_typing_only_to_whom_the_lounge_names_them(
        app, chat_socket):
    event, organizer, going, _ = _summit()
    quiet = clinician("Ada Quiet")
    events.set_attendance(quiet, event.id, "going", show_on_attendee_list=False)
    room = _room(event)
    watching, organizing = chat_socket(going), chat_socket(organizer)
    assert chat_socket(quiet).emit("typing", {"room_id": room.id})["ok"] is True
    assert watching.received("typing") == [] and organizing.received("typing") == []
    assert chat_socket(organizer).emit("typing", {"room_id": room.id})["ok"] is True
    assert [t["member"]["id"] for t in watching.received("typing")] == [organizer.id]


def test_the_phi_guard_does_not_tell_whether_a_hidden_member_reads_the_lounge(
        app, chat_socket):
    """Readers' names pass the PHI guard as colleagues': only those the author sees named in
    the lounge. A hidden member's name is held as any stranger's would be, so the guard does
    not reveal that they read it."""
    event, going, quiet, shown = _quiet_and_shown()
    room = _room(event)
    mine = chat_socket(going)
    named = mine.emit("send", {"room_id": room.id, "client_id": "n-1",
                               "body": "I met with Sam Shown about the programme"})
    assert named["ok"] is True
    hidden = mine.emit("send", {"room_id": room.id, "client_id": "n-2",
                                "body": "I met with Ada Quiet about the programme"})
    stranger = mine.emit("send", {"room_id": room.id, "client_id": "n-3",
                                  "body": "I met with Ida Nobody about the programme"})
    assert hidden["ok"] is False and stranger["ok"] is False
    assert hidden["error"]["code"] == stranger["error"]["code"] == 422
    assert [f["category"] for f in hidden["error"]["findings"]["body"]] == ["name"]
    theirs = chat_socket(quiet).emit("send", {"room_id": room.id, "client_id": "n-4",
                                              "body": "Ada Quiet here, and Sam Shown too"})
    assert theirs["ok"] is True  # her own name, and one she sees listed
