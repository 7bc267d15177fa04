"""Who may see what of a profile. Pages, API, search and recommendations all ask here.

The rule is written once, as a SQL condition, so lists filter in the database and a single
profile is checked with the same expression.
"""

from sqlalchemy import Integer, and_, bindparam, exists, or_, select, true, union_all
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


# The viewer's id as a parameter, for statements built once and reused for every viewer
# (the directory's): visibility_rule.
VIEWER = bindparam("viewer", type_=Integer)


def _rule(admin: bool, me, source) -> ColumnElement:
    """SQL condition on Profile: the member `me` (an id, or VIEWER) may see the full profile;
    `source` says who attended an event with whom.

    The viewer's blocks and connections are subqueries that do not depend on the row: both
    databases read them once per statement and look each row up in the result, in the same
    round trip as the query they narrow.
    """
    if admin:
        return true()
    blocked_either_way = union_all(select(Block.blocked_id).where(Block.blocker_id == me),
                                   select(Block.blocker_id).where(Block.blocked_id == me))
    connections = union_all(
        select(Connection.addressee_id).where(Connection.requester_id == me,
                                              Connection.status == "accepted"),
        select(Connection.requester_id).where(Connection.addressee_id == me,
                                              Connection.status == "accepted"))
    allowed_by_setting = or_(
        Profile.visibility == "members",
        Profile.user_id.in_(connections),
        and_(Profile.visibility == "connections_and_attendees",
             source.co_attendee_clause(me, Profile.user_id)),
    )
    return or_(Profile.user_id == me,
               and_(Profile.user_id.not_in(blocked_either_way), allowed_by_setting))


def full_profile_visible_to(viewer) -> ColumnElement:
    """SQL condition on Profile: the viewer may see the full profile."""
    return _rule(has_role(viewer, "admin"), viewer.id, attendance())


def full_profile_visible_to_member(viewer_id: int) -> ColumnElement:
    """The same condition for a viewer known only by id, without an admin's exemption:
    for the few extras a member card shows to those who may see the full profile."""
    return _rule(False, viewer_id, attendance())


def visibility_rule(admin: bool, source) -> ColumnElement:
    """The same condition for the viewer whose id is in the parameter :viewer."""
    return _rule(admin, VIEWER, source)


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
