"""iCalendar (.ics): export an event, or a member's events, with their time zones; import a
conference programme as sessions of an event.

An import is all or nothing: a file that is too large, is not an iCalendar file, or has an
entry without a title, start or end (or outside the event's dates) creates no session, and
the error names the `programme` field. A VEVENT's CATEGORIES that name a CE subject (its code
or title, "Ethics") give the session that subject.
"""

from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from icalendar import Calendar
from icalendar import Event as CalendarEntry

from peerlink.ce_log.subjects import SUBJECTS
from peerlink.errors import ValidationFailed
from peerlink.events.index import index_events
from peerlink.events.models import Event, EventSession
from peerlink.events.services import managed_event
from peerlink.extensions import db
from peerlink.links import absolute_url

MAX_PROGRAMME_BYTES = 1024 * 1024
MAX_SESSIONS = 300
CALENDAR_TYPES = ("text/calendar", "application/octet-stream", "text/plain", "")
PRODID = "-//PeerLink//CE events//EN"


def _entry(uid: str, title: str, starts: datetime, ends: datetime, zone: str,
           location: str = "", description: str = "", url: str = "") -> CalendarEntry:
    entry = CalendarEntry()
    entry.add("uid", uid)
    entry.add("summary", title)
    tz = ZoneInfo(zone)
    entry.add("dtstart", starts.astimezone(tz))
    entry.add("dtend", ends.astimezone(tz))
    entry.add("dtstamp", datetime.now(UTC))
    if location:
        entry.add("location", location)
    if description:
        entry.add("description", description)
    if url:
        entry.add("url", url)
    return entry


def _where(event: Event) -> str:
    if event.online:
        return event.url
    return ", ".join(part for part in (event.venue, event.city, event.country) if part)


def _calendar(events: list[Event], name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        page = absolute_url("events.show", event_id=event.id)
        calendar.add_component(_entry(
            f"event-{event.id}@peerlink", event.title, event.starts_at, event.ends_at,
            event.time_zone, _where(event), event.description, page))
        for session in event.sessions:
            where = ", ".join(part for part in (session.room, _where(event)) if part)
            calendar.add_component(_entry(
                f"event-session-{session.id}@peerlink", f"{session.title} ({event.title})",
                session.starts_at, session.ends_at, event.time_zone, where,
                session.presenters, page))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def export_event(event: Event) -> bytes:
    return _calendar([event], event.title)


def export_events(events: list[Event]) -> bytes:
    return _calendar(events, "My CE events")


def _refuse(message: str) -> ValidationFailed:
    return ValidationFailed.on("programme", message)


def _moment(value, zone: str) -> datetime:
    moment = value.dt
    if not isinstance(moment, datetime):
        if isinstance(moment, date):
            raise _refuse("Each session needs a start and end time, not only a date.")
        raise _refuse("A start or end in the file is not a date and time.")
    if moment.tzinfo is None:  # floating time: the event's own zone
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(UTC)


def _hours(entry) -> Decimal:
    raw = entry.get("x-ce-credit-hours") or entry.get("x-credit-hours")
    if raw is None:
        return Decimal(0)
    try:
        hours = Decimal(str(raw)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise _refuse(f"The credit hours of “{entry.get('summary')}” are not a number.") \
            from None
    if hours < 0 or hours > 200:
        raise _refuse(f"The credit hours of “{entry.get('summary')}” are out of range.")
    return hours


def read_programme(data: bytes, filename: str, content_type: str,
                   event: Event) -> list[EventSession]:
    """The sessions a programme file describes, not yet added to the database."""
    if len(data) > MAX_PROGRAMME_BYTES:
        raise _refuse(f"The file is larger than {MAX_PROGRAMME_BYTES // 1024} KB; "
                      "import the programme in parts.")
    mimetype = (content_type or "").split(";")[0].strip().lower()
    if not filename.lower().endswith(".ics") or mimetype not in CALENDAR_TYPES:
        raise _refuse("Choose an iCalendar file (.ics), as conferences publish them.")
    if not data.lstrip().startswith(b"BEGIN:VCALENDAR"):
        raise _refuse("This file is not an iCalendar file: it should start with "
                      "BEGIN:VCALENDAR.")
    try:
        calendar = Calendar.from_ical(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, IndexError, KeyError):
        raise _refuse("This iCalendar file could not be read; it may be damaged.") from None
    entries = list(calendar.walk("VEVENT"))
    if not entries:
        raise _refuse("The file holds no sessions (no VEVENT entries).")
    if len(entries) > MAX_SESSIONS:
        raise _refuse(f"The file holds more than {MAX_SESSIONS} sessions.")
    sessions = []
    for entry in entries:
        title = str(entry.get("summary") or "").strip()
        if not title or entry.get("dtstart") is None or entry.get("dtend") is None:
            raise _refuse("Every session in the file needs a title (SUMMARY), a start "
                          "(DTSTART) and an end (DTEND).")
        try:
            starts = _moment(entry["dtstart"], event.time_zone)
            ends = _moment(entry["dtend"], event.time_zone)
        except (ValueError, TypeError):
            raise _refuse(f"The times of “{title[:80]}” could not be read.") from None
        if ends <= starts:
            raise _refuse(f"“{title[:80]}” ends before it starts.")
        if starts < event.starts_at or ends > event.ends_at:
            raise _refuse(f"“{title[:80]}” is outside the event's dates; check that the file "
                          "is this event's programme.")
        sessions.append(EventSession(
            title=title[:200], starts_at=starts, ends_at=ends,
            room=str(entry.get("location") or "")[:120],
            presenters=str(entry.get("x-presenters") or entry.get("organizer") or "")[:500],
            credit_hours=_hours(entry), subjects=_subjects(entry)))
    return sessions


def _subjects(entry) -> list[str]:
    """The CE subjects a VEVENT's CATEGORIES name, by code or title ("Ethics"); other
    categories (tracks, levels) are not subjects and are passed over."""
    raw = entry.get("categories")
    if raw is None:
        return []
    names = [str(name).strip().casefold()
             for group in (raw if isinstance(raw, list) else [raw])
             for name in getattr(group, "cats", [group])]
    known = {**{s.title.casefold(): s.code for s in SUBJECTS.values()},
             **{code.casefold(): code for code in SUBJECTS}}
    return list(dict.fromkeys(known[name] for name in names if name in known))


def import_programme(actor, event_id: int, data: bytes, filename: str,
                     content_type: str) -> list[EventSession]:
    """Create the programme's sessions on the event, all of them or none."""
    event = managed_event(actor, event_id)
    sessions = read_programme(data, filename, content_type, event)
    for session in sessions:
        session.event = event
        db.session.add(session)
    index_events([event.id])
    db.session.commit()
    return sessions
