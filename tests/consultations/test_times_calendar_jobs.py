"""Times across daylight-saving changes, the .ics files, reminders, retention and CE hours."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from peerlink.ce_log.progress import progress
from peerlink.chat import services as chat
from peerlink.chat.models import Message
from peerlink.consultations import calendar, credits, services
from peerlink.errors import ValidationFailed
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from tests.factories import make_consultation


def _request(pair, slots, zone="America/New_York"):
    from tests.factories import CASE_QUESTION, CASE_SUMMARY

    return services.request_consultation(pair["requester"], {
        "audience": "peer", "peer_id": pair["peer"].id, "topic": "Panic after relapse",
        "summary": CASE_SUMMARY, "question": CASE_QUESTION, "urgency": "routine",
        "format": "video", "video_url": "https://meet.example.org/abc", "duration_minutes": 60,
        "retention_days": 30, "deidentified": True, "time_zone": zone, "slots": slots})


# New York moves its clocks on 14 March and 7 November 2027, London on 28 March and
# 31 October: in the weeks between, the two are 4 hours apart instead of 5.
@pytest.mark.parametrize(("new_york", "utc", "london"), [
    ("2027-03-09T10:00", "2027-03-09T15:00", "2027-03-09T15:00"),  # both on winter time
    ("2027-03-16T10:00", "2027-03-16T14:00", "2027-03-16T14:00"),  # NY summer, London not
    ("2027-03-30T10:00", "2027-03-30T14:00", "2027-03-30T15:00"),  # both on summer time
    ("2027-11-02T10:00", "2027-11-02T14:00", "2027-11-02T14:00"),  # London back, NY not
    ("2027-11-09T10:00", "2027-11-09T15:00", "2027-11-09T15:00"),  # both back
])
def test_each_side_sees_the_slot_in_its_own_zone_across_dst(pair, new_york, utc, london):
    local = datetime.fromisoformat(new_york)
    c = _request(pair, [local, local + timedelta(days=1)])
    slot = c.slots[0]
    assert slot.starts_at.replace(tzinfo=None) == datetime.fromisoformat(utc)
    assert slot.time_zone == "America/New_York"
    mine = services.view(pair["requester"], c).slots[0].local
    theirs = services.view(pair["peer"], c).slots[0].local
    assert mine.replace(tzinfo=None) == local
    assert theirs.replace(tzinfo=None) == datetime.fromisoformat(london)


def test_a_time_the_clocks_skip_is_refused(pair):
    with pytest.raises(ValidationFailed) as refused:
        _request(pair, [datetime(2027, 3, 14, 2, 30), datetime(2027, 3, 15, 10)])
    assert "slots" in refused.value.errors


def _ics(consultation, user) -> Calendar:
    return Calendar.from_ical(calendar.invitation(consultation, user.id))


def test_ics_per_side_with_zones_then_moved_then_cancelled(pair):
    c = _request(pair, [datetime(2027, 3, 16, 10), datetime(2027, 3, 17, 10)])
    services.accept(pair["peer"], c.id, c.slots[0].id)
    peer_cal, requester_cal = _ics(c, pair["peer"]), _ics(c, pair["requester"])
    (entry,) = peer_cal.walk("VEVENT")
    assert str(peer_cal["METHOD"]) == "PUBLISH"
    assert str(entry["UID"]) == f"consultation-{c.id}@peerlink" and entry["SEQUENCE"] == 0
    assert entry["DTSTART"].dt.tzinfo.key == "Europe/London"
    assert entry["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 3, 16, 14)
    assert [str(tz["TZID"]) for tz in peer_cal.walk("VTIMEZONE")] == ["Europe/London"]
    (mine,) = requester_cal.walk("VEVENT")
    assert mine["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 3, 16, 10)
    assert str(mine["UID"]) == str(entry["UID"])
    assert "Pete Peer" in str(mine["SUMMARY"]) and str(mine["LOCATION"]).startswith("https://")
    text = calendar.invitation(c, pair["peer"].id).decode()
    assert "panic" not in text.lower() and "sertraline" not in text.lower()

    services.propose_times(pair["requester"], c.id, [datetime(2027, 3, 18, 11)],
                           "America/New_York")
    services.accept(pair["peer"], c.id, services.current_slots(c)[0].id)
    (moved,) = _ics(c, pair["peer"]).walk("VEVENT")
    assert moved["SEQUENCE"] == 1 and str(moved["UID"]) == str(entry["UID"])
    assert moved["DTSTART"].dt.replace(tzinfo=None) == datetime(2027, 3, 18, 15)

    services.cancel(pair["requester"], c.id)
    cancelled = _ics(c, pair["peer"])
    (gone,) = cancelled.walk("VEVENT")
    assert str(cancelled["METHOD"]) == "CANCEL" and str(gone["STATUS"]) == "CANCELLED"
    assert gone["SEQUENCE"] == 2


def test_ics_download_per_side(client, api, pair):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    response = api("get", f"/api/v1/consultations/{c.id}/calendar.ics", pair["requester"])
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert "America/New_York" in response.get_data(as_text=True)
    waiting = make_consultation(pair["requester"], pair["peer"])
    assert api("get", f"/api/v1/consultations/{waiting.id}/calendar.ics",
               pair["requester"]).status_code == 404


def test_reminders_once_each(app, pair):
    app.config["CONSULTATION_REMINDER_MINUTES"] = 60
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    now = c.starts_at - timedelta(minutes=30)
    assert services.send_reminders(now=c.starts_at - timedelta(hours=3)) == 0
    assert services.send_reminders(now=now) == 1
    assert services.send_reminders(now=now + timedelta(minutes=5)) == 0
    reminded = db.session.scalars(select(Notification.user_id).where(
        Notification.kind == "consultation_reminder")).all()
    assert sorted(reminded) == sorted([pair["requester"].id, pair["peer"].id])


def test_the_cli_jobs_run(app, pair):
    runner = app.test_cli_runner()
    assert "reminded 0 consultations" in runner.invoke(
        args=["consultations", "send-reminders"]).output
    assert "Expired 0" in runner.invoke(args=["consultations", "expire"]).output
    assert "Emptied 0" in runner.invoke(args=["consultations", "purge-expired"]).output


def _room_messages(consultation) -> int:
    room = chat.owned_room("consultation", consultation.id)
    return db.session.scalar(select(func.count()).select_from(Message)
                             .where(Message.room_id == room.id))


def test_purge_deletes_exactly_what_expired(pair):
    short = make_consultation(pair["requester"], pair["peer"], state="scheduled",
                              retention_days=7)
    long = make_consultation(pair["requester"], pair["peer"], state="scheduled",
                             retention_days=30, slot_days=(5, 6))
    running = make_consultation(pair["requester"], pair["peer"], state="scheduled",
                                retention_days=7, slot_days=(7, 8))
    for i, c in enumerate((short, long, running)):
        room = chat.owned_room("consultation", c.id)
        chat.send(pair["peer"], room.id, "What maintains the avoidance?", f"p-{i}")
        chat.send(pair["requester"], room.id, "Mostly the safety behaviours.", f"r-{i}")
    ended = datetime.now(UTC) - timedelta(days=10)
    for c in (short, long):
        c.starts_at = ended - timedelta(hours=1)
        db.session.commit()
        services.complete(pair["peer"], c.id)
        c.completed_at = ended
        db.session.commit()
    assert services.purge_expired() == 1
    assert _room_messages(short) == 0 and short.purged_at is not None
    assert _room_messages(long) == 2 and long.purged_at is None
    assert _room_messages(running) == 2
    assert services.purge_expired() == 0
    later = ended + timedelta(days=30, seconds=1)
    assert services.purge_expired(now=later) == 1
    assert _room_messages(long) == 0 and _room_messages(running) == 2


def test_ce_hours_count_only_where_the_requirement_names_peer_consultation(pair):
    c = make_consultation(pair["requester"], pair["peer"], state="completed")
    assert credits.earned(pair["peer"].id) == []
    credits.add(pair["peer"], c.id)
    (credit,) = credits.earned(pair["peer"].id)
    assert credit.hours == Decimal("1.00") and credit.subjects == ("peer-consultation",)
    assert credits.earned(pair["requester"].id) == []
    requirement = SimpleNamespace(cycle_start=date(2000, 1, 1), cycle_end=date(2100, 1, 1),
                                  total_hours=Decimal(40), self_study_cap=None,
                                  live_minimum=None, subject_hours={})
    assert progress(requirement, [credit]).counted == 0
    requirement.subject_hours = {"peer-consultation": Decimal(0)}
    assert progress(requirement, [credit]).counted == Decimal("1.00")


def test_deleting_an_account_takes_its_consultations_and_rooms(pair):
    from peerlink.accounts import services as accounts
    from peerlink.chat.models import Room
    from peerlink.consultations.models import Consultation
    from tests.factories import PASSWORD

    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    room = chat.owned_room("consultation", c.id)
    chat.send(pair["peer"], room.id, "See you Thursday.", "bye-1")
    accounts.delete_account(pair["requester"], password=PASSWORD)
    assert db.session.scalar(select(func.count()).select_from(Consultation)) == 0
    assert db.session.scalar(select(func.count()).select_from(Room).where(
        Room.kind == "consultation")) == 0
    assert db.session.scalar(select(func.count()).select_from(Message)) == 0
