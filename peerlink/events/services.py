"""CE events and their sessions: who may create and change them, the events list and its
search, going / attended, and verified check-in.

Organizers (the role) create events and change their own; admins change any. Members mark
themselves going or attended, for the event and for sessions. During the event the organizer
shows a check-in code (and a QR code of the check-in link); a member who enters the current
code inside the event's time window is marked verified. Rotating the code retires the old
one at once.
"""

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, delete, exists, func, or_, select

from peerlink.accounts.models import User
from peerlink.accounts.services import confirmed_member, has_role
from peerlink.chat import services as chat
from peerlink.db_types import utcnow
from peerlink.errors import NotFound, PermissionDenied, ValidationFailed
from peerlink.events import index
from peerlink.events.models import (
    ATTENDANCE_STATUSES,
    EVENT_ROOM,
    SESSION_TERMS,
    Attendance,
    CreditBody,
    Event,
    EventSession,
    SessionAttendance,
    event_credit_bodies,
)
from peerlink.extensions import Limit, db
from peerlink.links import path_to
from peerlink.notifications.services import notify
from peerlink.taxonomy.services import terms_by_slug

NO_SUCH_EVENT = "No such event."
NO_SUCH_SESSION = "No such session at this event."
ONLY_ORGANIZERS = "Only organizers can create events."
NOT_YOURS = "Only the event's organizer (or an admin) can change it."
# Check-in opens a little before the event starts and closes a little after it ends.
CHECK_IN_EARLY = timedelta(hours=1)
CHECK_IN_LATE = timedelta(hours=1)
# Unambiguous letters and digits (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# Per member, the page and the API together: a member typing a code by hand stays far under;
# guessing one does not.
CHECK_INS = Limit("20 per hour", "check-in attempts")
WRONG_CODE = "That is not this event's check-in code. Check it against the organizer's screen."
ROTATED_CODE = "That code has been replaced by a new one. Ask the organizer for the current code."
OTHER_EVENTS_CODE = "That code is for another event. Check in on that event's page instead."
NOT_OPEN = ("Check-in is open from an hour before the event starts until an hour after it "
            "ends; this code cannot be used now.")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """What a member typed, as a code: ASCII letters and digits only, upper case (spaces,
    dashes and other characters are dropped, so a code never fails on how it was typed)."""
    return "".join(character for character in value.upper()
                   if character.isascii() and character.isalnum())[:CODE_LENGTH * 2]


# --- who may do what -----------------------------------------------------------------------


def can_create_events(user) -> bool:
    return has_role(user, "organizer")


def require_can_create(user) -> None:
    if not can_create_events(user):
        raise PermissionDenied(ONLY_ORGANIZERS)


def can_manage(user, event: Event) -> bool:
    """The event's own organizer (still an organizer), or an admin."""
    if has_role(user, "admin"):
        return True
    return has_role(user, "organizer") and event.organizer_id == user.id


def require_manage(user, event: Event) -> None:
    if not can_manage(user, event):
        raise PermissionDenied(NOT_YOURS)


def get_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise NotFound(NO_SUCH_EVENT)
    return event


def get_session(event_id: int, session_id: int) -> EventSession:
    session = db.session.get(EventSession, session_id)
    if session is None or session.event_id != event_id:
        raise NotFound(NO_SUCH_SESSION)
    return session


def managed_event(actor, event_id: int) -> Event:
    event = get_event(event_id)
    require_manage(actor, event)
    return event


# --- times ---------------------------------------------------------------------------------


def to_utc(local: datetime, zone: str) -> datetime:
    """A wall-clock time in the event's zone (as typed) -> aware UTC."""
    if local.tzinfo is not None:
        return local.astimezone(UTC)
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def in_event_zone(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def _check_times(starts: datetime, ends: datetime, field: str = "ends_at") -> None:
    if ends <= starts:
        raise ValidationFailed.on(field, "The end must come after the start.")


# --- events --------------------------------------------------------------------------------


def _credit_bodies(slugs) -> list[CreditBody]:
    slugs = list(dict.fromkeys(slugs or ()))
    if not slugs:
        return []
    found = {body.slug: body for body in db.session.scalars(
        select(CreditBody).where(CreditBody.slug.in_(slugs)))}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise ValidationFailed.on("credit_bodies",
                                  f"Choose credit bodies from the list ({', '.join(unknown)} "
                                  "is not one).")
    return [found[slug] for slug in slugs]


def _apply_event(event: Event, data: dict) -> None:
    zone = data.get("time_zone", event.time_zone)
    for name in ("title", "provider", "description", "online", "venue", "city", "country",
                 "url", "credit_hours"):
        if name in data:
            setattr(event, name, data[name])
    event.time_zone = zone
    for name in ("starts_at", "ends_at"):
        if name in data:
            setattr(event, name, to_utc(data[name], zone))
        elif "time_zone" in data and getattr(event, name) is not None:
            # The same wall-clock time, read in the new zone.
            local = in_event_zone(getattr(event, name), event.time_zone).replace(tzinfo=None)
            setattr(event, name, to_utc(local, zone))
    if "credit_bodies" in data:
        event.credit_bodies = _credit_bodies(data["credit_bodies"])
    if "subjects" in data:
        event.subjects = list(dict.fromkeys(data["subjects"]))
    _check_times(event.starts_at, event.ends_at)
    if event.online and not event.url:
        raise ValidationFailed.on("url", "Give the link members join an online event at.")
    if not event.online and not (event.city and event.country):
        errors = {}
        if not event.city:
            errors["city"] = ["Give the city of an in-person event."]
        if not event.country:
            errors["country"] = ["Choose the country of an in-person event."]
        raise ValidationFailed(errors=errors)


def _applied(apply, *args) -> None:
    """Apply a change; if it breaks a rule, forget it, so no later commit writes half of it."""
    try:
        with db.session.no_autoflush:
            apply(*args)
    except ValidationFailed:
        db.session.rollback()
        raise


def create_event(actor, data: dict) -> Event:
    require_can_create(actor)
    event = Event(organizer_id=actor.id, checkin_code=new_code(), previous_checkin_code="",
                  created_at=utcnow(), updated_at=utcnow(), description="", provider="",
                  venue="", city="", country="", url="", online=False,
                  credit_hours=Decimal(0), subjects=[])
    _applied(_apply_event, event, data)
    db.session.add(event)
    db.session.flush()
    index.index_events([event.id])
    chat.open_room(EVENT_ROOM, event.id)
    db.session.commit()
    return event


def update_event(actor, event_id: int, data: dict) -> Event:
    """Change an event; members going to it (or who attended) are told what changed."""
    event = managed_event(actor, event_id)
    before = _what_members_rely_on(event)
    _applied(_apply_event, event, data)
    event.updated_at = utcnow()
    index.index_events([event.id])
    changed = [label for label, value in _what_members_rely_on(event).items()
               if before[label] != value]
    if changed:
        _tell_attendees(event, actor, changed)
    db.session.commit()
    return event


def _what_members_rely_on(event: Event) -> dict:
    return {"title": event.title, "time": (event.starts_at, event.ends_at, event.time_zone),
            "place": (event.online, event.venue, event.city, event.country, event.url)}


def _tell_attendees(event: Event, actor, changed: list[str]) -> None:
    members = db.session.scalars(select(Attendance.user_id).where(
        Attendance.event_id == event.id, Attendance.user_id != actor.id)).all()
    what = " and ".join([", ".join(changed[:-1]), changed[-1]] if len(changed) > 2 else changed)
    for user_id in members:
        notify(user_id, "event_changed", f"{event.title} changed its {what}.",
               link=path_to("events.show", event_id=event.id), actor_id=actor.id)


# --- sessions ------------------------------------------------------------------------------


def _apply_session(session: EventSession, event: Event, data: dict) -> None:
    for name in ("title", "room", "presenters", "credit_hours"):
        if name in data:
            setattr(session, name, data[name])
    if "subjects" in data:
        session.subjects = list(dict.fromkeys(data["subjects"]))
    for name in ("starts_at", "ends_at"):
        if name in data:
            setattr(session, name, to_utc(data[name], event.time_zone))
    for name in SESSION_TERMS:
        if name in data:
            found = terms_by_slug(name, data[name])
            unknown = [slug for slug in data[name] if slug not in found]
            if unknown:
                raise ValidationFailed.on(name, f"Choose from the list ({', '.join(unknown)} "
                                                "is not one).")
            setattr(session, name, [found[slug] for slug in data[name]])
    _check_times(session.starts_at, session.ends_at)
    if session.starts_at < event.starts_at or session.ends_at > event.ends_at:
        raise ValidationFailed.on("starts_at", "A session must take place within the event's "
                                               "start and end.")


def add_session(actor, event_id: int, data: dict) -> EventSession:
    event = managed_event(actor, event_id)
    session = EventSession(room="", presenters="", credit_hours=Decimal(0), subjects=[])
    _applied(_apply_session, session, event, data)
    session.event_id = event.id
    db.session.add(session)
    index.index_events([event.id])
    db.session.commit()
    return session


def update_session(actor, event_id: int, session_id: int, data: dict) -> EventSession:
    event = managed_event(actor, event_id)
    session = get_session(event_id, session_id)
    _applied(_apply_session, session, event, data)
    index.index_events([event.id])
    db.session.commit()
    return session


# --- the events list -----------------------------------------------------------------------

WHEN = ("upcoming", "past")
MODES = ("online", "in_person")


@dataclass(frozen=True)
class EventFilters:
    q: str = ""
    when: str = "upcoming"
    mode: str = ""
    credit_body: str = ""
    specialty: str = ""
    country: str = ""


def _filtered(filters: EventFilters, now: datetime):
    conditions = []
    if filters.when == "past":
        conditions.append(Event.ends_at < now)
    elif filters.when == "upcoming":
        conditions.append(Event.ends_at >= now)
    if filters.mode:
        conditions.append(Event.online.is_(filters.mode == "online"))
    if filters.country:
        conditions.append(Event.country == filters.country)
    if filters.credit_body:
        conditions.append(exists().where(
            event_credit_bodies.c.event_id == Event.id,
            event_credit_bodies.c.credit_body_id == select(CreditBody.id).where(
                CreditBody.slug == filters.credit_body).scalar_subquery()))
    if filters.specialty:
        from peerlink.taxonomy.models import Specialty

        link = SESSION_TERMS["specialties"]
        conditions.append(exists().where(
            EventSession.event_id == Event.id, link.c.session_id == EventSession.id,
            link.c.term_id == select(Specialty.id).where(
                Specialty.slug == filters.specialty).scalar_subquery()))
    words = index.matching(Event.id, filters.q)
    if words is not None:
        conditions.append(words)
    return and_(*conditions) if conditions else None


def list_events(filters: EventFilters, limit: int = 20, offset: int = 0) -> tuple[list, int]:
    """(a page of events, how many match): upcoming soonest first, past latest first. Two
    queries for the page, one for the credit bodies of its events."""
    now = utcnow()
    condition = _filtered(filters, now)
    query = select(Event)
    count = select(func.count()).select_from(Event)
    if condition is not None:
        query, count = query.where(condition), count.where(condition)
    order = (Event.starts_at.desc(),) if filters.when == "past" else (Event.starts_at,)
    events = list(db.session.scalars(query.order_by(*order, Event.id).limit(limit)
                                     .offset(offset)))
    _load_credit_bodies(events)
    return events, db.session.scalar(count)


def _load_credit_bodies(events: list[Event]) -> None:
    from sqlalchemy.orm import selectinload

    if events:
        db.session.scalars(select(Event).where(Event.id.in_([e.id for e in events]))
                           .options(selectinload(Event.credit_bodies))).all()


def event_with_sessions(event_id: int) -> Event:
    from sqlalchemy.orm import selectinload

    event = db.session.scalar(select(Event).where(Event.id == event_id).options(
        selectinload(Event.credit_bodies),
        selectinload(Event.sessions).selectinload(EventSession.specialties),
        selectinload(Event.sessions).selectinload(EventSession.modalities)))
    if event is None:
        raise NotFound(NO_SUCH_EVENT)
    return event


# --- attendance ----------------------------------------------------------------------------


def attendance_of(user_id: int, event_id: int) -> Attendance | None:
    return db.session.get(Attendance, (event_id, user_id))


def my_session_ids(user_id: int, event_id: int) -> set[int]:
    return set(db.session.scalars(
        select(SessionAttendance.session_id).join(
            EventSession, EventSession.id == SessionAttendance.session_id)
        .where(SessionAttendance.user_id == user_id, EventSession.event_id == event_id)))


def set_attendance(actor, event_id: int, status: str | None,
                   show_on_attendee_list: bool | None = None) -> Attendance | None:
    """Going, attended, or neither (None: the member's sessions there go too). A verified
    attendance stays attended: the check-in is the record."""
    event = get_event(event_id)
    row = attendance_of(actor.id, event.id)
    if status is None:
        if row is not None and row.verified_at is not None:
            raise ValidationFailed.on("status", "You checked in at this event; your verified "
                                                "attendance stays on your record.")
        if row is not None:
            db.session.delete(row)
        db.session.execute(delete(SessionAttendance).where(
            SessionAttendance.user_id == actor.id,
            SessionAttendance.session_id.in_(select(EventSession.id).where(
                EventSession.event_id == event.id))))
        db.session.commit()
        return None
    if status == "attended" and event.starts_at > utcnow():
        raise ValidationFailed.on("status", "This event has not started yet: mark yourself "
                                            "going for now.")
    if row is None:
        row = Attendance(event_id=event.id, user_id=actor.id, created_at=utcnow(),
                         show_on_attendee_list=True, status=status)
        db.session.add(row)
    if row.verified_at is None:
        row.status = status
    if show_on_attendee_list is not None:
        row.show_on_attendee_list = show_on_attendee_list
    chat.open_room(EVENT_ROOM, event.id)  # an event older than lounges gets its own now
    db.session.commit()
    return row


def set_listing(actor, event_id: int, show: bool) -> Attendance:
    """Whether the member appears on the event's attendee list."""
    get_event(event_id)
    row = attendance_of(actor.id, event_id)
    if row is None:
        raise ValidationFailed.on("show_on_attendee_list",
                                  "Mark yourself going or attended first.")
    row.show_on_attendee_list = show
    db.session.commit()
    return row


def set_session_attendance(actor, event_id: int, session_id: int, present: bool) -> bool:
    """In a session or not; being in one marks the member going to the event."""
    event = get_event(event_id)
    session = get_session(event_id, session_id)
    row = db.session.get(SessionAttendance, (session.id, actor.id))
    if present and row is None:
        if attendance_of(actor.id, event.id) is None:
            db.session.add(Attendance(event_id=event.id, user_id=actor.id, status="going",
                                      show_on_attendee_list=True, created_at=utcnow()))
        db.session.add(SessionAttendance(session_id=session.id, user_id=actor.id,
                                         created_at=utcnow()))
        chat.open_room(EVENT_ROOM, event.id)
    elif not present and row is not None:
        db.session.delete(row)
    db.session.commit()
    return present


# --- check-in ------------------------------------------------------------------------------


def check_in_open(event: Event, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return event.starts_at - CHECK_IN_EARLY <= now <= event.ends_at + CHECK_IN_LATE


def check_in_code(actor, event_id: int) -> Event:
    """The event, for its organizer's check-in screen."""
    return managed_event(actor, event_id)


def rotate_code(actor, event_id: int) -> Event:
    event = managed_event(actor, event_id)
    event.previous_checkin_code = event.checkin_code
    event.checkin_code = new_code()
    db.session.commit()
    return event


def check_in(actor, event_id: int, code: str, now: datetime | None = None) -> Attendance:
    """Mark the member's attendance verified if `code` is the event's current code and the
    event is on; every refusal names the `code` field and says why."""
    event = get_event(event_id)
    typed = normalize_code(code)
    if not secrets.compare_digest(typed, event.checkin_code):
        if event.previous_checkin_code and secrets.compare_digest(
                typed, event.previous_checkin_code):
            raise ValidationFailed.on("code", ROTATED_CODE)
        if typed and db.session.scalar(select(exists().where(
                Event.id != event.id, or_(Event.checkin_code == typed,
                                          Event.previous_checkin_code == typed)))):
            raise ValidationFailed.on("code", OTHER_EVENTS_CODE)
        raise ValidationFailed.on("code", WRONG_CODE)
    if not check_in_open(event, now):
        raise ValidationFailed.on("code", NOT_OPEN)
    row = attendance_of(actor.id, event.id)
    first = row is None or row.verified_at is None
    if row is None:
        row = Attendance(event_id=event.id, user_id=actor.id, show_on_attendee_list=True,
                         created_at=utcnow())
        db.session.add(row)
    row.status = "attended"
    if first:
        row.verified_at = now or utcnow()
        notify(actor.id, "event_check_in",
               f"You checked in at {event.title}: your attendance is verified.",
               link=path_to("events.show", event_id=event.id))
    chat.open_room(EVENT_ROOM, event.id)
    db.session.commit()
    return row


# --- the event's lounge (a chat room) ------------------------------------------------------
# Members going to the event or who attended it (confirmed, not suspended) and its own
# organizer read the lounge, live: marking oneself not going takes one out at once. They
# write in it until LOUNGE_OPEN_FOR after the event ends; then it is read-only. The
# organizer (and an admin who reads it) removes others' messages with a reason.

LOUNGE_OPEN_FOR = timedelta(days=30)


def lounge_readers_query(event_id) -> Select:
    """SQL: ids of the members who may read the event's lounge."""
    organizer = select(Event.organizer_id).where(Event.id == event_id)
    going = select(Attendance.user_id).where(Attendance.event_id == event_id,
                                             Attendance.status.in_(ATTENDANCE_STATUSES))
    return select(User.id).where(
        User.suspended_at.is_(None), confirmed_member(User.id),
        or_(User.id.in_(going),
            and_(User.id.in_(organizer), User.role.in_(("organizer", "admin")))))


def lounge_readers(event_id: int) -> set[int]:
    return set(db.session.scalars(lounge_readers_query(event_id)))


def can_read_lounge(user_id: int, event_id: int) -> bool:
    return bool(db.session.scalar(select(exists(
        lounge_readers_query(event_id).where(User.id == user_id)))))


def lounge_open(event: Event, now: datetime | None = None) -> bool:
    """May the lounge's readers still write in it (the event is to come, on, or ended less
    than LOUNGE_OPEN_FOR ago)?"""
    return (now or utcnow()) <= event.ends_at + LOUNGE_OPEN_FOR


def can_post_lounge(user_id: int, event: Event) -> bool:
    return lounge_open(event) and can_read_lounge(user_id, event.id)


def lounge_candidates(user_id: int) -> Select:
    """SQL: ids of the events whose lounge the member may read (each is checked again)."""
    return select(Attendance.event_id).where(Attendance.user_id == user_id).union(
        select(Event.id).where(Event.organizer_id == user_id))


def open_lounge(actor, event_id: int):
    """The event's lounge, for one of its readers: made now for an event older than lounges.
    Anyone else is told there is no such conversation, as chat says of any room."""
    event = get_event(event_id)
    if not can_read_lounge(actor.id, event.id):
        raise NotFound(chat.NO_SUCH_ROOM, {"room_id": [chat.NO_SUCH_ROOM]})
    room = chat.open_room(EVENT_ROOM, event.id)
    db.session.commit()
    return room


def lounge_room_id(event_id: int) -> int | None:
    room = chat.owned_room(EVENT_ROOM, event_id)
    return room.id if room is not None else None


# --- my events -----------------------------------------------------------------------------


def my_events(user_id: int) -> list[Event]:
    """Events the member is going to or attended, with their sessions, soonest first."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(
        select(Event).join(Attendance, Attendance.event_id == Event.id)
        .where(Attendance.user_id == user_id)
        .options(selectinload(Event.sessions)).order_by(Event.starts_at, Event.id)))


def my_attendance(user_id: int) -> list[dict]:
    """The member's attendances with their sessions there, oldest first. Two queries."""
    rows = db.session.execute(
        select(Attendance, Event.title, Event.starts_at)
        .join(Event, Event.id == Attendance.event_id)
        .where(Attendance.user_id == user_id).order_by(Event.starts_at, Event.id)).all()
    sessions: dict[int, list[str]] = {}
    for event_id, title in db.session.execute(
            select(EventSession.event_id, EventSession.title)
            .join(SessionAttendance, SessionAttendance.session_id == EventSession.id)
            .where(SessionAttendance.user_id == user_id)
            .order_by(EventSession.starts_at, EventSession.id)):
        sessions.setdefault(event_id, []).append(title)
    return [{"event_id": row.event_id, "title": title, "starts_at": starts_at,
             "status": row.status, "verified_at": row.verified_at,
             "show_on_attendee_list": row.show_on_attendee_list,
             "sessions": sessions.get(row.event_id, [])} for row, title, starts_at in rows]
