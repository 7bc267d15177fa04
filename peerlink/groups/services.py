"""Groups and who belongs to them: every rule about who may see, read, post in and run a
group lives here once; the pages, the API, search and the other modules of this package ask
these functions.

A membership row's life:

    (none) --join (open group)--> active
    (none) --request (private, listed, not a circle)--> requested --approve--> active
                                                                  --decline--> row deleted
    active --leave / remove--> row deleted;  any --ban--> banned (cannot join or ask again)

Invitations (invitations.py) make an active membership when accepted. Roles: one owner,
any number of moderators, members. A moderator removes and bans members only; the owner
may also remove, ban, appoint and demote moderators, and passes ownership on before leaving.

Private groups show their members, threads and posts to active members only; to anyone
else they answer Not Found, exactly like a group that does not exist. An unlisted group
(every peer-support circle) is not even named to non-members, except to someone holding an
invitation to it. Site admins have no powers inside groups: a circle stays private.

A group may be linked to CE events (GroupEvent; up to MAX_EVENTS): by its creator, when it
is started from an event page, and afterwards by its moderators. An event's page lists the
linked groups the viewer may see (`groups_of_event`, the groups list's own rule), so an
unlisted circle is never named there to anyone outside it.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.exc import IntegrityError

from peerlink.accounts.models import User
from peerlink.accounts.services import require_confirmed
from peerlink.chat import services as chat
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.events.models import Event
from peerlink.extensions import Limit, db
from peerlink.groups.models import (
    GROUP_ROOM,
    MAX_EVENTS,
    Group,
    GroupEvent,
    Invitation,
    Membership,
)
from peerlink.links import path_to
from peerlink.notifications.services import notify, settle
from peerlink.profiles import privacy
from peerlink.profiles.cards import (
    MemberCard,
    card_columns,
    card_from_row,
    display_name,
    with_card,
)
from peerlink.profiles.models import Profile

NO_SUCH_GROUP = "No such group."
NO_SUCH_MEMBER = "No such member in this group."
CREATING = Limit("20 per day", "groups created")
# Circles never name their content outside the app: their notifications are one kind whose
# e-mails say only that there is something new (notifications.kinds: text_in_email=False).
CIRCLE_KIND = "circle_activity"

NO_SUCH_EVENT = "No such event."


@dataclass(frozen=True)
class GroupView:
    """A group as one viewer sees it: their own standing and what they may do."""

    group: Group
    member_count: int
    role: str | None  # the viewer's role while active
    status: str | None  # the viewer's membership status: active, requested, banned
    can_read: bool
    can_moderate: bool
    invited: bool = False
    event_ids: tuple[int, ...] = ()  # the CE events the group is linked to

    @property
    def id(self) -> int:
        return self.group.id

    @property
    def is_member(self) -> bool:
        return self.status == "active"

    @property
    def is_owner(self) -> bool:
        return self.is_member and self.role == "owner"

    @property
    def can_join(self) -> bool:
        return self.status is None and self.group.visibility == "open"

    @property
    def can_request(self) -> bool:
        return (self.status is None and self.group.private and not self.group.circle
                and self.group.listed)


@dataclass(frozen=True)
class MemberEntry:
    membership_id: int
    user_id: int
    role: str
    status: str
    since: datetime
    member: MemberCard


# --- the rules -----------------------------------------------------------------------------


def membership_of(user_id: int | None, group_id: int) -> Membership | None:
    if user_id is None:
        return None
    return db.session.scalar(select(Membership).where(
        Membership.group_id == group_id, Membership.user_id == user_id))


def _active(membership: Membership | None) -> bool:
    return membership is not None and membership.status == "active"


def has_invitation(user, group_id: int) -> bool:
    from peerlink.groups.invitations import pending_for  # invitations build on this module

    return db.session.scalar(select(func.count()).select_from(Invitation).where(
        Invitation.group_id == group_id, pending_for(user))) > 0


def can_see_group(user, group: Group, membership: Membership | None = None) -> bool:
    """May the member learn that the group exists (its name, description, rules)? Every
    listed group, yes; an unlisted one only its members and those invited to it."""
    if group.listed:
        return True
    return _active(membership) or has_invitation(user, group.id)


def can_read_group(group: Group, membership: Membership | None) -> bool:
    """May the member read its members, threads and posts? Open groups: everyone not banned
    from it; private ones: active members only."""
    if membership is not None and membership.status == "banned":
        return False
    return group.visibility == "open" or _active(membership)


def can_moderate(membership: Membership | None) -> bool:
    return _active(membership) and membership.role in ("owner", "moderator")


def can_post(user, membership: Membership | None) -> bool:
    """Active members with a confirmed e-mail address post (a circle also asks that they
    accepted its norms first: `require_poster`)."""
    return _active(membership) and bool(user.email_confirmed)


def readable_groups(user_id: int):
    """SQL on Group: the groups whose threads the member may read (search and lists)."""
    mine = select(Membership.group_id).where(Membership.user_id == user_id,
                                             Membership.status == "active")
    banned = select(Membership.group_id).where(Membership.user_id == user_id,
                                               Membership.status == "banned")
    return or_(Group.id.in_(mine), and_(Group.visibility == "open", Group.id.not_in(banned)))


def listed_for(user_id: int):
    """SQL on Group: what the groups list and its search show the member: listed groups and
    the groups they belong to. Unlisted groups are never listed for anyone else."""
    mine = select(Membership.group_id).where(Membership.user_id == user_id,
                                             Membership.status == "active")
    return or_(Group.listed.is_(True), Group.id.in_(mine))


def require_group(user, group_id: int) -> tuple[Group, Membership | None]:
    """The group and the member's row in it; NotFound when they may not know it exists."""
    group = db.session.get(Group, group_id)
    membership = membership_of(user.id, group_id) if group else None
    if group is None or not can_see_group(user, group, membership):
        raise NotFound(NO_SUCH_GROUP)
    return group, membership


def require_readable(user, group_id: int) -> tuple[Group, Membership | None]:
    """The group, if the member may read its members, threads and posts; NotFound otherwise,
    exactly as for a group that does not exist."""
    group, membership = require_group(user, group_id)
    if not can_read_group(group, membership):
        raise NotFound(NO_SUCH_GROUP)
    return group, membership


def require_moderator(user, group_id: int) -> tuple[Group, Membership]:
    group, membership = require_readable(user, group_id)
    if not can_moderate(membership):
        raise PermissionDenied("Only the group's moderators can do that.")
    return group, membership


def require_owner(user, group_id: int) -> tuple[Group, Membership]:
    group, membership = require_readable(user, group_id)
    if not (_active(membership) and membership.role == "owner"):
        raise PermissionDenied("Only the group's owner can do that.")
    return group, membership


def needs_norms(group: Group, membership: Membership | None) -> bool:
    """A circle shows each member its norms, to accept, before their first post."""
    return group.circle and _active(membership) and membership.norms_acknowledged_at is None


def require_poster(user, group_id: int) -> tuple[Group, Membership]:
    group, membership = require_readable(user, group_id)
    if not _active(membership):
        raise PermissionDenied("Join the group to take part in its discussions.")
    require_confirmed(user)
    if needs_norms(group, membership):
        raise PermissionDenied("Read and accept this circle's norms before your first post.")
    return group, membership


def notification_kind(group: Group, kind: str) -> str:
    """The kind a group notification goes out as: a circle's are all `circle_activity`."""
    return CIRCLE_KIND if group.circle else kind


def group_notify(group: Group, user_id: int, kind: str, message: str, link: str,
                 actor_id: int | None = None) -> None:
    notify(user_id, notification_kind(group, kind), message, link=link, actor_id=actor_id)


def group_link(group_id: int) -> str:
    return path_to("groups.show", group_id=group_id)


# --- reading -------------------------------------------------------------------------------


def _member_counts():
    return (select(Membership.group_id, func.count().label("members"))
            .where(Membership.status == "active").group_by(Membership.group_id).subquery())


def _views(user, query) -> list[GroupView]:
    counts = _member_counts()
    mine = (select(Membership).where(Membership.user_id == user.id).subquery())
    rows = db.session.execute(
        query.add_columns(func.coalesce(counts.c.members, 0), mine.c.role, mine.c.status)
        .outerjoin(counts, counts.c.group_id == Group.id)
        .outerjoin(mine, mine.c.group_id == Group.id))
    rows = list(rows)
    linked = _linked_event_ids([row[0].id for row in rows])
    views = []
    for group, members, role, status in rows:
        readable = status != "banned" and (group.visibility == "open" or status == "active")
        views.append(GroupView(group=group, member_count=members,
                               role=role if status == "active" else None, status=status,
                               can_read=readable,
                               can_moderate=status == "active" and role in ("owner", "moderator"),
                               event_ids=tuple(linked.get(group.id, ()))))
    return views


def _search_condition(q: str | None):
    if not q:
        return literal(True)
    pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return or_(func.lower(Group.name).like(pattern, escape="\\"),
               func.lower(Group.description).like(pattern, escape="\\"))


def list_groups(user, q: str | None = None, kind: str | None = None, mine: bool = False,
                limit: int | None = None, offset: int = 0,
                event_id: int | None = None) -> list[GroupView]:
    """The groups list and its search (name and description): listed groups and the
    member's own (of one event's, with `event_id`); two queries however many groups."""
    query = select(Group).where(*_list_conditions(user, q, kind, mine, event_id)).order_by(
        Group.name, Group.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return _views(user, query)


def _list_conditions(user, q, kind, mine, event_id=None) -> list:
    conditions = [listed_for(user.id), _search_condition(q)]
    if event_id is not None:
        conditions.append(Group.id.in_(select(GroupEvent.group_id).where(
            GroupEvent.event_id == event_id)))
    if kind:
        conditions.append(Group.kind == kind)
    if mine:
        conditions.append(Group.id.in_(select(Membership.group_id).where(
            Membership.user_id == user.id, Membership.status == "active")))
    return conditions


def count_groups(user, q: str | None = None, kind: str | None = None,
                 mine: bool = False, event_id: int | None = None) -> int:
    return db.session.scalar(select(func.count()).select_from(Group).where(
        *_list_conditions(user, q, kind, mine, event_id)))


def group_view(user, group_id: int) -> GroupView:
    group, _ = require_group(user, group_id)
    view = _views(user, select(Group).where(Group.id == group.id))[0]
    if view.status is None:
        # An unlisted group is seen by a non-member only through an invitation.
        return replace(view, invited=not group.listed or has_invitation(user, group.id))
    return view


def _member_conditions(viewer, group_id: int, status: str) -> list:
    return [Membership.group_id == group_id, Membership.status == status,
            ~privacy.suspended(Membership.user_id),
            ~privacy.blocked_either_way(viewer.id, Membership.user_id)]


ROLE_ORDER = case((Membership.role == "owner", 0), (Membership.role == "moderator", 1),
                  else_=2)


def list_members(viewer, group_id: int, limit: int | None = None, offset: int = 0,
                 status: str = "active") -> list[MemberEntry]:
    """Active members, owner and moderators first, then by name; nobody the viewer blocked
    or who blocked them, nobody suspended. One query however many members."""
    query = (with_card(select(Membership, *card_columns()), Membership.user_id)
             .where(*_member_conditions(viewer, group_id, status))
             .order_by(ROLE_ORDER, func.coalesce(Profile.display_name, User.name), User.id)
             .offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return [MemberEntry(membership_id=row[0].id, user_id=row[0].user_id, role=row[0].role,
                        status=row[0].status, since=row[0].created_at,
                        member=card_from_row(row[1:]))
            for row in db.session.execute(query)]


def count_members(viewer, group_id: int, status: str = "active") -> int:
    return db.session.scalar(select(func.count()).select_from(Membership).where(
        *_member_conditions(viewer, group_id, status)))


def members_page(viewer, group_id: int, limit: int | None = None, offset: int = 0,
                 status: str = "active") -> tuple[list[MemberEntry], int]:
    """The members a reader may see (join requests and bans: moderators only)."""
    _, membership = require_readable(viewer, group_id)
    if status != "active" and not can_moderate(membership):
        raise PermissionDenied("Only the group's moderators see requests and bans.")
    return (list_members(viewer, group_id, limit, offset, status),
            count_members(viewer, group_id, status))


# --- creating and changing a group ---------------------------------------------------------


def create_group(user, *, name: str, description: str = "", rules: str = "",
                 kind: str = "topic", visibility: str = "open",
                 listed: bool = True, event_ids=()) -> Group:
    """The creator owns the new group, linked to `event_ids` (started from an event page) in
    the same transaction. A peer-support circle is always private and unlisted: members join
    it by invitation only."""
    require_confirmed(user)
    event_ids = list(dict.fromkeys(event_ids))
    _check_events(event_ids, "event_ids")
    if kind == "peer_support":
        visibility, listed = "private", False
    group = Group(name=name, description=description, rules=rules, kind=kind,
                  visibility=visibility, listed=listed, created_by_id=user.id)
    db.session.add(group)
    db.session.flush()
    db.session.add(Membership(group_id=group.id, user_id=user.id, role="owner",
                              status="active", norms_acknowledged_at=utcnow()))
    db.session.add_all(GroupEvent(group_id=group.id, event_id=event_id)
                       for event_id in event_ids)
    chat.open_room(GROUP_ROOM, group.id)
    db.session.commit()
    return group


def update_group(user, group_id: int, **changes) -> Group:
    group, _ = require_moderator(user, group_id)
    if group.circle and (changes.get("visibility", "private") != "private"
                         or changes.get("listed", False)):
        raise ValidationFailed.on("visibility",
                                  "A peer-support circle stays private and unlisted.")
    for name in ("name", "description", "rules", "visibility", "listed"):
        if name in changes:
            setattr(group, name, changes[name])
    db.session.commit()
    return group


# --- the CE events a group follows -----------------------------------------------------------


def _linked_event_ids(group_ids: list[int]) -> dict[int, list[int]]:
    """Each group's linked event ids, in one query for any number of groups."""
    linked: dict[int, list[int]] = {}
    if group_ids:
        for group_id, event_id in db.session.execute(
                select(GroupEvent.group_id, GroupEvent.event_id)
                .where(GroupEvent.group_id.in_(group_ids)).order_by(GroupEvent.id)):
            linked.setdefault(group_id, []).append(event_id)
    return linked


def _check_events(event_ids: list[int], field: str) -> None:
    if len(event_ids) > MAX_EVENTS:
        raise ValidationFailed.on(field, f"Link a group to {MAX_EVENTS} events at most.")
    if event_ids:
        found = set(db.session.scalars(select(Event.id).where(Event.id.in_(event_ids))))
        if found != set(event_ids):
            raise ValidationFailed.on(field, NO_SUCH_EVENT)


def events_of_group(group_id: int) -> list[Event]:
    """The events a group is linked to, in date order (events are public to members)."""
    return list(db.session.scalars(
        select(Event).join(GroupEvent, GroupEvent.event_id == Event.id)
        .where(GroupEvent.group_id == group_id).order_by(Event.starts_at, Event.id)))


def groups_of_event(user, event_id: int, limit: int = 50) -> list[GroupView]:
    """The groups linked to an event that the member may see: the groups list's rule
    (listed groups and their own), so an unlisted circle stays unnamed to outsiders."""
    return list_groups(user, event_id=event_id, limit=limit)


def link_event(user, group_id: int, event_id: int) -> GroupEvent:
    """Moderators link their group to another CE event."""
    group, _ = require_moderator(user, group_id)
    _check_events([event_id], "event_id")
    linked = _linked_event_ids([group.id]).get(group.id, [])
    if event_id in linked:
        raise Conflict("The group is linked to this event already.")
    if len(linked) >= MAX_EVENTS:
        raise ValidationFailed.on("event_id", f"Link a group to {MAX_EVENTS} events at most.")
    link = GroupEvent(group_id=group.id, event_id=event_id)
    db.session.add(link)
    _flush_once("The group is linked to this event already.")
    db.session.commit()
    return link


def unlink_event(user, group_id: int, event_id: int) -> None:
    group, _ = require_moderator(user, group_id)
    link = db.session.scalar(select(GroupEvent).where(GroupEvent.group_id == group.id,
                                                      GroupEvent.event_id == event_id))
    if link is None:
        raise NotFound("The group is not linked to that event.")
    db.session.delete(link)
    db.session.commit()


def linkable_events(limit: int = 100) -> list[Event]:
    """Events a moderator may pick from on the settings page: the latest first."""
    return list(db.session.scalars(select(Event).order_by(Event.starts_at.desc(), Event.id)
                                   .limit(limit)))


# --- joining and leaving -------------------------------------------------------------------


def moderator_ids(group_id: int) -> list[int]:
    return list(db.session.scalars(select(Membership.user_id).where(
        Membership.group_id == group_id, Membership.status == "active",
        Membership.role.in_(("owner", "moderator")))))


def _refuse_banned(membership: Membership | None) -> None:
    if membership is not None and membership.status == "banned":
        raise PermissionDenied("You were banned from this group.")


def _flush_once(message: str) -> None:
    try:
        db.session.flush()
    except IntegrityError:  # the same click twice at once
        db.session.rollback()
        raise Conflict(message) from None


def join(user, group_id: int) -> Membership:
    group, membership = require_group(user, group_id)
    require_confirmed(user)
    _refuse_banned(membership)
    if membership is not None:
        raise Conflict("You are already a member." if _active(membership)
                       else "Your request to join is waiting for a moderator.")
    if group.visibility != "open":
        raise PermissionDenied("This group is private: ask to join, or wait for an invitation.")
    membership = Membership(group_id=group.id, user_id=user.id)
    db.session.add(membership)
    _flush_once("You are already a member.")
    db.session.commit()
    return membership


def request_to_join(user, group_id: int) -> Membership:
    group, membership = require_group(user, group_id)
    require_confirmed(user)
    _refuse_banned(membership)
    if membership is not None:
        raise Conflict("You are already a member." if _active(membership)
                       else "You asked already; a moderator will answer.")
    if group.visibility == "open":
        raise Conflict("This group is open: join it straight away.")
    if group.circle or not group.listed:
        raise PermissionDenied("This group takes members by invitation only.")
    membership = Membership(group_id=group.id, user_id=user.id, status="requested")
    db.session.add(membership)
    _flush_once("You asked already; a moderator will answer.")
    name = display_name(user.id)
    for moderator_id in moderator_ids(group.id):
        group_notify(group, moderator_id, "group_join_request",
                     f"{name} asked to join {group.name}.",
                     path_to("groups.members", group_id=group.id, status="requested"),
                     actor_id=user.id)
    db.session.commit()
    return membership


def _target(group_id: int, user_id: int, *statuses: str) -> Membership:
    membership = membership_of(user_id, group_id)
    if membership is None or membership.status not in statuses:
        raise NotFound(NO_SUCH_MEMBER)
    return membership


def answer_request(user, group_id: int, user_id: int, approve: bool) -> Membership | None:
    group, _ = require_moderator(user, group_id)
    membership = _target(group_id, user_id, "requested")
    for moderator_id in moderator_ids(group.id):
        settle(moderator_id, notification_kind(group, "group_join_request"), user_id)
    if approve:
        membership.status, membership.created_at = "active", utcnow()
        message = f"Your request to join {group.name} was accepted."
    else:
        db.session.delete(membership)
        membership, message = None, f"Your request to join {group.name} was declined."
    group_notify(group, user_id, "group_decision", message, group_link(group.id),
                 actor_id=user.id)
    db.session.commit()
    return membership


def leave(user, group_id: int) -> None:
    group, membership = require_group(user, group_id)
    if membership is None or membership.status == "banned":
        raise NotFound(NO_SUCH_MEMBER)
    if membership.role == "owner":
        raise Conflict("Pass ownership to another member before you leave.",
                       {"group": ["Pass ownership to another member before you leave."]})
    db.session.delete(membership)  # a request withdrawn, or a member gone
    db.session.commit()


def _may_act_on(actor: Membership, target: Membership, verb: str) -> None:
    """A moderator acts on members (and requests) only; the owner on everyone but
    themselves; nobody on the owner."""
    if target.user_id == actor.user_id:
        raise ValidationFailed.on("user_id", f"You cannot {verb} yourself.")
    if target.role == "owner":
        raise PermissionDenied(f"Nobody can {verb} the group's owner.")
    if target.role == "moderator" and actor.role != "owner":
        raise PermissionDenied(f"Only the owner can {verb} a moderator.")


def remove_member(user, group_id: int, user_id: int) -> None:
    group, actor = require_moderator(user, group_id)
    target = _target(group_id, user_id, "active")
    _may_act_on(actor, target, "remove")
    db.session.delete(target)
    group_notify(group, user_id, "group_decision", f"You were removed from {group.name}.",
                 path_to("groups.index"), actor_id=user.id)
    db.session.commit()


def ban_member(user, group_id: int, user_id: int) -> Membership:
    """Banned members cannot read (unless the group is open), join, ask or be invited."""
    group, actor = require_moderator(user, group_id)
    target = _target(group_id, user_id, "active", "requested")
    _may_act_on(actor, target, "ban")
    target.status, target.role = "banned", "member"
    db.session.execute(Invitation.__table__.update().where(
        Invitation.group_id == group_id, Invitation.invitee_id == user_id,
        Invitation.status == "pending").values(status="revoked"))
    db.session.commit()
    return target


def unban(user, group_id: int, user_id: int) -> None:
    """Lift a ban: the member may join, ask or be invited again (moderators)."""
    require_moderator(user, group_id)
    db.session.delete(_target(group_id, user_id, "banned"))
    db.session.commit()


def set_role(user, group_id: int, user_id: int, role: str) -> Membership:
    """The owner appoints moderators and makes them members again."""
    group, actor = require_owner(user, group_id)
    target = _target(group_id, user_id, "active")
    if target.user_id == actor.user_id:
        raise ValidationFailed.on("user_id", "Pass ownership on instead.")
    if role not in ("moderator", "member"):
        raise ValidationFailed.on("role", "Choose moderator or member.")
    target.role = role
    db.session.commit()
    return target


def transfer_ownership(user, group_id: int, user_id: int) -> Membership:
    """The new owner must be an active member; the old owner stays on as a moderator."""
    group, actor = require_owner(user, group_id)
    if user_id == actor.user_id:
        raise ValidationFailed.on("user_id", "You own this group already.")
    try:
        target = _target(group_id, user_id, "active")
    except NotFound:
        raise ValidationFailed.on("user_id", "Choose an active member of the group.") from None
    actor.role, target.role = "moderator", "owner"
    group_notify(group, user_id, "group_decision", f"You are now the owner of {group.name}.",
                 group_link(group.id), actor_id=user.id)
    db.session.commit()
    return target


def acknowledge_norms(user, group_id: int) -> Membership:
    group, membership = require_readable(user, group_id)
    if not _active(membership):
        raise PermissionDenied("Join the group first.")
    if membership.norms_acknowledged_at is None:
        membership.norms_acknowledged_at = utcnow()
        db.session.commit()
    return membership


# --- a member's account goes --------------------------------------------------------------


def successor(group_id: int, leaving_id: int) -> Membership | None:
    """Who owns a group whose owner deletes their account: the longest-standing moderator,
    else the longest-standing member."""
    return db.session.scalar(select(Membership).where(
        Membership.group_id == group_id, Membership.status == "active",
        Membership.user_id != leaving_id).order_by(
        case((Membership.role == "moderator", 0), else_=1), Membership.created_at,
        Membership.id).limit(1))


def hand_over_groups(user) -> None:
    """Before the account is deleted, in its transaction: each group it owns passes to a
    successor; a group with nobody else in it is deleted with its threads."""
    owned = db.session.scalars(select(Membership).where(
        Membership.user_id == user.id, Membership.status == "active",
        Membership.role == "owner")).all()
    for membership in owned:
        heir = successor(membership.group_id, user.id)
        group = db.session.get(Group, membership.group_id)
        if heir is None:
            chat.close_room(GROUP_ROOM, group.id)
            db.session.delete(group)
            continue
        heir.role = "owner"
        group_notify(group, heir.user_id, "group_decision",
                     f"You are now the owner of {group.name}: its owner left PeerLink.",
                     group_link(group.id))
