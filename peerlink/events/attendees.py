"""An event's attendee list: whom the viewer may see there, filtered, with the sessions they
shared with the viewer.

Privacy decides, in the same query: a member is listed only where they chose to appear on
the attendee list, the viewer may see their full profile (privacy.full_profile_visible_to:
their visibility setting, blocks, suspension), they confirmed their e-mail address
(privacy.listed), and there is no block either way (for admins too). A constant three
queries, however many attend.
"""

from dataclasses import dataclass, field

from sqlalchemy import Integer, and_, exists, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from peerlink.accounts.models import User
from peerlink.events.models import Attendance, EventSession, SessionAttendance
from peerlink.events.services import get_event
from peerlink.extensions import db
from peerlink.profiles.cards import CARD_WIDTH, MemberCard, card_columns, card_from_row, with_card
from peerlink.profiles.models import Profile
from peerlink.profiles.privacy import (
    blocked_either_way,
    full_profile_visible_to,
    full_profile_visible_to_each,
    listed,
    suspended,
)
from peerlink.taxonomy.models import KINDS, Discipline

# Attendee filter -> the taxonomy kind a profile holds several of.
LIST_FILTERS = {"specialty": "specialties", "modality": "modalities", "language": "languages"}


@dataclass(frozen=True)
class AttendeeFilters:
    discipline: str = ""
    specialty: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    country: str = ""


@dataclass
class Attendee:
    member: MemberCard
    verified_attendance: bool
    shared_sessions: list[str] = field(default_factory=list)


def _conditions(filters: AttendeeFilters) -> list:
    conditions = []
    if filters.discipline:
        conditions.append(Profile.discipline_id == select(Discipline.id).where(
            Discipline.slug == filters.discipline).scalar_subquery())
    for name, kind_name in LIST_FILTERS.items():
        slugs = getattr(filters, name)
        if not slugs:
            continue
        kind = KINDS[kind_name]
        # Every chosen term (like the directory): one EXISTS per term.
        for slug in slugs:
            conditions.append(exists().where(
                kind.link.c.profile_id == Attendance.user_id,
                kind.link.c.term_id == select(kind.model.id).where(
                    kind.model.slug == slug).scalar_subquery()))
    if filters.country:
        conditions.append(Profile.country == filters.country)
    return conditions


def visible_attendees(viewer, event_id: int):
    """SQL conditions on Attendance (joined with the card's Profile) for whom the viewer may
    see on the event's list."""
    return _seen_by(viewer.id, full_profile_visible_to(viewer), event_id)


def _seen_by(viewer_id, profile_visible, event_id: int):
    """`viewer_id`: the viewer's id, or the id column of a statement over viewers."""
    return and_(Attendance.event_id == event_id,
                or_(Attendance.user_id == viewer_id, Attendance.show_on_attendee_list.is_(True)),
                listed(Attendance.user_id), profile_visible,
                ~suspended(Attendance.user_id),
                ~blocked_either_way(viewer_id, Attendance.user_id))


_VIEWER = "attendee_viewer"


def viewers_seeing_attendee(member_id: int, event_id: int, viewer_ids: set[int]) -> set[int]:
    """Which of these members see the member on the event's attendee list: the inverse of
    `visible_attendee_ids`, by the same rule, in one query over the viewers."""
    if not viewer_ids:
        return set()
    viewer = aliased(User, name=_VIEWER)
    # The rule's subqueries read the viewer's id at any depth; SQLAlchemy correlates only the
    # next one out, so they name the outer row's column themselves.
    viewer_id = literal_column(f"{_VIEWER}.id", Integer)
    seen = (with_card(select(Attendance.user_id).select_from(Attendance), Attendance.user_id)
            .where(Attendance.user_id == member_id,
                   _seen_by(viewer_id, full_profile_visible_to_each(viewer, viewer_id),
                            event_id)))
    return set(db.session.scalars(select(viewer.id).where(viewer.id.in_(viewer_ids),
                                                          seen.exists())))


def visible_attendee_ids(viewer, event_id: int) -> set[int]:
    """The ids of the attendees the viewer may see on the event's list."""
    return set(db.session.scalars(
        with_card(select(Attendance.user_id).select_from(Attendance), Attendance.user_id)
        .where(visible_attendees(viewer, event_id))))


def list_attendees(viewer, event_id: int, filters: AttendeeFilters = AttendeeFilters(),
                   limit: int | None = None, offset: int = 0) -> tuple[list[Attendee], int]:
    """(the attendees the viewer may see, by name; how many there are)."""
    event = get_event(event_id)
    condition = and_(visible_attendees(viewer, event.id), *_conditions(filters))
    name = func.coalesce(Profile.display_name, "")
    query = (with_card(select(*card_columns(), Attendance.verified_at, func.count().over())
                       .select_from(Attendance), Attendance.user_id)
             .where(condition).order_by(name, Attendance.user_id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    total = rows[0][-1] if rows else 0
    if not rows and offset:
        total = db.session.scalar(with_card(select(func.count()).select_from(Attendance),
                                            Attendance.user_id).where(condition))
    attendees = [Attendee(member=card_from_row(row[:CARD_WIDTH]),
                          verified_attendance=row[CARD_WIDTH] is not None) for row in rows]
    shared = shared_sessions(viewer.id, event.id,
                             [a.member.id for a in attendees if a.member.id != viewer.id])
    for attendee in attendees:
        attendee.shared_sessions = shared.get(attendee.member.id, [])
    return attendees, total


def shared_sessions(viewer_id: int, event_id: int, others: list[int]) -> dict[int, list[str]]:
    """For each other member, the titles of this event's sessions both are in. One query."""
    if not others:
        return {}
    mine = (select(SessionAttendance.session_id)
            .join(EventSession, EventSession.id == SessionAttendance.session_id)
            .where(SessionAttendance.user_id == viewer_id, EventSession.event_id == event_id))
    rows = db.session.execute(
        select(SessionAttendance.user_id, EventSession.title)
        .join(EventSession, EventSession.id == SessionAttendance.session_id)
        .where(SessionAttendance.session_id.in_(mine), SessionAttendance.user_id.in_(others))
        .order_by(EventSession.starts_at, EventSession.id))
    found: dict[int, list[str]] = {}
    for user_id, title in rows:
        found.setdefault(user_id, []).append(title)
    return found
