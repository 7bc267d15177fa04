"""The chat API: the same rules as the socket (it calls the same services)."""

import pytest
from sqlalchemy import func, select

from peerlink.chat.models import Message, Room
from peerlink.connections import blocks
from peerlink.extensions import db
from tests import factories


@pytest.fixture
def api(client):
    """Calls the API with a personal access token for the member named."""
    tokens = {}

    def call(method, path, who, **kwargs):
        if who.email not in tokens:
            response = client.post("/api/v1/auth/tokens",
                                   json={"email": who.email, "password": factories.PASSWORD})
            tokens[who.email] = response.get_json()["token"]
        headers = {"Authorization": f"Bearer {tokens[who.email]}"}
        return getattr(client, method)(path, headers=headers, **kwargs)

    return call


def test_start_a_conversation_with_connections_only(api, app):
    ana, ben, cy = (factories.clinician(name) for name in ("Ana Ames", "Ben Brook", "Cy Cole"))
    factories.connect(ana, ben)
    created = api("post", "/api/v1/rooms", ana, json={"member_ids": [ben.id]})
    assert created.status_code == 201
    assert created.get_json()["title"] == "Ben Brook"
    again = api("post", "/api/v1/rooms", ben, json={"member_ids": [ana.id]})
    assert again.get_json()["id"] == created.get_json()["id"]  # the same two, the same room
    stranger = api("post", "/api/v1/rooms", ana, json={"member_ids": [cy.id]})
    assert stranger.status_code == 403 and "member_ids" in stranger.get_json()["errors"]["json"]
    factories.block(cy, ana)
    blocked = api("post", "/api/v1/rooms", ana, json={"member_ids": [cy.id]})
    assert blocked.status_code == 404
    too_many = api("post", "/api/v1/rooms", ana, json={"member_ids": list(range(1, 10))})
    assert too_many.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Room)) == 1


def test_history_is_paged_by_cursor_in_id_order(api, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    sent = [factories.chat_message(ana if i % 2 else ben, room, f"Line {i}") for i in range(7)]
    newest = api("get", f"/api/v1/rooms/{room.id}/messages?limit=3", ana).get_json()
    assert [m["body"] for m in newest["messages"]] == ["Line 4", "Line 5", "Line 6"]
    assert newest["has_more"] is True
    older = api("get", f"/api/v1/rooms/{room.id}/messages?limit=3&before={sent[4].id}",
                ana).get_json()
    assert [m["id"] for m in older["messages"]] == [m.id for m in sent[1:4]]
    missed = api("get", f"/api/v1/rooms/{room.id}/messages?after={sent[4].id}", ana).get_json()
    assert [m["id"] for m in missed["messages"]] == [sent[5].id, sent[6].id]
    assert missed["has_more"] is False
    bad = api("get", f"/api/v1/rooms/{room.id}/messages?limit=1000", ana)
    assert bad.status_code == 422


def test_a_stranger_reads_as_no_such_room(api, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    factories.chat_message(ana, room, "Just between us")
    eve = factories.clinician("Eve Eaves")
    for method, suffix, body in (("get", "messages", None),
                                 ("post", "messages", {"body": "Hi", "client_id": "e1"}),
                                 ("post", "read", {"message_id": 1})):
        theirs = api(method, f"/api/v1/rooms/{room.id}/{suffix}", eve, json=body)
        none = api(method, f"/api/v1/rooms/{room.id + 99}/{suffix}", eve, json=body)
        assert theirs.status_code == none.status_code == 404
        assert theirs.get_json() == none.get_json()
        assert "between us" not in theirs.get_data(as_text=True)
    assert "between us" not in str(api("get", "/api/v1/rooms", eve).get_json())


def test_send_over_http_is_idempotent_and_read_markers_count(api, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    body = {"body": "Over HTTP", "client_id": "http-1"}
    first = api("post", f"/api/v1/rooms/{room.id}/messages", ana, json=body)
    second = api("post", f"/api/v1/rooms/{room.id}/messages", ana, json=body)
    assert first.status_code == second.status_code == 201
    assert first.get_json()["id"] == second.get_json()["id"]
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1
    rooms = api("get", "/api/v1/rooms", ben).get_json()
    assert [(r["id"], r["unread"]) for r in rooms] == [(room.id, 1)]
    read = api("post", f"/api/v1/rooms/{room.id}/read", ben,
               json={"message_id": first.get_json()["id"]})
    assert read.get_json() == {"room_id": room.id, "unread": 0, "unread_total": 0,
                               "last_read_message_id": first.get_json()["id"]}
    empty = api("post", f"/api/v1/rooms/{room.id}/messages", ana,
                json={"body": "  ", "client_id": "http-2"})
    assert empty.status_code == 422 and "body" in empty.get_json()["errors"]["json"]


def test_blocked_members_messages_are_left_out_of_history(api, app):
    sue, al, bea = (factories.clinician(name) for name in ("Sue Start", "Al Alpha", "Bea Beta"))
    room = factories.direct_room(sue, al, bea)
    factories.chat_message(bea, room, "Before the block")
    blocks.block(al, bea.id)
    factories.chat_message(bea, room, "After the block")
    factories.chat_message(sue, room, "From Sue")
    seen = api("get", f"/api/v1/rooms/{room.id}/messages", al).get_json()["messages"]
    assert [m["body"] for m in seen] == ["From Sue"]
    assert [r["unread"] for r in api("get", "/api/v1/rooms", al).get_json()] == [1]
    everything = api("get", f"/api/v1/rooms/{room.id}/messages", sue).get_json()["messages"]
    assert len(everything) == 3


def test_edit_and_delete_over_http(api, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    message = factories.chat_message(ana, room, "Draft")
    assert api("patch", f"/api/v1/messages/{message.id}", ben,
               json={"body": "Mine now"}).status_code == 404
    edited = api("patch", f"/api/v1/messages/{message.id}", ana, json={"body": "Final"})
    assert edited.status_code == 200 and edited.get_json()["body"] == "Final"
    assert api("delete", f"/api/v1/messages/{message.id}", ben).status_code == 404
    deleted = api("delete", f"/api/v1/messages/{message.id}", ana)
    assert deleted.get_json()["deleted"] is True and deleted.get_json()["body"] is None
    assert api("delete", f"/api/v1/messages/{message.id}", ana).status_code == 404
