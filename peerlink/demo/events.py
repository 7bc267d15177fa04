"""The demo community's CE events: past and upcoming, with sessions, credit hours, credit
bodies, and verified attendance among the demo clinicians (so people to meet and the
attendee lists have something to show). Some sessions carry CE subjects (ethics, suicide
prevention ...), and clinicians with a demo renewal requirement attend them, so their CE logs
show subject progress filled in by events. Each event has its lounge (a chat room); a few
members are going to the upcoming ones, and two lounges have history: the telehealth one still
open for writing, the summit's read-only (it ended more than LOUNGE_OPEN_FOR ago)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from peerlink.accounts.models import User
from peerlink.chat import services as chat
from peerlink.chat.models import Message
from peerlink.db_types import utcnow
from peerlink.events.credit_bodies import seed_credit_bodies
from peerlink.events.index import index_events
from peerlink.events.models import (
    EVENT_ROOM,
    Attendance,
    CreditBody,
    Event,
    EventSession,
    SessionAttendance,
)
from peerlink.events.services import new_code
from peerlink.extensions import db
from peerlink.taxonomy.services import terms_by_slug


@dataclass(frozen=True)
class DemoSession:
    title: str
    hour: int  # local start hour on the first day
    hours: int
    room: str
    presenters: str
    specialties: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()  # CE subject codes (peerlink.ce_log.subjects)


@dataclass(frozen=True)
class DemoEvent:
    title: str
    provider: str
    organizer: str
    days_from_now: int
    days: int
    zone: str
    city: str
    country: str
    credit_hours: str
    bodies: tuple[str, ...]
    sessions: tuple[DemoSession, ...]
    attendees: tuple[str, ...] = ()  # verified; the first half in the first session
    online_url: str = ""
    subjects: tuple[str, ...] = ()  # where credited as a whole
    going: tuple[str, ...] = ()  # marked going (not checked in: the event is to come)


EVENTS = (
    DemoEvent("Trauma Summit 2026", "Midwest Trauma Institute", "priya.raman", -45, 2,
              "America/Chicago", "Chicago", "US", "12", ("apa", "aswb-ace", "nbcc"), (
                  DemoSession("EMDR", 9, 3, "Grand Ballroom A", "Dr. Lena Ortiz",
                              ("trauma-ptsd",), ("emdr",)),
                  DemoSession("Prolonged exposure for veterans", 13, 3, "Room 204",
                              "Dr. James Whitaker", ("trauma-ptsd",), ("cbt",)),
                  DemoSession("Medication in PTSD care", 16, 2, "Room 110",
                              "Dr. Ama Mensah", ("trauma-ptsd",))),
              ("maya.okafor", "kevin.castellano", "halima.warsame", "thao.nguyen",
               "omar.siddiqui", "nadia.petrova", "jamal.carter", "daniel.reyes")),
    DemoEvent("Ethics in Telehealth", "Northeast Counseling Association", "samuel.adeyemi",
              -20, 1, "America/New_York", "", "", "3", ("nbcc", "aswb-ace"), (
                  DemoSession("Boundaries across state lines", 10, 2, "", "Samuel Adeyemi",
                              subjects=("ethics", "laws-rules")),
                  DemoSession("Documentation that protects", 13, 1, "", "Dr. Ruth Cole",
                              subjects=("ethics",))),
              ("maya.okafor", "kevin.castellano", "naomi.feldman", "rebecca.goldfarb",
               "aaliyah.brooks", "tomas.almeida", "keisha.lawrence", "yesenia.morales"),
              online_url="https://example.org/ethics-telehealth", subjects=("ethics",)),
    DemoEvent("DBT Intensive", "Pacific DBT Collaborative", "caleb.hoffman", -90, 2,
              "America/Los_Angeles", "Seattle", "US", "10", ("apa",), (
                  DemoSession("Chain analysis", 9, 3, "Hall B", "Dr. Emily Park",
                              ("suicide-prevention",), ("dbt",),
                              subjects=("suicide-prevention",)),
                  DemoSession("Skills groups for adolescents", 13, 3, "Hall C",
                              "Kiana Moradi", ("mood-disorders",), ("dbt",))),
              ("halima.warsame", "hana.takahashi", "eunji.cho", "kiana.moradi", "fiona.macleod",
               "meiling.wu")),
    DemoEvent("Perinatal Mental Health Forum", "Women's Health Network", "eleanor.whitfield",
              21, 1, "Europe/London", "London", "GB", "6", ("ancc",), (
                  DemoSession("Screening in pregnancy", 9, 2, "Room 1", "Dr. Sarah Hughes",
                              ("perinatal",)),
                  DemoSession("Prescribing while breastfeeding", 13, 2, "Room 2",
                              "Dr. Rohan Mehta", ("perinatal",))),
              going=("chantal.baptiste", "ingrid.solberg", "yesenia.morales")),
    DemoEvent("Addiction Medicine Update", "NAADAC Great Lakes", "priya.raman", 40, 2,
              "America/Detroit", "Detroit", "US", "11", ("naadac", "accme"), (
                  DemoSession("Buprenorphine in primary care", 9, 3, "Salon A",
                              "Dr. Ibrahim Haddad", ("substance-use",),
                              subjects=("substance-use", "pain-opioids")),
                  DemoSession("Motivational interviewing refresher", 13, 3, "Salon B",
                              "Marcus Bell", ("substance-use",), ("motivational-interviewing",))),
              going=("ibrahim.haddad", "marcus.bell")),
    DemoEvent("Grief and Loss Across Cultures", "Southwest Grief Institute", "samuel.adeyemi",
              75, 1, "America/Phoenix", "Phoenix", "US", "5", ("apa", "nbcc"), (
                  DemoSession("Grief in Native communities", 9, 2, "Auditorium",
                              "Jolene Begay", ("grief-loss",),
                              subjects=("cultural-competence",)),
                  DemoSession("Complicated grief treatment", 13, 2, "Auditorium",
                              "Dr. Carolina Ruiz", ("grief-loss",))),
              going=("aaliyah.brooks", "jamal.carter")),
)

# Lounge history: (author, days after the event started, text).
LOUNGE_CHAT = {
    "Ethics in Telehealth": (
        ("naomi.feldman", 0, "Does anyone have the slide on interstate licensure compacts? "
                             "It went by fast."),
        ("samuel.adeyemi", 0, "I'll post the deck here after the session. The compact map is "
                              "on slide 14."),
        ("tomas.almeida", 1, "Thanks! The documentation session changed how I write my "
                             "telehealth consent notes."),
        ("kevin.castellano", 3, "@Naomi Feldman the compact tracker: "
                                "https://example.org/licensure-compacts"),
    ),
    "Trauma Summit 2026": (
        ("thao.nguyen", 0, "Great EMDR session this morning. Anyone staying for the PE track?"),
        ("daniel.reyes", 0, "Yes, room 204. Saving a seat near the front."),
        ("maya.okafor", 2, "Home again. Who wants to keep the **adolescent track** "
                           "conversation going? I started a group for it."),
    ),
}


def _at(day: datetime, hour: int, zone: str) -> datetime:
    return datetime.combine(day.date(), time(hour), ZoneInfo(zone))


def _seed_lounge(event: Event, lines, users: dict[str, User]) -> None:
    room = chat.open_room(EVENT_ROOM, event.id)
    for number, (slug, days, text) in enumerate(lines, 1):
        db.session.add(Message(
            room_id=room.id, author_id=users[slug].id, body=text,
            client_id=f"demo-lounge-{event.id}-{number}",
            created_at=event.starts_at + timedelta(days=days, hours=2 + number)))


def seed_events(users: dict[str, User]) -> int:
    """Add the demo events; the caller commits. Returns how many."""
    seed_credit_bodies()
    bodies = {body.slug: body for body in db.session.query(CreditBody)}
    wanted = {kind: {slug for e in EVENTS for s in e.sessions for slug in getattr(s, kind)}
              for kind in ("specialties", "modalities")}
    found = {kind: terms_by_slug(kind, slugs) for kind, slugs in wanted.items()}
    today = utcnow()
    created = []
    for spec in EVENTS:
        first = (today + timedelta(days=spec.days_from_now)).astimezone(ZoneInfo(spec.zone))
        event = Event(
            title=spec.title, provider=spec.provider, description="",
            starts_at=_at(first, 8, spec.zone),
            ends_at=_at(first + timedelta(days=spec.days - 1), 18, spec.zone),
            time_zone=spec.zone, online=bool(spec.online_url), venue="", city=spec.city,
            country=spec.country, url=spec.online_url,
            credit_hours=Decimal(spec.credit_hours), organizer=users[spec.organizer],
            checkin_code=new_code(), previous_checkin_code="",
            credit_bodies=[bodies[slug] for slug in spec.bodies], subjects=list(spec.subjects))
        for session in spec.sessions:
            starts = _at(first, session.hour, spec.zone)
            event.sessions.append(EventSession(
                title=session.title, starts_at=starts,
                ends_at=starts + timedelta(hours=session.hours), room=session.room,
                presenters=session.presenters,
                credit_hours=Decimal(session.hours),
                specialties=[found["specialties"][s] for s in session.specialties],
                modalities=[found["modalities"][m] for m in session.modalities],
                subjects=list(session.subjects)))
        db.session.add(event)
        db.session.flush()
        half = (len(spec.attendees) + 1) // 2
        for index, slug in enumerate(spec.attendees):
            db.session.add(Attendance(
                event_id=event.id, user_id=users[slug].id, status="attended",
                verified_at=event.starts_at + timedelta(minutes=10 + 7 * index),
                show_on_attendee_list=True))
            session = event.sessions[0] if index < half else event.sessions[-1]
            db.session.add(SessionAttendance(session_id=session.id, user_id=users[slug].id))
        for index, slug in enumerate(spec.going):
            db.session.add(Attendance(event_id=event.id, user_id=users[slug].id, status="going",
                                      show_on_attendee_list=True,
                                      created_at=today - timedelta(days=10 - index)))
        _seed_lounge(event, LOUNGE_CHAT.get(spec.title, ()), users)
        created.append(event.id)
    index_events(created)
    return len(created)
