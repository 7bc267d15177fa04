"""The events feature's answer to profiles.attendance: who attended which event with whom.

Only a verified attendance (the member checked in) counts, and another member's only where
they chose to appear on the event's attendee list: someone who keeps off the list is never
named as a co-attendee, neither by privacy ("connections and attendees"), the directory's
event filter, nor people to meet. Registered from the events blueprint's record_once.
"""

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from peerlink.events.models import Attendance, Event, EventSession, SessionAttendance
from peerlink.extensions import db


def verified(row=Attendance) -> ColumnElement:
    return row.verified_at.is_not(None)


def known(row=Attendance) -> ColumnElement:
    """SQL: an attendance others may know of: verified, and on the attendee list."""
    return and_(row.verified_at.is_not(None), row.show_on_attendee_list.is_(True))


class EventAttendance:
    def co_attendee_clause(self, viewer_id, user_id_column) -> ColumnElement:
        mine, theirs = aliased(Attendance), aliased(Attendance)
        return user_id_column.in_(
            select(theirs.user_id).join(mine, mine.event_id == theirs.event_id)
            .where(mine.user_id == viewer_id, verified(mine), known(theirs)))

    def shared_events(self, viewer_id: int, other_ids: list[int]) -> dict[int, list[str]]:
        if not other_ids:
            return {}
        mine, theirs = aliased(Attendance), aliased(Attendance)
        rows = db.session.execute(
            select(theirs.user_id, Event.title)
            .join(mine, mine.event_id == theirs.event_id)
            .join(Event, Event.id == theirs.event_id)
            .where(mine.user_id == viewer_id, verified(mine), known(theirs),
                   theirs.user_id.in_(other_ids))
            .order_by(Event.starts_at.desc(), Event.id))
        found: dict[int, list[str]] = {}
        for user_id, title in rows:
            found.setdefault(user_id, []).append(title)
        return found

    def shared_sessions(self, viewer_id: int,
                        other_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        if not other_ids:
            return {}
        mine, theirs = aliased(Attendance), aliased(Attendance)
        my_session, their_session = aliased(SessionAttendance), aliased(SessionAttendance)
        rows = db.session.execute(
            select(their_session.user_id, EventSession.title, Event.title)
            .join(my_session, my_session.session_id == their_session.session_id)
            .join(EventSession, EventSession.id == their_session.session_id)
            .join(Event, Event.id == EventSession.event_id)
            .join(mine, and_(mine.event_id == Event.id, mine.user_id == viewer_id))
            .join(theirs, and_(theirs.event_id == Event.id,
                               theirs.user_id == their_session.user_id))
            .where(my_session.user_id == viewer_id, verified(mine), known(theirs),
                   their_session.user_id.in_(other_ids))
            .order_by(Event.starts_at.desc(), EventSession.starts_at, EventSession.id))
        found: dict[int, list[tuple[str, str]]] = {}
        for user_id, session, event in rows:
            found.setdefault(user_id, []).append((session, event))
        return found

    def attendee_clause(self, event_id, user_id_column) -> ColumnElement:
        return user_id_column.in_(select(Attendance.user_id).where(
            Attendance.event_id == event_id, known()))


ATTENDANCE = EventAttendance()
