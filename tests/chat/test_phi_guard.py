"""The PHI guard in chat, through the socket, the API and the page: in a direct or group
conversation flagged text waits for `confirm_deidentified`; in a room whose kind holds
de-identified text only (a consultation's) it is refused even then; clean text goes through
untouched; a colleague's @name is not a client's."""

import uuid

import pytest
from sqlalchemy import func, select

from peerlink.chat import rooms
from peerlink.chat.models import Message, Room, RoomMember
from peerlink.extensions import db
from tests import factories

FLAGGED = "My client John, DOB 3/14/87, asked me to call (617) 555-0143."
SPANS = {"John": "name", "3/14/87": "date", "(617) 555-0143": "phone"}
CLEAN = "Anyone tried ERP for contamination OCD with a teen? PHQ-9 went from 18 to 9."


class ConsultationLikeRooms:
    """A room kind that declares `deidentified_only`, as the consultations' will."""

    name = "phi_test"
    deidentified_only = True

    def readers(self, room):
        return set(db.session.scalars(select(RoomMember.user_id)
                                      .where(RoomMember.room_id == room.id)))

    def may_post(self, user_id, room):
        return True

    def may_moderate(self, user_id, room):
        return False

    def candidate_rooms(self, user_id):
        return (select(Room.id).join(RoomMember, RoomMember.room_id == Room.id)
                .where(Room.kind == self.name, RoomMember.user_id == user_id))

    def title(self, room):
        return "A consultation"


def _pair():
    a, b = factories.clinician("Ann Arbor"), factories.clinician("Ben Bay")
    return a, b, factories.direct_room(a, b)


@pytest.fixture
def strict_room(app, monkeypatch):
    monkeypatch.setitem(rooms._kinds, ConsultationLikeRooms.name, ConsultationLikeRooms())
    a, b = factories.clinician("Ann Arbor"), factories.clinician("Ben Bay")
    room = Room(kind=ConsultationLikeRooms.name, key=f"phi_test:{uuid.uuid4().hex[:8]}")
    db.session.add(room)
    db.session.flush()
    db.session.add_all(RoomMember(room_id=room.id, user_id=user.id) for user in (a, b))
    db.session.commit()
    return a, b, room


def _stored() -> int:
    return db.session.scalar(select(func.count()).select_from(Message))


def _assert_findings(findings: list, text: str = FLAGGED) -> None:
    found = {text[f["start"]:f["end"]]: f["category"] for f in findings}
    assert found == SPANS
    assert all(f["advice"] for f in findings)


def _send(socket, room, body, client_id=None, **extra):
    return socket.emit("send", {"room_id": room.id, "body": body,
                                "client_id": client_id or uuid.uuid4().hex, **extra})


# --- the socket -------------------------------------------------------------------------------


def test_a_flagged_message_waits_for_confirmation_on_the_socket(app, chat_socket):
    a, b, room = _pair()
    mine, theirs = chat_socket(a), chat_socket(b)
    ack = _send(mine, room, FLAGGED, "c-1")
    assert ack["ok"] is False
    error = ack["error"]
    assert error["code"] == 422 and error["confirmable"] is True
    assert set(error["errors"]) == {"body", "confirm_deidentified"}
    _assert_findings(error["findings"]["body"])
    assert "John" not in str(error["errors"]) + error["message"]
    assert _stored() == 0 and theirs.received("new_message") == []

    sent = _send(mine, room, FLAGGED, "c-1", confirm_deidentified=True)
    assert sent["ok"] is True and sent["message"]["body"] == FLAGGED
    assert [m["body"] for m in theirs.received("new_message")] == [FLAGGED]
    assert _stored() == 1


def test_editing_into_flagged_text_waits_for_confirmation_too(app, chat_socket):
    a, b, room = _pair()
    message = factories.chat_message(a, room, "See you at the case conference")
    socket = chat_socket(a)
    ack = socket.emit("edit", {"message_id": message.id, "body": FLAGGED})
    assert ack["ok"] is False and ack["error"]["confirmable"] is True
    _assert_findings(ack["error"]["findings"]["body"])
    db.session.expire_all()
    assert db.session.get(Message, message.id).body == "See you at the case conference"
    ack = socket.emit("edit", {"message_id": message.id, "body": FLAGGED,
                               "confirm_deidentified": True})
    assert ack["ok"] is True and ack["message"]["body"] == FLAGGED


def test_a_de_identified_only_room_holds_flagged_text_back_even_when_confirmed(
        app, chat_socket, strict_room):
    a, b, room = strict_room
    mine, theirs = chat_socket(a), chat_socket(b)
    for extra in ({}, {"confirm_deidentified": True}):
        ack = _send(mine, room, FLAGGED, **extra)
        assert ack["ok"] is False and ack["error"]["code"] == 422
        assert ack["error"]["confirmable"] is False
        assert set(ack["error"]["errors"]) == {"body"}
        _assert_findings(ack["error"]["findings"]["body"])
    assert _stored() == 0 and theirs.received("new_message") == []
    clean = _send(mine, room, CLEAN)
    assert clean["ok"] is True and clean["message"]["body"] == CLEAN
    assert [m["body"] for m in theirs.received("new_message")] == [CLEAN]


def test_clean_text_and_a_colleagues_name_pass_untouched(app, chat_socket):
    a, b, room = _pair()
    socket = chat_socket(a)
    for body in (CLEAN, "Thanks @Ben Bay, that helped", "  In her 40s, seen since 2019.  "):
        ack = _send(socket, room, body)
        assert ack["ok"] is True, ack
        assert ack["message"]["body"] == body.strip()
    assert "@Ben Bay" in db.session.scalars(select(Message.body)).all()[1]


# --- the API ----------------------------------------------------------------------------------


def test_the_api_answers_the_findings_and_takes_confirm_deidentified(app, client):
    a, b, room = _pair()
    headers = factories.bearer(client, a)
    path = f"/api/v1/rooms/{room.id}/messages"
    refused = client.post(path, headers=headers, json={"body": FLAGGED, "client_id": "a-1"})
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["confirmable"] is True and "confirm_deidentified" in body["errors"]["json"]
    _assert_findings(body["findings"]["body"])
    assert _stored() == 0
    sent = client.post(path, headers=headers, json={"body": FLAGGED, "client_id": "a-1",
                                                    "confirm_deidentified": True})
    assert sent.status_code == 201 and sent.get_json()["body"] == FLAGGED

    clean = client.post(path, headers=headers, json={"body": CLEAN, "client_id": "a-2"})
    assert clean.status_code == 201 and clean.get_json()["body"] == CLEAN
    edit = f"/api/v1/messages/{clean.get_json()['id']}"
    refused = client.patch(edit, headers=headers, json={"body": FLAGGED})
    assert refused.status_code == 422
    _assert_findings(refused.get_json()["findings"]["body"])
    assert client.patch(edit, headers=headers, json={
        "body": FLAGGED, "confirm_deidentified": True}).status_code == 200


def test_the_api_refuses_flagged_text_in_a_de_identified_only_room(app, client, strict_room):
    a, _, room = strict_room
    refused = client.post(f"/api/v1/rooms/{room.id}/messages",
                          headers=factories.bearer(client, a),
                          json={"body": FLAGGED, "client_id": "s-1",
                                "confirm_deidentified": True})
    assert refused.status_code == 422 and refused.get_json()["confirmable"] is False
    assert "confirm_deidentified" not in refused.get_json()["errors"]["json"]
    assert _stored() == 0


# --- the page ---------------------------------------------------------------------------------


def test_the_page_marks_the_findings_and_sends_once_confirmed(app, client, auth):
    a, b, room = _pair()
    auth.login(a.email)
    page = auth.post(f"/chat/{room.id}", {"body": FLAGGED, "client_id": "p-1"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    for span, category in SPANS.items():
        assert f'data-phi-category="{category}">{span}' in html.replace("&nbsp;", " ")
    assert 'name="confirm_deidentified"' in html and "Send anyway" in html
    assert "Leave out phone and fax numbers" in html
    assert _stored() == 0
    sent = auth.post(f"/chat/{room.id}", {"body": FLAGGED, "client_id": "p-1",
                                          "confirm_deidentified": "true"})
    assert sent.status_code == 302 and _stored() == 1


def test_the_page_offers_no_confirmation_in_a_de_identified_only_room(app, client, auth,
                                                                      strict_room):
    a, _, room = strict_room
    auth.login(a.email)
    page = auth.post(f"/chat/{room.id}", {"body": FLAGGED, "client_id": "p-2",
                                          "confirm_deidentified": "true"})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'class="phi-mark"' in html and 'name="confirm_deidentified"' not in html
    assert _stored() == 0
    assert auth.post(f"/chat/{room.id}", {"body": CLEAN, "client_id": "p-3"}).status_code == 302
    assert db.session.scalars(select(Message.body)).all() == [CLEAN]


# --- readers' names and links -------------------------------------------------------------------


def test_greeting_the_rooms_readers_and_sharing_a_link_need_no_confirmation(app, chat_socket):
    a, b = factories.clinician("Aaliyah Brooks"), factories.clinician("Halima Warsame")
    c = factories.clinician("Priya Raman")
    room = factories.direct_room(a, b, c)
    socket = chat_socket(a)
    for body in ("Hello from Aaliyah", "Hi Halima!", "Agree with Priya on this",
                 "Worth a read: https://www.apa.org/monitor/2024/sleep"):
        ack = _send(socket, room, body)
        assert ack["ok"] is True, (body, ack)
    ack = _send(socket, room, "Hi Maria!")  # nobody here: still asked about
    assert ack["ok"] is False and ack["error"]["findings"]["body"][0]["category"] == "name"
    factories.clinician("Maria Lopez")  # a member, but not a reader of this room
    assert _send(socket, room, "Hi Maria!")["ok"] is False


def test_a_de_identified_only_room_takes_its_readers_names_but_no_links(app, client,
                                                                        strict_room):
    a, _, room = strict_room  # Ann Arbor and Ben Bay
    headers = factories.bearer(client, a)
    path = f"/api/v1/rooms/{room.id}/messages"
    sent = client.post(path, headers=headers, json={"body": "Hi Ann, Ben agrees",
                                                    "client_id": "r-1"})
    assert sent.status_code == 201, sent.get_json()
    refused = client.post(path, headers=headers, json={
        "body": "See https://example.org/case", "client_id": "r-2"})
    assert refused.status_code == 422
    assert refused.get_json()["findings"]["body"][0]["category"] == "url"
