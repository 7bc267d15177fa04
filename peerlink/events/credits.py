"""Verified CE hours, for the CE log: what a member's check-ins earned. Events answers the
CE log's `CreditSource` with them (registered by the events blueprint).

Per session where the member was in sessions of an event they checked in at (each session
with its own hours), else the whole event. Sessions without hours are left out; so is an
event without hours.

Each credit counts toward the CE subjects of its session (or of the event, where credited
whole), so an ethics session fills in the ethics minimum of a member's requirements.
"""

from sqlalchemy import select

from peerlink.ce_log.sources import EarnedCredit
from peerlink.events.models import Attendance, Event, EventSession, SessionAttendance
from peerlink.events.services import in_event_zone
from peerlink.extensions import db


def verified_hours(user_id: int) -> list[EarnedCredit]:
    """Each verified attended session, keyed "event-session:<id>" (or the whole event,
    "event:<id>", where the member was in none of its sessions), oldest first, completed on
    the day it ended in the event's own time zone, and live: every PeerLink event is live in
    person or online. Two queries."""
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
            credits += [EarnedCredit(
                key=f"event-session:{s.id}", title=f"{s.title} ({event.title})",
                provider=event.provider,
                completed_on=in_event_zone(s.ends_at, event.time_zone).date(),
                hours=s.credit_hours, live=True, subjects=tuple(s.subjects or ()))
                for s in attended]
        elif event.credit_hours > 0:
            credits.append(EarnedCredit(
                key=f"event:{event.id}", title=event.title, provider=event.provider,
                completed_on=in_event_zone(event.ends_at, event.time_zone).date(),
                hours=event.credit_hours, live=True,
                subjects=tuple(event.subjects or ())))
    return credits


class EventCredits:
    def earned_credits(self, user_id: int) -> list[EarnedCredit]:
        return verified_hours(user_id)


CREDITS = EventCredits()
