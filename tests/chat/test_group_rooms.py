"""Each group's chat room: made with the group, for its active members only (page, API and
socket alike), named after the group, moderated by its owner and moderators."""

import pytest
from sqlalchemy import func, select

from peerlink.chat.models import Message, Room
from peerlink.extensions import db
from peerlink.groups import services as groups
from tests.factories import (
    PASSWORD,
    add_member,
    bearer,
    clinician,
    make_group,
)


def _room(group) -> Room:
    return db.session.scalar(select(Room).where(Room.kind == "group", Room.ref_id == group.id))


def _circle():
    owner, member, outsider = (clinician(name) for name in
                               ("Priya Owner", "Lena Member", "Omar Outsider"))
    group = make_group(owner, name="Perinatal psychiatry consult", visibility="private")
    add_member(group, member)
    return group, owner, member, outsider


def test_a_group_gets_its_room_when_it_is_made(app):
    group, *_ = _circle()
    room = _room(group)
    assert room is not None and room.key == f"group:{group.id}"


def test_members_talk_in_the_room_and_outsiders_get_not_found(app, client, chat_socket):
    group, owner, member, outsider = _circle()
    room = _room(group)
    mine, theirs, stranger = chat_socket(member), chat_socket(owner), chat_socket(outsider)
    ack = mine.emit("send", {"room_id": room.id, "body": "Anyone seen this dosing?",
                             "client_id": "g-1"})
    assert ack["ok"] is True
    assert [m["body"] for m in theirs.received("new_message")] == ["Anyone seen this dosing?"]
    assert stranger.received("new_message") == []
    refused = stranger.emit("join", {"room_id": room.id})
    assert refused["ok"] is False and refused["error"]["code"] == 404
    assert stranger.emit("send", {"room_id": room.id, "body": "hi",
                                  "client_id": "x"})["ok"] is False
    history = client.get(f"/api/v1/rooms/{room.id}/messages", headers=bearer(client, outsider))
    assert history.status_code == 404 and "dosing" not in history.get_data(as_text=True)
    mine_history = client.get(f"/api/v1/rooms/{room.id}/messages",
                              headers=bearer(client, member)).get_json()
    assert "dosing" in str(mine_history)
    rooms = client.get("/api/v1/rooms", headers=bearer(client, member)).get_json()
    assert [r["title"] for r in rooms if r["id"] == room.id] == ["Perinatal psychiatry consult"]


def test_a_removed_member_stops_reading_at_once(app, client, chat_socket):
    group, owner, member, _ = _circle()
    room = _room(group)
    listening = chat_socket(member)
    groups.remove_member(owner, group.id, member.id)
    ack = chat_socket(owner).emit("send", {"room_id": room.id, "body": "After you left",
                                           "client_id": "g-2"})
    assert ack["ok"] is True
    assert listening.received("new_message") == []
    assert listening.emit("join", {"room_id": room.id})["ok"] is False


@pytest.mark.parametrize("how", ["leaves", "is banned"])
def test_a_member_who_leaves_or_is_banned_stops_reading_at_once(app, chat_socket, how):
    """Also in an open group, where a banned member may still read the discussions."""
    group, owner, member, _ = _circle()
    room = _room(group)
    listening = chat_socket(member)
    assert listening.emit("join", {"room_id": room.id})["ok"] is True
    if how == "leaves":
        groups.leave(member, group.id)
    else:
        group.visibility = "open"
        db.session.commit()
        groups.ban_member(owner, group.id, member.id)
    ack = chat_socket(owner).emit("send", {"room_id": room.id, "body": "After you went",
                                           "client_id": f"g-{how}"})
    assert ack["ok"] is True
    assert listening.received("new_message") == []
    for event, data in (("join", {"room_id": room.id}),
                        ("sync", {"room_id": room.id, "after_id": 0}),
                        ("send", {"room_id": room.id, "body": "Still here?", "client_id": "x"})):
        refused = listening.emit(event, data)
        assert refused["ok"] is False and refused["error"]["code"] == 404


def test_a_circle_member_reads_but_posts_only_after_accepting_its_norms(app, chat_socket):
    owner, newcomer = clinician("Ada Owner"), clinician("Nia Newcomer")
    circle = make_group(owner, name="Burnout circle", kind="peer_support")
    add_member(circle, newcomer, norms_accepted=False)
    socket = chat_socket(newcomer)
    room = _room(circle)
    assert socket.emit("join", {"room_id": room.id})["ok"] is True
    refused = socket.emit("send", {"room_id": room.id, "body": "Hello", "client_id": "n-1"})
    assert refused["ok"] is False
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_moderators_remove_others_messages_with_a_reason(app, client, chat_socket):
    group, owner, member, _ = _circle()
    room = _room(group)
    ack = chat_socket(member).emit("send", {"room_id": room.id, "body": "Off topic",
                                            "client_id": "g-3"})
    message_id = ack["message"]["id"]
    removed = client.delete(f"/api/v1/messages/{message_id}?reason=Off+topic+here",
                            headers=bearer(client, owner))
    assert removed.status_code == 200
    stored = db.session.get(Message, message_id)
    assert stored.deleted_at is not None and stored.removed_reason == "Off topic here"


def test_the_group_page_links_its_chat_for_members_only(app, client, auth):
    group, owner, member, outsider = _circle()
    room = _room(group)
    auth.login(member.email, PASSWORD)
    assert f'href="/chat/{room.id}"' in client.get(f"/groups/{group.id}").get_data(as_text=True)
    auth.logout()
    auth.login(outsider.email, PASSWORD)
    assert f"/chat/{room.id}" not in client.get(f"/groups/{group.id}").get_data(as_text=True)


def test_a_group_deleted_with_its_last_member_takes_its_room(app, client):
    from peerlink.accounts import services as accounts

    owner = clinician("Solo Owner")
    group = make_group(owner, name="Alone")
    room_id = _room(group).id
    accounts.delete_account(owner, password=PASSWORD)
    assert db.session.get(Room, room_id) is None


def test_the_room_lists_every_member_not_only_those_who_opened_it(app, chat_socket):
    """Lena never opened the room: Priya still sees her among its members (and whether she
    is online), and nobody outside the group."""
    group, owner, member, outsider = _circle()
    room = _room(group)
    joined = chat_socket(owner).emit("join", {"room_id": room.id})
    assert joined["ok"] is True
    names = [card["display_name"] for card in joined["room"]["members"]]
    assert names == ["Lena Member"]
