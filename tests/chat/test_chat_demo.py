"""The demo community has conversations: Maya finds two, with unread messages, and every
demo conversation is open (its members are connected with the one who started it)."""

from sqlalchemy import select

from peerlink.accounts.models import User
from peerlink.chat import services
from peerlink.chat.models import Room
from peerlink.demo.chat import DEMO_CONVERSATIONS
from peerlink.demo.seed import demo_email, seed_demo
from peerlink.extensions import db


def test_demo_conversations_are_open_with_unread_messages(app):
    seed_demo()
    maya = db.session.scalar(select(User).where(User.email == demo_email("maya.okafor")))
    rooms = services.list_rooms(maya)
    assert len(rooms) == 2
    assert [room.unread for room in rooms] == [1, 2]
    assert all(room.may_post for room in rooms)
    for room in db.session.scalars(select(Room)):
        assert len(services.readers(room)) >= 2
    assert db.session.scalar(select(Room.id).order_by(Room.id.desc())) == len(DEMO_CONVERSATIONS)
    messages, has_more = services.messages(maya, rooms[1].id)  # with Eleanor
    assert not has_more and "https://example.org/ce-notes" in messages[-2].html
