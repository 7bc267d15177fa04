"""The demo community has conversations: Maya finds two, with unread messages, and every
demo conversation is open (its members are connected with the one who started it); her
groups' rooms are there too, two with history."""

from sqlalchemy import select

from peerlink.accounts.models import User
from peerlink.chat import services
from peerlink.chat.models import DIRECT, Room
from peerlink.demo.chat import DEMO_CONVERSATIONS
from peerlink.demo.groups import GROUP_CHAT
from peerlink.demo.seed import demo_email, seed_demo
from peerlink.extensions import db


def test_demo_conversations_are_open_with_unread_messages(app):
    seed_demo()
    maya = db.session.scalar(select(User).where(User.email == demo_email("maya.okafor")))
    every_room = services.list_rooms(maya)
    rooms = [room for room in every_room if room.kind == DIRECT]
    assert len(rooms) == 2
    assert [room.unread for room in rooms] == [1, 2]
    assert all(room.may_post for room in rooms)
    for room in db.session.scalars(select(Room)):
        assert len(services.readers(room)) >= 2
    direct = select(Room.id).where(Room.kind == DIRECT).order_by(Room.id.desc())
    assert db.session.scalar(direct) == len(DEMO_CONVERSATIONS)
    talked = [room for room in every_room if room.kind == "group" and room.last_message_id]
    assert {room.title for room in talked} == set(GROUP_CHAT)
    messages, has_more = services.messages(maya, rooms[1].id)  # with Eleanor
    assert not has_more and "https://example.org/ce-notes" in messages[-2].html


def test_demo_events_have_lounges_two_with_history(app):
    from peerlink.demo.events import EVENTS, LOUNGE_CHAT
    from peerlink.events.models import Event

    seed_demo()
    lounges = db.session.scalars(select(Room).where(Room.kind == "event")).all()
    assert len(lounges) == len(EVENTS)
    kevin = db.session.scalar(select(User).where(User.email == demo_email("kevin.castellano")))
    rooms = {room.title: room for room in services.list_rooms(kevin) if room.kind == "event"}
    assert {f"{title} lounge" for title in LOUNGE_CHAT} <= set(rooms)
    assert rooms["Ethics in Telehealth lounge"].may_post  # ended 20 days ago: still open
    assert not rooms["Trauma Summit 2026 lounge"].may_post  # 45 days ago: read-only
    for title, lines in LOUNGE_CHAT.items():
        event_id = db.session.scalar(select(Event.id).where(Event.title == title))
        room = services.owned_room("event", event_id)
        messages, _ = services.messages(kevin, room.id)
        assert [m.body for m in messages] == [text for *_, text in lines]
