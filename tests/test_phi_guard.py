"""The PHI guard's policy (peerlink/phi/guard.py), and its promise: flagged text that was not
confirmed is never logged or stored, whichever face sent it (page, API, socket), in chat and
in group discussions alike."""

import logging
import uuid

import pytest
from sqlalchemy import text

from peerlink.errors import ValidationFailed, socket_error
from peerlink.extensions import db
from peerlink.phi import guard as phi_guard
from tests import factories
from tests.chat.conftest import ChatSocket

SECRET = "My client Zebulon, DOB 3/14/87, call (617) 555-0143."
LEAKS = ("Zebulon", "3/14/87", "555-0143")


# --- the policy -------------------------------------------------------------------------------


def test_elsewhere_flagged_text_waits_for_confirmation():
    with pytest.raises(phi_guard.PhiFlagged) as caught:
        phi_guard.check({"title": "Clean words", "body": SECRET}, deidentified_only=False)
    exc = caught.value
    assert isinstance(exc, ValidationFailed) and exc.status == 422 and exc.confirmable
    assert set(exc.errors) == {"body", "confirm_deidentified"}
    assert {SECRET[f.start:f.end] for f in exc.findings["body"]} == {"Zebulon", "3/14/87",
                                                                     "(617) 555-0143"}
    assert "a name, a date and a phone or fax number" in exc.errors["body"][0]
    phi_guard.check({"body": SECRET}, deidentified_only=False, confirmed=True)  # passes


def test_a_de_identified_only_place_refuses_it_even_when_confirmed():
    with pytest.raises(phi_guard.PhiFlagged) as caught:
        phi_guard.check({"body": SECRET}, deidentified_only=True, confirmed=True)
    assert caught.value.confirmable is False and set(caught.value.errors) == {"body"}
    assert caught.value.message == phi_guard.BLOCKED_MESSAGE


def test_clean_text_and_fields_not_written_pass():
    phi_guard.check({"body": "PHQ-9 of 14, sertraline 100 mg, in her 40s, since 2019.",
                     "title": None}, deidentified_only=True)


def test_a_members_at_name_is_theirs_and_other_names_still_count():
    body = "Thanks @ben bay. Her husband Tom disagrees."
    with pytest.raises(phi_guard.PhiFlagged) as caught:
        phi_guard.check({"body": body}, deidentified_only=False, members=["Ben Bay"])
    assert [body[f.start:f.end] for f in caught.value.findings["body"]] == ["Tom"]


def test_the_refusal_carries_spans_never_the_text():
    with pytest.raises(phi_guard.PhiFlagged) as caught:
        phi_guard.check({"body": SECRET}, deidentified_only=False)
    exc = caught.value
    ack = socket_error(exc)
    assert ack["ok"] is False and ack["error"]["findings"]["body"][0]["category"] == "name"
    assert ack["error"]["confirmable"] is True
    for shown in (repr(exc), str(exc), str(exc.errors), str(ack)):
        assert not any(leak in shown for leak in LEAKS), shown


def test_pieces_cut_the_text_at_its_findings():
    with pytest.raises(phi_guard.PhiFlagged) as caught:
        phi_guard.check({"body": SECRET}, deidentified_only=False)
    found = phi_guard.marked(caught.value, {"body": SECRET})["body"]
    assert "".join(piece.text for piece in found.pieces) == SECRET
    assert [(p.text, p.label) for p in found.pieces if p.finding] == [
        ("Zebulon", "a name"), ("3/14/87", "a date"), ("(617) 555-0143", "a phone or fax number")]
    assert [advice.what for advice in found.advice] == ["a name", "a date", "a phone or fax number"]
    # Findings that do not fit the text are never marked on it.
    assert phi_guard.pieces("short", caught.value.findings["body"]) == [
        phi_guard.Piece("short", None)]


# --- nothing flagged is logged or stored ------------------------------------------------------


def _everything_stored() -> str:
    """Every row of every table, and the thread search index, as one lower-case text."""
    dumped = [repr(db.session.execute(table.select()).all())
              for table in db.metadata.sorted_tables]
    dumped.append(repr(db.session.execute(text("SELECT * FROM thread_search")).all()))
    return "\n".join(dumped).casefold()


def _leaked(where: str) -> list[str]:
    return [leak for leak in LEAKS if leak.casefold() in where.casefold()]


def test_flagged_text_is_never_logged_or_stored_from_any_face(app, client, auth, caplog):
    caplog.set_level(logging.DEBUG)
    a, b = factories.clinician("Ann Arbor"), factories.clinician("Ben Bay")
    room = factories.direct_room(a, b)
    group = factories.make_group(a, name="Sleep and mood")
    factories.add_member(group, b)
    thread = factories.make_thread(group, a)
    post = factories.make_reply(thread, a, "A first reply")
    message = factories.chat_message(a, room, "A first message")
    headers = factories.bearer(client, a)

    api = [("post", f"/api/v1/rooms/{room.id}/messages", {"client_id": "api-1"}),
           ("patch", f"/api/v1/messages/{message.id}", {}),
           ("post", f"/api/v1/groups/{group.id}/threads", {"title": "A case"}),
           ("post", f"/api/v1/groups/threads/{thread.id}/posts", {}),
           ("patch", f"/api/v1/groups/posts/{post.id}", {})]
    for method, path, extra in api:
        response = getattr(client, method)(path, headers=headers,
                                           json={"body": SECRET, **extra})
        assert response.status_code == 422, path
        assert not _leaked(response.get_data(as_text=True)), path

    socket = ChatSocket(app, a)
    try:
        for event, payload in (("send", {"room_id": room.id, "client_id": uuid.uuid4().hex}),
                               ("edit", {"message_id": message.id})):
            ack = socket.emit(event, {"body": SECRET, **payload})
            assert ack["ok"] is False and not _leaked(str(ack)), event
    finally:
        socket.close()

    auth.login(a.email)
    for path, extra in ((f"/chat/{room.id}", {"client_id": "page-1"}),
                        (f"/groups/{group.id}/threads/new", {"title": "A case"}),
                        (f"/groups/threads/{thread.id}/reply", {}),
                        (f"/groups/posts/{post.id}/edit", {})):
        assert auth.post(path, {"body": SECRET, **extra}).status_code == 422, path

    db.session.expire_all()
    assert _leaked(caplog.text) == []
    assert _leaked(_everything_stored()) == []

    # The same scan finds the text once it was confirmed: it is not looking away.
    factories.chat_message(a, room, SECRET, confirm_deidentified=True)
    assert _leaked(_everything_stored()) == list(LEAKS)


def test_the_names_of_members_who_read_the_place_are_colleagues_not_clients():
    readers = ["Aaliyah Brooks", "Halima Warsame", "Priya Raman"]
    for body in ("Hello from Aaliyah", "Hi Halima!", "Agree with priya on this",
                 "Thanks @Aaliyah Brooks", "Ms. Warsame and Dr. Brooks agree"):
        phi_guard.check({"body": body}, deidentified_only=False, members=readers)
        phi_guard.check({"body": body}, deidentified_only=True, members=lambda: readers)
    for body, flagged in (("Hi Maria!", "Hi Maria"), ("Halima says Maria Lopez called.",
                                                      "Maria Lopez"),
                          ("Agree with Priyanka Das", "Priyanka Das")):
        with pytest.raises(phi_guard.PhiFlagged) as caught:
            phi_guard.check({"body": body}, deidentified_only=False, members=readers)
        assert [body[f.start:f.end] for f in caught.value.findings["body"]] == [flagged]
    with pytest.raises(phi_guard.PhiFlagged):  # nobody reads it under that name
        phi_guard.check({"body": "Hello from Aaliyah"}, deidentified_only=False)


def test_web_addresses_pass_except_where_only_de_identified_text_is_kept():
    body = "Good review: https://www.apa.org/monitor/2024/sleep and www.nimh.nih.gov"
    phi_guard.check({"body": body}, deidentified_only=False)
    with pytest.raises(phi_guard.PhiFlagged) as caught:
        phi_guard.check({"body": body}, deidentified_only=True)
    assert {f.category for f in caught.value.findings["body"]} == {"url"}
    with pytest.raises(phi_guard.PhiFlagged) as caught:  # other findings still count
        phi_guard.check({"body": body + ", e-mail jo@example.com"}, deidentified_only=False)
    assert [f.category for f in caught.value.findings["body"]] == ["email"]
