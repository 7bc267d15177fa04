"""Verified CE hours, for the CE log: what a member's check-ins earned.

Per session where the member was in sessions of an event they checked in at (each session
with its own hours), else the whole event. Sessions without hours are left out; so is an
event without hours.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from peerlink.events.models import Attendance, Event, EventSession, SessionAttendance
from peerlink.events.services import in_event_zone
from peerlink.extensions import db


@dataclass(frozen=True)
class VerifiedCredit:
    key: str  # stable: "event-session:<id>" or "event:<id>"
    title: str
    provider: str
    completed_on: date  # in the event's own time zone
    hours: Decimal  # as the CE log's EarnedCredit names it
    live: bool  # in person, or online and live (every PeerLink event is a live event)


def verified_hours(user_id: int) -> list[VerifiedCredit]:
    """Each verified attended session (or the whole event where the member was in none of
    its sessions), oldest first. Two queries."""
    events = db.session.scalars(
        select(Event).join(Attendance, Attendance.event_id == Event.id)
        .where(Attendance.user_id == user_id, Attendance.verified_at.is_not(None))
        .order_by(Event.ends_at, Event.id)).all()
    if not events:
        return []
    sessions: dict[int, list[EventSession]] = {}
    for session in db.session.scalars(
            select(EventSession).join(SessionAttendance,
                                      SessionAttendance.session_id == EventSession.id)
            .where(SessionAttendance.user_id == user_id,
                   EventSession.event_id.in_([event.id for event in events]))
            .order_by(EventSession.ends_at, EventSession.id)):
        sessions.setdefault(session.event_id, []).append(session)
    credits = []
    for event in events:
        attended = [s for s in sessions.get(event.id, []) if s.credit_hours > 0]
        if sessions.get(event.id):
            credits += [VerifiedCredit(
                key=f"event-session:{s.id}", title=f"{s.title} ({event.title})",
                provider=event.provider,
                completed_on=in_event_zone(s.ends_at, event.time_zone).date(),
                hours=s.credit_hours, live=True) for s in attended]
        elif event.credit_hours > 0:
            credits.append(VerifiedCredit(
                key=f"event:{event.id}", title=event.title, provider=event.provider,
                completed_on=in_event_zone(event.ends_at, event.time_zone).date(),
                hours=event.credit_hours, live=True))
    return credits
