"""Who may see what of a profile. Pages, API, search, people to meet and (later) sockets
all ask here.

Each rule is written once: as a SQL condition, so lists filter in the database and a single
profile is checked with the same expression, or as one function for a single value.
"""

from sqlalchemy import Integer, and_, bindparam, exists, literal, or_, select, true
from sqlalchemy.sql import ColumnElement

from peerlink.accounts.models import User
from peerlink.accounts.services import confirmed_member, has_role
from peerlink.errors import NotFound
from peerlink.extensions import db
from peerlink.profiles.attendance import attendance
from peerlink.profiles.models import Profile
from peerlink.profiles.relations import relations

NO_SUCH_MEMBER = "No such member."

# The viewer's id as a parameter, for statements built once and reused for every viewer
# (the directory's): visibility_rule.
VIEWER = bindparam("viewer", type_=Integer)


def _member(id_or_column) -> ColumnElement:
    return id_or_column if hasattr(id_or_column, "in_") else literal(id_or_column, Integer)


def blocked_either_way(me, user_id_column) -> ColumnElement:
    """SQL: `me` blocked the member in `user_id_column`, or was blocked by them.

    The viewer's blocks are a subquery that does not depend on the row: both databases read
    it once per statement and look each row up in the result.
    """
    return _member(user_id_column).in_(relations().blocked_either_way(me))


def suspended(user_id_column) -> ColumnElement:
    """SQL: the member in `user_id_column` is suspended. Like blocks, the suspended are a
    subquery that does not depend on the row, read once per statement."""
    return _member(user_id_column).in_(select(User.id).where(User.suspended_at.is_not(None)))


def connected_with(me, user_id_column) -> ColumnElement:
    return _member(user_id_column).in_(relations().connected(me))


def connected_among(me: int, others: list[int]) -> set[int]:
    """Which of `others` the member is connected with, in one query (a list's Message
    buttons)."""
    if not others:
        return set()
    return set(db.session.scalars(select(User.id).where(User.id.in_(others),
                                                        connected_with(me, User.id))))


def _rule(admin: bool, me, source) -> ColumnElement:
    """SQL condition on Profile: the member `me` (an id, or VIEWER) may see the full profile;
    `source` says who attended an event with whom."""
    if admin:
        return true()
    allowed_by_setting = or_(
        Profile.visibility == "members",
        connected_with(me, Profile.user_id),
        and_(Profile.visibility == "connections_and_attendees",
             source.co_attendee_clause(me, Profile.user_id)),
    )
    return and_(~suspended(Profile.user_id),
                or_(Profile.user_id == me,
                    and_(~blocked_either_way(me, Profile.user_id), allowed_by_setting)))


def full_profile_visible_to(viewer) -> ColumnElement:
    """SQL condition on Profile: the viewer may see the full profile."""
    return _rule(has_role(viewer, "admin"), viewer.id, attendance())


def full_profile_visible_to_each(viewer, viewer_id) -> ColumnElement:
    """The same condition for every member of a statement over members (`viewer`: an alias
    of User; `viewer_id`: how its subqueries name its id): who, of several, may see this
    profile (the inverse of the lists above)."""
    # An admin as `has_role` reads one: a suspended member holds no role.
    admin = and_(viewer.role == "admin", viewer.suspended_at.is_(None))
    return or_(admin, _rule(False, viewer_id, attendance()))


def visibility_rule(admin: bool, source) -> ColumnElement:
    """The same condition for the viewer whose id is in the parameter :viewer."""
    return _rule(admin, VIEWER, source)


def listed(user_id_column) -> ColumnElement:
    """SQL: the member may appear in what others browse (the directory, people to meet):
    only once they have confirmed their e-mail address (accounts' rule), whoever looks."""
    return confirmed_member(user_id_column)


def can_view_full_profile(viewer, profile: Profile) -> bool:
    return bool(db.session.scalar(select(
        exists().where(Profile.user_id == profile.user_id, full_profile_visible_to(viewer)))))


def is_blocked_either_way(a_id: int, b_id: int) -> bool:
    if a_id == b_id:
        return False
    return bool(db.session.scalar(select(blocked_either_way(a_id, b_id))))


def require_not_blocked(viewer_id: int, user_id: int) -> None:
    """A block either way reads as Not Found, exactly as for a member who does not exist:
    neither side learns that the other is there."""
    if is_blocked_either_way(viewer_id, user_id):
        raise NotFound(NO_SUCH_MEMBER)


def is_suspended(user_id: int) -> bool:
    return bool(db.session.scalar(select(suspended(user_id))))


def require_not_hidden(viewer, user_id: int) -> None:
    """A suspended member (to everyone but admins) and a block either way read as Not
    Found, exactly as for a member who does not exist."""
    if user_id == viewer.id:
        return
    if is_suspended(user_id) and not has_role(viewer, "admin"):
        raise NotFound(NO_SUCH_MEMBER)
    require_not_blocked(viewer.id, user_id)


def are_connected(a_id: int, b_id: int) -> bool:
    return bool(db.session.scalar(select(connected_with(a_id, b_id))))


def can_see_license_number(viewer, profile: Profile) -> bool:
    return viewer.id == profile.user_id or has_role(viewer, "admin")


def can_see_email(viewer, profile: Profile) -> bool:
    if viewer.id == profile.user_id or has_role(viewer, "admin"):
        return True
    return profile.show_email_to_connections and are_connected(viewer.id, profile.user_id)


def shown_jurisdiction(profile: Profile) -> str | None:
    """"Licensed in" names only a jurisdiction a moderator checked, for every viewer."""
    return profile.license_jurisdiction if profile.verified and profile.license_jurisdiction \
        else None


def shows_pronouns_publicly(profile_visibility_column) -> ColumnElement:
    """SQL: the owner shows their full profile, pronouns included, to every member, so the
    public card may carry the pronouns."""
    return profile_visibility_column == "members"


def shows_photo_publicly(profile_visibility_column) -> ColumnElement:
    """SQL: the owner shows their full profile, photo included, to every member, so the
    public card may carry the photo's address. Elsewhere the card draws initials; the photo
    itself is served only to those who may see the full profile (profiles.photos)."""
    return profile_visibility_column == "members"
