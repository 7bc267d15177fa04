"""Events, sessions, attendance and check-in, through the services."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from peerlink.db_types import utcnow
from peerlink.errors import PermissionDenied, ValidationFailed
from peerlink.events import services
from peerlink.events.credits import verified_hours
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from tests.factories import attend, clinician, make_event, make_session


def test_only_organizers_and_admins_create_events(ana, organizer):
    with pytest.raises(PermissionDenied):
        make_event(ana)
    assert make_event(organizer).organizer_id == organizer.id
    admin = clinician("Ada Admin", role="admin")
    assert make_event(admin, title="Admin's event").title == "Admin's event"


def test_only_the_events_organizer_or_an_admin_edits_it(summit, organizer):
    other = clinician("Oscar Other", role="organizer")
    with pytest.raises(PermissionDenied):
        services.update_event(other, summit.id, {"title": "Mine now"})
    services.update_event(organizer, summit.id, {"title": "Trauma Summit 2026 (Chicago)"})
    assert db.session.get(type(summit), summit.id).title == "Trauma Summit 2026 (Chicago)"
    admin = clinician("Ada Admin", role="admin")
    services.update_event(admin, summit.id, {"provider": "Someone else"})


def test_times_are_read_in_the_event_zone_and_stored_in_utc(organizer):
    event = make_event(organizer, starts_at=datetime(2026, 7, 1, 9, 0),
                       ends_at=datetime(2026, 7, 1, 17, 0), time_zone="America/Chicago")
    assert event.starts_at == datetime(2026, 7, 1, 14, 0, tzinfo=UTC)
    assert event.time_zone == "America/Chicago"


def test_bad_event_input_names_the_field(organizer):
    with pytest.raises(ValidationFailed) as refused:
        make_event(organizer, starts_in_hours=5, hours=-2)
    assert "ends_at" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        make_event(organizer, online=True, url="")
    assert "url" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        make_event(organizer, city="", country="")
    assert set(refused.value.errors) == {"city", "country"}
    with pytest.raises(ValidationFailed) as refused:
        make_event(organizer, credit_bodies=["not-a-board"])
    assert "credit_bodies" in refused.value.errors


def test_a_session_must_fit_in_the_event(organizer, summit):
    with pytest.raises(ValidationFailed) as refused:
        make_session(organizer, summit, offset_hours=7, hours=3)
    assert "starts_at" in refused.value.errors


def test_the_right_code_verifies_attendance_and_notifies(ana, summit):
    row = services.check_in(ana, summit.id, summit.checkin_code.lower())
    assert row.verified_at is not None and row.status == "attended"
    kinds = db.session.scalars(select(Notification.kind).where(
        Notification.user_id == ana.id)).all()
    assert kinds == ["event_check_in"]


def test_wrong_rotated_other_events_and_expired_codes_are_refused(ana, organizer, summit):
    other = make_event(organizer, title="Other Summit")
    for code, message in (("WRONG123", services.WRONG_CODE),
                          (other.checkin_code, services.OTHER_EVENTS_CODE)):
        with pytest.raises(ValidationFailed) as refused:
            services.check_in(ana, summit.id, code)
        assert refused.value.errors == {"code": [message]}
    old = summit.checkin_code
    services.rotate_code(organizer, summit.id)
    with pytest.raises(ValidationFailed) as refused:
        services.check_in(ana, summit.id, old)
    assert refused.value.errors == {"code": [services.ROTATED_CODE]}
    later = utcnow() + timedelta(days=2)
    with pytest.raises(ValidationFailed) as refused:
        services.check_in(ana, summit.id, summit.checkin_code, now=later)
    assert refused.value.errors == {"code": [services.NOT_OPEN]}
    assert services.attendance_of(ana.id, summit.id) is None


def test_attended_only_once_the_event_started(ana, organizer):
    future = make_event(organizer, starts_in_hours=48)
    with pytest.raises(ValidationFailed):
        services.set_attendance(ana, future.id, "attended")
    assert services.set_attendance(ana, future.id, "going").status == "going"


def test_a_change_tells_the_members_going(ana, ben, organizer, summit):
    services.set_attendance(ana, summit.id, "going")
    services.update_event(organizer, summit.id, {"city": "Evanston"})
    services.update_event(organizer, summit.id, {"description": "More detail"})
    messages = db.session.scalars(select(Notification.message).where(
        Notification.user_id == ana.id, Notification.kind == "event_changed")).all()
    assert messages == ["Trauma Summit 2026 changed its place."]
    assert not db.session.scalars(select(Notification).where(
        Notification.user_id == ben.id)).all()


def test_search_finds_title_provider_and_session_titles(organizer, summit):
    make_event(organizer, title="Grief Gathering", provider="Hospice Network")
    make_session(organizer, summit, title="Somatic experiencing")
    titles = lambda q: [e.title for e in services.list_events(services.EventFilters(q=q))[0]]  # noqa: E731
    assert titles("trauma") == ["Trauma Summit 2026"]
    assert titles("hospice") == ["Grief Gathering"]
    assert titles("somat") == ["Trauma Summit 2026"]
    assert titles("nothing-like-it") == []


def test_filters(organizer, summit):
    make_session(organizer, summit, specialties=["trauma-ptsd"])
    online = make_event(organizer, title="Online Ethics", online=True,
                        url="https://example.org/join", city="", country="",
                        credit_bodies=["nbcc"])
    past = make_event(organizer, title="Last Year", starts_in_hours=-24 * 400)
    listed = lambda **f: {e.title for e in services.list_events(services.EventFilters(**f))[0]}  # noqa: E731
    assert listed() == {summit.title, online.title}
    assert listed(when="past") == {past.title}
    assert listed(mode="online") == {online.title}
    assert listed(mode="in_person") == {summit.title}
    assert listed(credit_body="nbcc") == {online.title}
    assert listed(specialty="trauma-ptsd") == {summit.title}
    assert listed(country="US") == {summit.title}


def test_verified_hours_per_session_or_whole_event(ana, organizer, summit):
    emdr = make_session(organizer, summit, title="EMDR", credit_hours="2")
    make_session(organizer, summit, title="DBT", credit_hours="3")
    attend(ana, summit, sessions=[emdr])
    other = make_event(organizer, title="Ethics Day", credit_hours="4")
    attend(ana, other)
    going = make_event(organizer, title="Not verified")
    attend(ana, going, verified=False)
    credits = {c.key: c for c in verified_hours(ana.id)}
    assert set(credits) == {f"event-session:{emdr.id}", f"event:{other.id}"}
    assert credits[f"event-session:{emdr.id}"].hours == Decimal("2.00")
    assert credits[f"event:{other.id}"].hours == Decimal("4.00")
    assert credits[f"event:{other.id}"].live is True


def test_the_members_download_holds_their_attendance(client, ana, organizer, summit):
    import json

    from tests.factories import bearer

    emdr = make_session(organizer, summit, title="EMDR")
    attend(ana, summit, sessions=[emdr], listed=False)
    body = client.get("/api/v1/me/export", headers=bearer(client, ana))
    [entry] = json.loads(body.get_data(as_text=True))["event_attendance"]
    assert entry["title"] == "Trauma Summit 2026" and entry["sessions"] == ["EMDR"]
    assert entry["verified_at"] and entry["show_on_attendee_list"] is False


def test_verified_hours_fill_in_the_ce_log(client, auth, ana, organizer, summit):
    from tests.factories import ce_requirement

    emdr = make_session(organizer, summit, title="EMDR", credit_hours="2")
    ce_requirement(ana, total="40", cycle_start=summit.starts_at.date() - timedelta(days=30),
                   cycle_end=summit.ends_at.date() + timedelta(days=365))
    auth.login(ana.email)
    assert "0 of 40 hours" in client.get("/ce-log").get_data(as_text=True)
    attend(ana, summit, sessions=[emdr])
    page = client.get("/ce-log").get_data(as_text=True)
    assert "EMDR (Trauma Summit 2026)" in page and "2 of 40 hours" in page
