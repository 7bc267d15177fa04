"""Who attended which CE event: answered by the events feature, which sits above profiles.

Profiles must not import events, so events registers an AttendanceSource at start-up.
Until one is registered nobody has attended anything: "connections and attendees"
visibility then admits connections only, and "people to meet" ranks on interests alone.
"""

from typing import Protocol

from sqlalchemy import false
from sqlalchemy.sql import ColumnElement


class AttendanceSource(Protocol):
    # Clauses may be given bound parameters instead of ids (privacy's :viewer, the
    # directory's :event): statements built on them are kept and reused, keyed by the
    # source itself, which must therefore be hashable (plain objects are).

    def co_attendee_clause(self, viewer_id, user_id_column) -> ColumnElement:
        """True where the user in `user_id_column` attended an event with the viewer."""

    def shared_events(self, viewer_id: int, other_ids: list[int]) -> dict[int, list[str]]:
        """For each other member, the titles of events both attended."""

    def shared_sessions(self, viewer_id: int,
                        other_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        """For each other member, the (session or track title, event title) both were in."""

    def attendee_clause(self, event_id, user_id_column) -> ColumnElement:
        """True where the user in `user_id_column` attended the event (directory filter)."""


class NoEvents:
    def co_attendee_clause(self, viewer_id, user_id_column) -> ColumnElement:
        return false()

    def shared_events(self, viewer_id: int, other_ids: list[int]) -> dict[int, list[str]]:
        return {}

    def shared_sessions(self, viewer_id: int,
                        other_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
        return {}

    def attendee_clause(self, event_id, user_id_column) -> ColumnElement:
        return false()


_source: AttendanceSource = NoEvents()


def register_attendance_source(source: AttendanceSource) -> None:
    global _source
    _source = source


def attendance() -> AttendanceSource:
    return _source


def events_recorded() -> bool:
    """Whether an events feature answers for attendance (pages word themselves on it)."""
    return not isinstance(_source, NoEvents)
