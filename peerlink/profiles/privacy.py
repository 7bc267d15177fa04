"""Who may see what of a profile. Pages, API, search and recommendations all ask here.

The rule is written once, as a SQL condition, so lists filter in the database and a single
profile is checked with the same expression.
"""

from sqlalchemy import and_, bindparam, exists, literal, or_, select, true, union_all
from sqlalchemy.sql import ColumnElement

from peerlink.accounts.services import has_role
from peerlink.extensions import db
from peerlink.profiles.attendance import attendance
from peerlink.profiles.models import Block, Connection, Profile


def blocked_between(a_id: int, user_id_column) -> ColumnElement:
    """Either member blocked the other."""
    return exists().where(or_(
        and_(Block.blocker_id == a_id, Block.blocked_id == user_id_column),
        and_(Block.blocker_id == user_id_column, Block.blocked_id == a_id)))


def connected_with(a_id: int, user_id_column) -> ColumnElement:
    return exists().where(Connection.status == "accepted", or_(
        and_(Connection.requester_id == a_id, Connection.addressee_id == user_id_column),
        and_(Connection.requester_id == user_id_column, Connection.addressee_id == a_id)))


_VIEWER = bindparam("viewer")
# Who the viewer blocked or is blocked by, and who they are connected with; built once.
_RELATED = union_all(
    select(literal("blocked"), Block.blocked_id).where(Block.blocker_id == _VIEWER),
    select(literal("blocked"), Block.blocker_id).where(Block.blocked_id == _VIEWER),
    select(literal("connected"), Connection.addressee_id).where(
        Connection.requester_id == _VIEWER, Connection.status == "accepted"),
    select(literal("connected"), Connection.requester_id).where(
        Connection.addressee_id == _VIEWER, Connection.status == "accepted"),
)


def _related_ids(viewer_id: int) -> tuple[list[int], list[int]]:
    """The ids of members blocked either way, and of connections.

    A member has at most a few hundred of each, so they are read once and handed to the
    database as lists: a directory query then checks two indexed columns per row instead
    of running correlated subqueries over blocks and connections.
    """
    related = {"blocked": [], "connected": []}
    for kind, user_id in db.session.execute(_RELATED, {"viewer": viewer_id}):
        related[kind].append(user_id)
    return related["blocked"], related["connected"]


def full_profile_visible_to(viewer) -> ColumnElement:
    """SQL condition on Profile: the viewer may see the full profile."""
    if has_role(viewer, "admin"):
        return true()
    me = viewer.id
    blocked, connected = _related_ids(me)
    allowed_by_setting = or_(
        Profile.visibility == "members",
        Profile.user_id.in_(connected),
        and_(Profile.visibility == "connections_and_attendees",
             attendance().co_attendee_clause(me, Profile.user_id)),
    )
    return or_(Profile.user_id == me, and_(Profile.user_id.not_in(blocked), allowed_by_setting))


def can_view_full_profile(viewer, profile: Profile) -> bool:
    return bool(db.session.scalar(select(
        exists().where(Profile.user_id == profile.user_id, full_profile_visible_to(viewer)))))


def is_blocked_either_way(viewer, other_user_id: int) -> bool:
    if viewer.id == other_user_id:
        return False
    return bool(db.session.scalar(select(blocked_between(viewer.id, other_user_id))))


def are_connected(a_id: int, b_id: int) -> bool:
    return bool(db.session.scalar(select(connected_with(a_id, b_id))))


def can_see_license_number(viewer, profile: Profile) -> bool:
    return viewer.id == profile.user_id or has_role(viewer, "admin")


def can_see_email(viewer, profile: Profile) -> bool:
    if viewer.id == profile.user_id or has_role(viewer, "admin"):
        return True
    return profile.show_email_to_connections and are_connected(viewer.id, profile.user_id)
