"""The send path asks for a room's readers once: the rule (read, then post), the broadcast and
the @mentions share them. The rooms list asks once per room, the typing and edit paths once."""

import uuid

import pytest
from sqlalchemy import func, select

from peerlink.chat import services
from peerlink.chat.rooms import DirectRooms
from peerlink.extensions import db
from peerlink.groups.rooms import GroupRooms, group_room_id
from peerlink.notifications.models import Notification
from tests import factories


@pytest.fixture
def reader_calls(monkeypatch):
    calls = []
    for kind in (DirectRooms, GroupRooms):
        original = kind.readers

        def counted(self, room, original=original):
            calls.append(room.id)
            return original(self, room)

        monkeypatch.setattr(kind, "readers", counted)
    return calls


def _rooms():
    a, b = factories.clinician("Ann Arbor"), factories.clinician("Ben Bay")
    direct = factories.direct_room(a, b)
    group = factories.make_group(a, name="Sleep and mood")
    factories.add_member(group, b)
    return a, b, direct.id, group_room_id(group.id)


def test_a_send_asks_for_the_readers_once(app, reader_calls, chat_socket):
    a, b, direct, group = _rooms()
    theirs = chat_socket(b)
    for room_id in (direct, group):
        for body in ("Plain", "Thanks @Ben Bay"):
            reader_calls.clear()
            view, created = services.send(a, room_id, body, uuid.uuid4().hex)
            assert created and reader_calls == [room_id], body
    heard = theirs.received("new_message")
    assert [m["body"] for m in heard] == ["Plain", "Thanks @Ben Bay"] * 2
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == b.id, Notification.kind == "chat_mention")) == 2


def test_edit_delete_typing_and_the_rooms_list_ask_once_per_room(app, reader_calls):
    a, _, direct, group = _rooms()
    message, _ = services.send(a, direct, "First", "c-1")
    for call in (lambda: services.edit(a, message.id, "First, edited"),
                 lambda: services.typing(a, direct),
                 lambda: services.delete(a, message.id)):
        reader_calls.clear()
        call()
        assert reader_calls == [direct]
    reader_calls.clear()
    views = services.list_rooms(a)
    assert sorted(reader_calls) == sorted([direct, group])
    assert {view.id: view.may_post for view in views} == {direct: True, group: True}
