"""CE subjects on events and sessions: organizers set them (page and API, unknown codes
refused beside the field), the event page lists them, an .ics programme's CATEGORIES name
them, and verified attendance counts toward a requirement's subject minimums in the CE log."""

import re
from datetime import timedelta

from sqlalchemy import select

from peerlink.events import services
from peerlink.events.credits import verified_hours
from peerlink.events.models import Event, EventSession
from peerlink.extensions import db
from tests.events.test_events_pages import STAMP, _form, _upload
from tests.factories import attend, bearer, ce_requirement, make_event, make_session


def _session_form(event, **fields):
    start = services.in_event_zone(event.starts_at + timedelta(minutes=10), event.time_zone)
    return {"title": "Ethics of telehealth", "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "credit_hours": "2", **fields}


def test_a_verified_ethics_session_counts_toward_the_ethics_minimum(client, auth, ana,
                                                                    organizer, summit):
    ethics = make_session(organizer, summit, title="Boundaries", credit_hours="2",
                          subjects=["ethics"])
    emdr = make_session(organizer, summit, title="EMDR", credit_hours="3")
    ce_requirement(ana, total="40", subjects={"ethics": "6"},
                   cycle_start=summit.starts_at.date() - timedelta(days=30),
                   cycle_end=summit.ends_at.date() + timedelta(days=365))
    auth.login(ana.email)
    assert "ethics 0 of 6" in client.get("/ce-log").get_data(as_text=True)
    attend(ana, summit, sessions=[ethics, emdr])
    page = client.get("/ce-log").get_data(as_text=True)
    assert "5 of 40 hours; ethics 2 of 6;" in page
    # The earned line names its subject, as a manual entry's does.
    assert "Boundaries (Trauma Summit 2026)" in page and "<td>Ethics</td>" in page
    credits = {c.key: c.subjects for c in verified_hours(ana.id)}
    assert credits == {f"event-session:{ethics.id}": ("ethics",),
                       f"event-session:{emdr.id}": ()}


def test_an_event_credited_whole_counts_toward_its_own_subjects(ana, organizer):
    day = make_event(organizer, title="Suicide Prevention Day", credit_hours="6",
                     subjects=["suicide-prevention"])
    attend(ana, day)
    [credit] = verified_hours(ana.id)
    assert credit.key == f"event:{day.id}" and credit.subjects == ("suicide-prevention",)


def test_organizer_sets_subjects_through_the_pages(client, auth, organizer, summit):
    auth.login(organizer.email)
    form = client.get(f"/events/{summit.id}/sessions/new").get_data(as_text=True)
    assert 'name="subjects" value="ethics"' in form and "Suicide prevention</label>" in form
    response = auth.post(f"/events/{summit.id}/sessions/new",
                         _session_form(summit, subjects=["ethics", "suicide-prevention"]))
    assert response.status_code == 302
    session = db.session.scalar(select(EventSession))
    assert session.subjects == ["ethics", "suicide-prevention"]
    page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert "CE subjects: Ethics, Suicide prevention" in page
    edit = client.get(f"/events/{summit.id}/sessions/{session.id}/edit").get_data(as_text=True)
    assert re.search(r'value="ethics"\s+checked', edit)
    assert not re.search(r'value="supervision"\s+checked', edit)
    assert auth.post(f"/events/{summit.id}/sessions/{session.id}/edit",
                     _session_form(summit, subjects="cultural-competence")).status_code == 302
    db.session.expire_all()
    assert db.session.get(EventSession, session.id).subjects == ["cultural-competence"]
    assert auth.post("/events/new", _form(subjects="ethics")).status_code == 302
    created = db.session.scalar(select(Event).where(Event.title == "Grief Gathering"))
    assert created.subjects == ["ethics"]


def test_unknown_subject_codes_are_field_errors_on_pages(client, auth, organizer, summit):
    auth.login(organizer.email)
    response = auth.post(f"/events/{summit.id}/sessions/new",
                         _session_form(summit, subjects=["ethics", "astrology"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-subjects"' in page and "astrology is not one" in page
    assert db.session.scalar(select(EventSession.id)) is None
    response = auth.post("/events/new", _form(subjects="astrology"))
    assert response.status_code == 422
    assert 'id="error-subjects"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Event.id).where(Event.title == "Grief Gathering")) is None


def test_subjects_through_the_api(client, organizer, summit):
    boss = bearer(client, organizer)
    start = services.in_event_zone(summit.starts_at + timedelta(minutes=10),
                                   summit.time_zone).replace(tzinfo=None)
    body = {"title": "Ethics hour", "starts_at": start.isoformat(timespec="minutes"),
            "ends_at": (start + timedelta(hours=1)).isoformat(timespec="minutes"),
            "credit_hours": "1", "subjects": ["ethics"]}
    created = client.post(f"/api/v1/events/{summit.id}/sessions", json=body, headers=boss)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["subjects"] == ["ethics"]
    session_id = created.get_json()["id"]
    bad = client.post(f"/api/v1/events/{summit.id}/sessions",
                      json={**body, "subjects": ["ethics", "astrology"]}, headers=boss)
    assert bad.status_code == 422
    assert "astrology is not one" in bad.get_json()["errors"]["json"]["subjects"][0]
    patched = client.patch(f"/api/v1/events/{summit.id}/sessions/{session_id}",
                           json={"subjects": ["ethics", "laws-rules"]}, headers=boss)
    assert patched.status_code == 200 and patched.get_json()["subjects"] == ["ethics",
                                                                             "laws-rules"]
    event = client.patch(f"/api/v1/events/{summit.id}", json={"subjects": ["supervision"]},
                         headers=boss)
    assert event.status_code == 200 and event.get_json()["subjects"] == ["supervision"]
    one = client.patch(f"/api/v1/events/{summit.id}", json={"subjects": "ethics"},
                       headers=boss)
    assert one.status_code == 200  # one code alone is read as a list of one
    unknown = client.patch(f"/api/v1/events/{summit.id}", json={"subjects": [7]},
                           headers=boss)
    assert unknown.status_code == 422 and "subjects" in unknown.get_json()["errors"]["json"]
    shown = client.get(f"/api/v1/events/{summit.id}", headers=boss).get_json()
    assert shown["subjects"] == ["ethics"]
    assert shown["sessions"][0]["subjects"] == ["ethics", "laws-rules"]


def test_programme_categories_name_subjects(client, auth, organizer, summit):
    auth.login(organizer.email)
    start = summit.starts_at + timedelta(hours=1)
    body = (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:1@t\r\nSUMMARY:Safety planning\r\nDTSTART:{start.strftime(STAMP)}\r\n"
            f"DTEND:{(start + timedelta(hours=1)).strftime(STAMP)}\r\n"
            "CATEGORIES:Suicide prevention,Track B\r\nCATEGORIES:ETHICS\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    assert _upload(auth, summit, body).status_code == 302
    session = db.session.scalar(select(EventSession))
    assert session.subjects == ["suicide-prevention", "ethics"]


def test_demo_ce_logs_show_subject_progress_from_events(app):
    from peerlink.accounts.models import User
    from peerlink.ce_log.services import ce_log
    from peerlink.demo.seed import demo_email, seed_demo

    seed_demo()

    def log_of(slug):
        user = db.session.scalar(select(User).where(User.email == demo_email(slug)))
        return ce_log(user.id)

    maya = log_of("maya.okafor")
    [boundaries] = [line for line in maya.lines
                    if line.title == "Boundaries across state lines (Ethics in Telehealth)"]
    assert boundaries.earned and boundaries.subjects == ("ethics", "laws-rules")
    [ethics] = [s for s in maya.requirements[0].progress.subjects if s.code == "ethics"]
    assert ethics.earned >= boundaries.hours
    halima = log_of("halima.warsame")
    [chain] = [line for line in halima.lines if line.title == "Chain analysis (DBT Intensive)"]
    assert chain.subjects == ("suicide-prevention",)
    [suicide] = [s for s in halima.requirements[0].progress.subjects
                 if s.code == "suicide-prevention"]
    assert suicide.earned >= chain.hours
