"""The events pages: organizers' forms with field errors, check-in, attendee lists, .ics."""

import io
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from peerlink.db_types import utcnow
from peerlink.events import services
from peerlink.events.models import Event, EventSession
from peerlink.extensions import db
from tests.conftest import csrf_token
from tests.factories import attend, bearer, block, clinician, make_event, make_session

STAMP = "%Y%m%dT%H%M%SZ"


def _form(**fields):
    now = utcnow()
    return {"title": "Grief Gathering", "starts_at": (now + timedelta(days=3)).strftime(
        "%Y-%m-%dT%H:%M"), "ends_at": (now + timedelta(days=3, hours=6)).strftime(
        "%Y-%m-%dT%H:%M"), "time_zone": "UTC", "city": "Boston", "country": "US",
        "credit_hours": "5", "credit_bodies": ["apa", "nbcc"], **fields}


def test_a_member_cannot_create_an_event_but_an_organizer_can(client, auth, ana, organizer,
                                                              summit):
    auth.login(ana.email)
    assert client.get("/events/new").status_code == 403
    assert auth.post("/events/new", _form()).status_code == 403
    assert client.get(f"/events/{summit.id}/edit").status_code == 403
    page = client.get("/events").get_data(as_text=True)
    assert "Create an event" not in page and "Trauma Summit 2026" in page
    auth.logout()
    auth.login(organizer.email)
    response = auth.post("/events/new", _form())
    assert response.status_code == 302
    event = db.session.scalar(select(Event).where(Event.title == "Grief Gathering"))
    assert [body.slug for body in event.credit_bodies] == ["apa", "nbcc"]


def test_bad_event_input_is_shown_beside_each_field(client, auth, organizer):
    auth.login(organizer.email)
    response = auth.post("/events/new", _form(title="", time_zone="Mars/Olympus",
                                               credit_hours="lots", city=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-title"' in page and 'id="error-time_zone"' in page
    assert 'id="error-credit_hours"' in page
    assert db.session.scalar(select(Event.id)) is None
    response = auth.post("/events/new", _form(city=""))
    assert response.status_code == 422
    assert "Give the city of an in-person event." in response.get_data(as_text=True)


def test_check_in_page_right_and_wrong_codes(client, auth, ana, organizer, summit):
    auth.login(organizer.email)
    screen = client.get(f"/events/{summit.id}/check-in-code").get_data(as_text=True)
    assert summit.checkin_code in screen and "<svg" in screen
    auth.logout()
    auth.login(ana.email)
    assert client.get(f"/events/{summit.id}/check-in-code").status_code == 403
    prefilled = client.get(f"/events/{summit.id}/check-in?code={summit.checkin_code}")
    assert f'value="{summit.checkin_code}"' in prefilled.get_data(as_text=True)
    wrong = auth.post(f"/events/{summit.id}/check-in", {"code": "NOPE2345"})
    assert wrong.status_code == 422
    assert services.WRONG_CODE.replace("'", "&#39;") in wrong.get_data(as_text=True)
    ok = auth.post(f"/events/{summit.id}/check-in", {"code": summit.checkin_code})
    assert ok.status_code == 302
    assert services.attendance_of(ana.id, summit.id).verified_at is not None
    assert 'data-my-attendance="verified"' in client.get(f"/events/{summit.id}").get_data(
        as_text=True)


def test_attendee_list_follows_privacy_choices_and_blocks(client, auth, ana, ben, organizer,
                                                          summit):
    emdr = make_session(organizer, summit, title="EMDR")
    hidden = clinician("Hal Hidden", discipline="lcsw")
    private = clinician("Pia Private", discipline="lcsw", visibility="connections")
    blocker = clinician("Bea Blocker", discipline="lcsw")
    attend(ana, summit, sessions=[emdr])
    attend(ben, summit, sessions=[emdr])
    attend(hidden, summit, listed=False)
    attend(private, summit)
    attend(blocker, summit)
    block(blocker, ana)
    auth.login(ana.email)
    page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert "Ben Brooks" in page and "You were both in EMDR." in page
    for name in ("Hal Hidden", "Pia Private", "Bea Blocker"):
        assert name not in page
    filtered = client.get(f"/events/{summit.id}?discipline=lcsw").get_data(as_text=True)
    assert "Ben Brooks" not in filtered
    by_specialty = client.get(f"/events/{summit.id}?specialty=trauma-ptsd").get_data(
        as_text=True)
    assert "Ben Brooks" in by_specialty
    # The same through the API.
    headers = bearer(client, ana)
    names = [a["member"]["display_name"] for a in client.get(
        f"/api/v1/events/{summit.id}/attendees", headers=headers).get_json()]
    assert names == ["Ana Alvarez", "Ben Brooks"]
    names = [a["member"]["display_name"] for a in client.get(
        f"/api/v1/events/{summit.id}/attendees?country=CA", headers=headers).get_json()]
    assert names == ["Ben Brooks"]


def test_leaving_the_attendee_list(client, auth, ana, ben, summit):
    attend(ana, summit)
    attend(ben, summit)
    auth.login(ben.email)
    auth.post(f"/events/{summit.id}/listing", {"show_on_attendee_list": "false"})
    auth.logout()
    auth.login(ana.email)
    assert "Ben Brooks" not in client.get(f"/events/{summit.id}").get_data(as_text=True)


def test_a_member_keeps_off_the_attendee_list_from_their_first_answer(client, auth, ana,
                                                                      ben, summit):
    """The first "I'm going" asks whether to appear on the list, so a member who wants to
    stay off it is never listed, not even for a moment; later answers keep the choice."""
    auth.login(ben.email)
    page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert 'name="show_on_attendee_list" value="false"' in page
    assert auth.post(f"/events/{summit.id}/attendance",
                     {"status": "going", "show_on_attendee_list": "false"}).status_code == 302
    page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert "You do not appear on the attendee list." in page
    assert 'type="radio"' not in page  # answered: the listing form changes it from now on
    auth.post(f"/events/{summit.id}/attendance", {"status": "attended"})
    auth.logout()
    auth.login(ana.email)
    assert "Ben Brooks" not in client.get(f"/events/{summit.id}").get_data(as_text=True)


def test_attendee_list_is_constant_in_queries(client, auth, ana, summit, app):
    from tests.factories import count_queries

    emdr = make_session(summit.organizer, summit, title="EMDR")
    attend(ana, summit, sessions=[emdr])
    attend(clinician("First Attendee", discipline="lcsw"), summit, sessions=[emdr])
    auth.login(ana.email)

    def queries():
        with count_queries() as count:
            assert client.get(f"/events/{summit.id}").status_code == 200
        return count[0]

    few = queries()
    # Sixty more attendees: a query per attendee (or per session attended) would show as
    # dozens more; the count must not move at all.
    for n in range(60):
        user = clinician(f"Attendee {n:03}", discipline="lcsw")
        attend(user, summit, sessions=[emdr] if n % 2 else [])
    assert queries() == few
    page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert page.count("data-member-id=") == 62


def _ics(start, end, title="Imported talk"):
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:1@t\r\nSUMMARY:{title}\r\nDTSTART:{start.strftime(STAMP)}\r\n"
            f"DTEND:{end.strftime(STAMP)}\r\nLOCATION:Room 4\r\nX-CE-CREDIT-HOURS:1.5\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()


def _upload(auth, event, body, name="programme.ics", mimetype="text/calendar"):
    # Built in memory: the test client would spool a large body to a file it never closes.
    boundary, data = encode_multipart({
        "csrf_token": csrf_token(auth._client),
        "programme": FileStorage(io.BytesIO(body), filename=name, content_type=mimetype)})
    return auth._client.post(f"/events/{event.id}/programme", data=data,
                             content_type=f"multipart/form-data; boundary={boundary}")


def test_programme_import_good_and_bad(client, auth, organizer, summit):
    auth.login(organizer.email)
    start = summit.starts_at + timedelta(hours=1)
    good = _ics(start, start + timedelta(hours=1))
    assert _upload(auth, summit, good).status_code == 302
    sessions = db.session.scalars(select(EventSession)).all()
    assert [(s.title, s.room, str(s.credit_hours)) for s in sessions] == [
        ("Imported talk", "Room 4", "1.50")]
    cases = [
        (b"BEGIN:VCALENDAR\r\nthis is not ical", "programme.ics", "text/calendar",
         "could not be read"),
        (b"%PDF-1.7 not a calendar", "programme.pdf", "application/pdf", "Choose an iCalendar"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (1024 * 1024 + 10), "big.ics", "text/calendar",
         "larger than"),
        (_ics(start - timedelta(days=3), start - timedelta(days=3) + timedelta(hours=1)),
         "programme.ics", "text/calendar", "outside the event"),
    ]
    for body, name, mimetype, message in cases:
        response = _upload(auth, summit, body, name, mimetype)
        assert response.status_code == 422, name
        assert message in response.get_data(as_text=True)
        assert len(db.session.scalars(select(EventSession)).all()) == 1


def test_export_one_event_and_my_events(client, auth, ana, organizer, summit):
    make_session(organizer, summit, title="EMDR")
    attend(ana, summit)
    auth.login(ana.email)
    body = client.get(f"/events/{summit.id}/calendar.ics")
    assert body.mimetype == "text/calendar"
    text = body.get_data(as_text=True)
    assert "SUMMARY:Trauma Summit 2026" in text and "SUMMARY:EMDR (Trauma Summit 2026)" in text
    assert "DTSTART;TZID=America/Chicago:" in text and "BEGIN:VTIMEZONE" in text
    mine = client.get("/events/mine.ics").get_data(as_text=True)
    assert "Trauma Summit 2026" in mine


def test_api_field_errors_and_organizer_rule(client, ana, organizer, summit):
    member, boss = bearer(client, ana), bearer(client, organizer)
    payload = {"title": "API event", "starts_at": "2027-01-05T09:00",
               "ends_at": "2027-01-05T17:00", "time_zone": "Europe/Paris", "city": "Paris",
               "country": "FR", "credit_hours": "6"}
    refused = client.post("/api/v1/events", json=payload, headers=member)
    assert refused.status_code == 403
    created = client.post("/api/v1/events", json=payload, headers=boss)
    assert created.status_code == 201
    assert created.get_json()["starts_at"].startswith("2027-01-05T08:00")
    bad = client.post("/api/v1/events", json={**payload, "credit_hours": "-1",
                                              "country": "ZZ"}, headers=boss)
    assert bad.status_code == 422
    assert set(bad.get_json()["errors"]["json"]) == {"credit_hours", "country"}
    wrong = client.post(f"/api/v1/events/{summit.id}/check-in", json={"code": "NOPE2345"},
                        headers=member)
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"]["json"] == {"code": [services.WRONG_CODE]}
    ok = client.post(f"/api/v1/events/{summit.id}/check-in",
                     json={"code": summit.checkin_code}, headers=member)
    assert ok.get_json()["verified"] is True
    listing = client.get("/api/v1/events?q=trauma", headers=member)
    assert [e["title"] for e in listing.get_json()] == ["Trauma Summit 2026"]
    patched = client.patch(f"/api/v1/events/{summit.id}", json={"title": "x" * 300},
                           headers=boss)
    assert patched.status_code == 422 and "title" in patched.get_json()["errors"]["json"]


def test_events_list_is_constant_in_queries(client, auth, ana, organizer):
    from tests.factories import count_queries

    make_event(organizer, title="Summit first")
    auth.login(ana.email)

    def queries():
        with count_queries() as count:
            assert client.get("/events?q=summit").status_code == 200
        return count[0]

    queries()  # the first page of a session reads what later ones find cached
    few = queries()
    for n in range(15):
        make_event(organizer, title=f"Summit {n}", credit_bodies=["apa", "nbcc"])
    assert queries() == few
    assert client.get("/events").get_data(as_text=True).count("data-event-id=") == 16
