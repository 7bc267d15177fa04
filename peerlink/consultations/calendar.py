"""The iCalendar file of a scheduled consultation, one per participant: in their own time
zone (with its VTIMEZONE; UTC where they chose none), one stable UID for the consultation,
SEQUENCE bumped whenever it moves or is cancelled, and METHOD:CANCEL once cancelled, so a
calendar that imported it updates or removes the entry. It names the other participant and
how you meet, never anything about the case."""

from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as CalendarEntry

from peerlink.consultations.models import CANCELLED, FORMATS, Consultation
from peerlink.consultations.services import in_zone, phone_display
from peerlink.errors import NotFound
from peerlink.links import absolute_url
from peerlink.profiles.cards import display_name
from peerlink.profiles.services import time_zone_of

PRODID = "-//PeerLink//Case consultations//EN"
NOT_SCHEDULED = "This consultation has no agreed time yet, so there is no calendar entry."


def uid(consultation: Consultation) -> str:
    return f"consultation-{consultation.id}@peerlink"


def invitation(consultation: Consultation, user_id: int) -> bytes:
    """The participant's calendar file (the caller checked they are one)."""
    if consultation.starts_at is None:
        raise NotFound(NOT_SCHEDULED)
    zone_name = time_zone_of(user_id) or "UTC"
    cancelled = consultation.state == CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    entry = CalendarEntry()
    entry.add("uid", uid(consultation))
    entry.add("sequence", consultation.sequence)
    entry.add("summary", f"Peer consultation with {display_name(consultation.other(user_id))}")
    entry.add("dtstart", in_zone(consultation.starts_at, zone_name))
    entry.add("dtend", in_zone(consultation.ends_at, zone_name))
    entry.add("dtstamp", datetime.now(UTC))
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    page = absolute_url("consultations.show", consultation_id=consultation.id)
    where, how = FORMATS[consultation.format], ""
    if consultation.format == "video" and consultation.video_url:
        where = how = consultation.video_url
        how = f"Join: {how}\n"
    elif consultation.format == "phone" and consultation.phone_number:
        number = phone_display(consultation.phone_number)
        where, how = f"Phone: {number}", f"Call {number} ({consultation.phone_number}).\n"
    entry.add("location", where)
    entry.add("url", page)
    entry.add("description", f"{how}Details in PeerLink: {page}")
    calendar.add_component(entry)
    if zone_name != "UTC":
        calendar.add_missing_timezones()
    return calendar.to_ical()


def filename(consultation: Consultation) -> str:
    return f"peerlink-consultation-{consultation.id}.ics"
