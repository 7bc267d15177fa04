"""The PHI guard on requests and notes (form and API), the pages and API of a consultation,
and what an outsider gets: 404 in HTML, the API and the room's socket."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from peerlink.audit.models import AuditEvent
from peerlink.consultations.models import Consultation, Note
from peerlink.extensions import db
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_consultation

# One sentence per Safe Harbor category the guard must stop, and where in it the span is.
FLAGGED = {
    "date": "Client born 3/14/1987 presents with panic.",
    "phone": "Her sister can be reached at (503) 555-0142.",
    "email": "She wrote from jdoe1987@example.com last night.",
    "ssn": "SSN 123-45-6789 was on the intake form.",
    "record_number": "MRN 00482913 at the county hospital.",
    "street_address": "She lives at 1420 Oak Street with her aunt.",
    "name": "My client John Delgado has panic attacks.",
    "url": "She posts at https://facebook.com/jane.d.1987 daily.",
    "ip_address": "Logged in from 192.168.14.201 at work.",
    "age": "A 94-year-old widow with late-life depression.",
    "device_id": "He drives a truck with VIN 1HGCM82633A004352 to work.",
    "zip_code": "She moved to ZIP code 97214 last year.",
}
CLEAN = ("A woman in her 40s with panic disorder since 2019; twelve sessions of CBT, PHQ-9 "
         "of 11, sertraline 100 mg. F41.0 per DSM-5.")


def _later(days: int) -> str:
    moment = datetime.now(UTC) + timedelta(days=days)
    return moment.strftime("%Y-%m-%dT10:00")


def _request(peer, **changes) -> dict:
    body = {"audience": "peer", "peer_id": peer.id, "topic": "Panic after relapse",
            "summary": CLEAN, "question": "ACT or back to exposure?", "urgency": "routine",
            "format": "chat", "deidentified": True, "time_zone": "America/New_York",
            "slots": [_later(3), _later(4)], "retention_days": 30}
    body.update(changes)
    return body


def _login(client, user):
    client.post("/login", data={"email": user.email, "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})


@pytest.mark.parametrize("category", sorted(FLAGGED))
def test_api_refuses_each_category_with_its_spans(api, pair, category):
    text = FLAGGED[category]
    response = api("post", "/api/v1/consultations", pair["requester"],
                   json=_request(pair["peer"], summary=text))
    assert response.status_code == 422
    body = response.get_json()
    assert body["confirmable"] is False and body["errors"]["json"]["summary"]
    spans = body["findings"]["summary"]
    assert category in {span["category"] for span in spans}
    assert all(span["advice"] for span in spans)
    assert text not in response.get_data(as_text=True)  # offsets, never the text back
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
    audited = " ".join(str(e.details) for e in db.session.scalars(select(AuditEvent)))
    assert text[:15] not in audited


@pytest.mark.parametrize("category", sorted(FLAGGED))
def test_form_refuses_each_category_and_marks_it(client, pair, category):
    _login(client, pair["requester"])
    form = {**_request(pair["peer"], question=FLAGGED[category]), "deidentified": "true",
            "csrf_token": csrf_token(client, "/consultations/new")}
    response = client.post("/consultations/new", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'data-phi-category="{category}">' in html
    assert 'data-phi-field="question"' in html and 'data-phi-field="summary"' not in html
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0


def test_api_spans_are_exact_per_field(api, pair):
    topic = "Pt DOB 3/14/87"
    question = "Call me at 503-555-0142?"
    response = api("post", "/api/v1/consultations", pair["requester"],
                   json=_request(pair["peer"], topic=topic, question=question))
    phi = response.get_json()["findings"]
    (span,) = phi["topic"]
    assert topic[span["start"]:span["end"]] == "3/14/87" and span["category"] == "date"
    (span,) = phi["question"]
    assert question[span["start"]:span["end"]] == "503-555-0142"
    assert "summary" not in phi


def test_api_lets_clean_text_through_and_each_side_sees_its_own_zone(api, pair):
    response = api("post", "/api/v1/consultations", pair["requester"],
                   json=_request(pair["peer"]))
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["summary"] == CLEAN and body["viewer_zone"] == "America/New_York"
    assert body["slots"][0]["local"].startswith(_later(3)[:10])
    assert body["slots"][0]["local"].endswith(("-05:00", "-04:00"))
    peer_view = api("get", f"/api/v1/consultations/{body['id']}", pair["peer"]).get_json()
    assert peer_view["viewer_zone"] == "Europe/London"
    assert peer_view["slots"][0]["starts_at"] == body["slots"][0]["starts_at"]
    assert peer_view["slots"][0]["local"].endswith(("+00:00", "+01:00"))
    assert peer_view["actions"]["accept"] and not body["actions"]["accept"]


def test_form_marks_the_spans_and_shows_the_advice(client, pair):
    _login(client, pair["requester"])
    summary = "Pt born 3/14/1987, call her at (503) 555-0142 if needed."
    form = {**_request(pair["peer"], summary=summary), "deidentified": "true",
            "csrf_token": csrf_token(client, f"/consultations/new?peer_id={pair['peer'].id}")}
    form["slots"] = [_later(3), _later(4), "", ""]
    response = client.post("/consultations/new", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-phi-category="date">3/14/1987<' in html
    assert 'data-phi-category="phone">(503) 555-0142<' in html
    assert "a woman in her 40s" in html  # the advice for a date of birth
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
    form["summary"] = CLEAN
    response = client.post("/consultations/new", data=form)
    assert response.status_code == 302
    consultation = db.session.scalar(select(Consultation))
    assert consultation.summary == CLEAN and consultation.time_zone == "America/New_York"


def test_form_needs_the_attestation_and_two_times(client, pair):
    _login(client, pair["requester"])
    form = {**_request(pair["peer"]), "csrf_token": csrf_token(client, "/consultations/new")}
    del form["deidentified"]
    form["slots"] = [_later(3), ""]
    response = client.post("/consultations/new", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="field-deidentified"' in html
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0


def test_notes_are_guarded_and_private(api, pair):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    path = f"/api/v1/consultations/{c.id}/note"
    refused = api("put", path, pair["peer"], json={"body": "Her DOB is 4/2/1980."})
    assert refused.status_code == 422 and refused.get_json()["findings"]["body"]
    assert db.session.scalar(select(func.count()).select_from(Note)) == 0
    assert api("put", path, pair["peer"], json={"body": "Try values work first."}).status_code \
        == 200
    assert api("get", path, pair["peer"]).get_json()["body"] == "Try values work first."
    assert api("get", path, pair["requester"]).get_json()["body"] == ""
    assert api("get", path, pair["outsider"]).status_code == 404


def test_outsiders_and_admins_get_404_in_html_and_api(client, api, pair):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    for who in ("outsider", "admin"):
        for path in (f"/api/v1/consultations/{c.id}", f"/api/v1/consultations/{c.id}/slots",
                     f"/api/v1/consultations/{c.id}/transitions",
                     f"/api/v1/consultations/{c.id}/calendar.ics"):
            response = api("get", path, pair[who])
            assert response.status_code == 404, (who, path)
            assert "Panic" not in response.get_data(as_text=True)
    _login(client, pair["admin"])
    response = client.get(f"/consultations/{c.id}")
    assert response.status_code == 404 and "panic" not in response.get_data(as_text=True).lower()
    listing = client.get("/admin/consultations").get_data(as_text=True)
    assert f"<td>{c.id}</td>" in listing and "Scheduled" in listing
    assert "panic" not in listing.lower() and "twelve sessions" not in listing.lower()


def test_participants_pages(client, pair):
    c = make_consultation(pair["requester"], pair["peer"])
    _login(client, pair["peer"])
    page = client.get(f"/consultations/{c.id}").get_data(as_text=True)
    assert "Accept this time" in page and "Decline the request" in page
    slot = c.slots[0]
    response = client.post(f"/consultations/{c.id}/accept", data={
        "slot_id": slot.id, "csrf_token": csrf_token(client, f"/consultations/{c.id}")})
    assert response.status_code == 302
    page = client.get(f"/consultations/{c.id}").get_data(as_text=True)
    assert 'data-consultation-state="scheduled"' in page and "data-ics-link" in page
    assert "data-consultation-room" in page
    listing = client.get("/consultations").get_data(as_text=True)
    assert 'data-state-section="scheduled"' in listing


def test_outsider_cannot_join_the_consultation_room_by_socket(client, pair, socket_client):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    from peerlink.chat import services as chat
    room = chat.owned_room("consultation", c.id)
    chat.send(pair["peer"], room.id, "Let us start with the formulation.", "m-1")
    _login(client, pair["outsider"])
    sc = socket_client("/chat")
    ack = sc.emit("join", {"room_id": room.id}, namespace="/chat", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == 404
    sent = sc.emit("send", {"room_id": room.id, "body": "hello", "client_id": "x-1"},
                   namespace="/chat", callback=True)
    assert sent["ok"] is False and sent["error"]["code"] == 404
    assert "formulation" not in str(sc.get_received("/chat"))


def test_nothing_flagged_reaches_a_log(client, api, pair, caplog):
    import logging
    caplog.set_level(logging.DEBUG)
    secret = "Client Maria Delgado, DOB 07/04/1981, MRN 00482913."
    api("post", "/api/v1/consultations", pair["requester"],
        json=_request(pair["peer"], summary=secret))
    _login(client, pair["requester"])
    client.post("/consultations/new", data={
        **_request(pair["peer"], summary=secret), "deidentified": "true",
        "csrf_token": csrf_token(client, "/consultations/new")})
    for piece in ("Delgado", "07/04/1981", "00482913"):
        assert piece not in caplog.text


def test_profile_pages_offer_a_consultation_where_it_may_be_asked(client, pair):
    _login(client, pair["requester"])
    connected = client.get(f"/people/{pair['peer'].id}").get_data(as_text=True)
    assert "data-request-consultation" in connected
    stranger = client.get(f"/people/{pair['outsider'].id}").get_data(as_text=True)
    assert "data-request-consultation" not in stranger
    form = client.get(f"/consultations/new?peer_id={pair['peer'].id}").get_data(as_text=True)
    assert "Request a consultation with Pete Peer" in form


def test_the_open_request_form_suggests_peers_from_the_directory(client, pair):
    from tests.factories import clinician
    clinician("Tara Trauma", specialties=["trauma-ptsd"], open_to_consultation=True,
              consultation_topics=["complex PTSD"])
    clinician("Greg Grief", specialties=["grief-loss"], open_to_consultation=True,
              consultation_topics=["grief"])
    _login(client, pair["requester"])
    page = client.get("/consultations/new?specialty=trauma-ptsd").get_data(as_text=True)
    assert "data-suggested-peers" in page and "Tara Trauma" in page
    assert "Greg Grief" not in page


def test_every_category_is_tried():
    from peerlink.phi.detector import CATEGORIES
    assert set(FLAGGED) == set(CATEGORIES)


def test_the_audit_trail_names_the_moves_and_nothing_of_the_case(client, pair):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    _login(client, pair["admin"])
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "Consultation scheduled" in page and f"consultation {c.id}" in page
    assert "panic" not in page.lower() and "sertraline" not in page.lower()


def test_an_open_request_from_the_form_and_a_volunteer_takes_it(client, api, pair):
    from tests.factories import clinician
    tara = clinician("Tara Trauma", specialties=["trauma-ptsd"], open_to_consultation=True,
                     consultation_topics=["complex PTSD"])
    _login(client, pair["requester"])
    form = {**_request(pair["peer"]), "audience": "open", "peer_id": "",
            "specialty": "trauma-ptsd", "deidentified": "true",
            "csrf_token": csrf_token(client, "/consultations/new")}
    assert client.post("/consultations/new", data=form).status_code == 302
    c = db.session.scalar(select(Consultation))
    assert c.audience == "open" and c.peer_id is None
    waiting = api("get", "/api/v1/consultations/open", tara).get_json()
    assert [item["id"] for item in waiting] == [c.id]
    assert api("get", "/api/v1/consultations/open", pair["outsider"]).get_json() == []
    taken = api("post", f"/api/v1/consultations/{c.id}/accept", tara,
                json={"slot_id": waiting[0]["slots"][0]["id"]})
    assert taken.status_code == 200 and taken.get_json()["peer_id"] == tara.id
    assert api("get", f"/api/v1/consultations/{c.id}", pair["outsider"]).status_code == 404


def test_an_ended_consultations_room_says_why_it_is_read_only(client, pair):
    from zoneinfo import ZoneInfo

    from peerlink.chat import services as chat

    running = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    done = make_consultation(pair["requester"], pair["peer"], state="completed",
                             retention_days=14)
    _login(client, pair["peer"])
    page = client.get(f"/chat/{chat.owned_room('consultation', running.id).id}")
    assert "This consultation has ended" not in page.get_data(as_text=True)
    page = client.get(f"/chat/{chat.owned_room('consultation', done.id).id}")
    purge_on = (done.completed_at.replace(tzinfo=UTC) + timedelta(days=14)).astimezone(
        ZoneInfo("Europe/London")).strftime("%-d %b %Y")
    assert ("This consultation has ended; the conversation is kept read-only until it is "
            f"deleted on {purge_on}.") in page.get_data(as_text=True)
    assert 'id="composer"' not in page.get_data(as_text=True)


ATTEST = "Confirm that the case is de-identified before sending."


def test_one_form_submission_reports_the_findings_and_the_missing_attestation(client, pair):
    _login(client, pair["requester"])
    summary = "Pt DOB 03/14/1983, her cell 312-555-0148."
    form = {**_request(pair["peer"], summary=summary),
            "csrf_token": csrf_token(client, "/consultations/new")}
    del form["deidentified"]
    response = client.post("/consultations/new", data=form)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-phi-category="date">03/14/1983<' in html
    assert 'data-phi-category="phone">312-555-0148<' in html
    assert ATTEST in html
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0


def test_one_api_call_names_the_findings_and_the_missing_attestation(api, pair):
    summary = "Pt DOB 03/14/1983, her cell 312-555-0148."
    response = api("post", "/api/v1/consultations", pair["requester"],
                   json=_request(pair["peer"], summary=summary, deidentified=False))
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"]["json"]["deidentified"] == [ATTEST]
    assert body["errors"]["json"]["summary"]
    assert {f["category"] for f in body["findings"]["summary"]} == {"date", "phone"}
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
    # clean text without the attestation: the attestation alone
    response = api("post", "/api/v1/consultations", pair["requester"],
                   json=_request(pair["peer"], deidentified=False))
    assert response.status_code == 422 and "findings" not in response.get_json()
    assert response.get_json()["errors"]["json"] == {"deidentified": [ATTEST]}


def test_the_navigation_leads_to_consultations_and_an_open_request(client, pair):
    _login(client, pair["requester"])
    home = client.get("/").get_data(as_text=True)
    assert 'href="/consultations">Consultations</a>' in home
    listing = client.get("/consultations").get_data(as_text=True)
    assert 'href="/consultations/new"' in listing and "Post an open request" in listing
    form = client.get("/consultations/new")
    assert form.status_code == 200 and 'value="open"' in form.get_data(as_text=True)


def test_a_consultation_room_is_titled_with_its_topic(client, api, pair):
    from peerlink.chat import services as chat

    c = make_consultation(pair["requester"], pair["peer"], state="scheduled",
                          topic="School refusal at 14")
    room = chat.owned_room("consultation", c.id)
    _login(client, pair["peer"])
    rooms_list = client.get("/chat").get_data(as_text=True)
    assert "Consultation: School refusal at 14" in rooms_list
    assert f"Consultation #{c.id}" not in rooms_list
    page = client.get(f"/chat/{room.id}").get_data(as_text=True)
    assert '<h2 id="room-heading">Consultation: School refusal at 14</h2>' in page
    listed = api("get", "/api/v1/rooms", pair["requester"]).get_json()
    assert "Consultation: School refusal at 14" in str(listed)


@pytest.mark.parametrize("category", sorted(FLAGGED))
def test_the_room_socket_holds_back_each_category_even_when_confirmed(client, pair,
                                                                     socket_client, category):
    from peerlink.chat import services as chat
    from peerlink.chat.models import Message

    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    room = chat.owned_room("consultation", c.id)
    _login(client, pair["requester"])
    sc = socket_client("/chat")
    assert sc.emit("join", {"room_id": room.id}, namespace="/chat", callback=True)["ok"]
    ack = sc.emit("send", {"room_id": room.id, "body": FLAGGED[category],
                           "client_id": f"phi-{category}", "confirm_deidentified": True},
                  namespace="/chat", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == 422, ack
    assert category in {span["category"] for span in ack["error"]["findings"]["body"]}
    assert ack["error"]["confirmable"] is False
    assert FLAGGED[category] not in str(ack)
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0


def test_directory_results_and_people_to_meet_offer_a_request(client, pair):
    """From a directory result or a people-to-meet suggestion, as from a profile: a
    connection or a member open to consultation, never anyone else."""
    from tests.factories import clinician, fill_profile

    me = pair["requester"]
    fill_profile(me, specialties=["trauma-ptsd"])
    stranger = clinician("Stella Stranger", discipline="lcsw", specialties=["trauma-ptsd"])
    open_one = clinician("Olive Open", discipline="lcsw", specialties=["trauma-ptsd"],
                         open_to_consultation=True)
    _login(client, me)
    link = 'href="/consultations/new?peer_id={}"'
    results = client.get("/directory").get_data(as_text=True)
    assert link.format(pair["peer"].id) in results  # a connection
    assert link.format(open_one.id) in results  # open to consultation
    assert link.format(stranger.id) not in results
    assert link.format(me.id) not in results
    suggestions = client.get("/people-to-meet").get_data(as_text=True)
    assert link.format(open_one.id) in suggestions
    assert link.format(stranger.id) not in suggestions and "Stella Stranger" in suggestions
