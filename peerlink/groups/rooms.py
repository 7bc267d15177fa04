"""Each group's chat room: made with the group, read by its active members, written in by
those who may post in its discussions, moderated by its owner and moderators."""

from sqlalchemy import select

from peerlink.accounts.models import User
from peerlink.chat import services as chat
from peerlink.chat.models import Room
from peerlink.extensions import db
from peerlink.groups import services
from peerlink.groups.models import GROUP_ROOM, Group, Membership


class GroupRooms:
    name = GROUP_ROOM

    def readers(self, room: Room) -> set[int]:
        return set(db.session.scalars(
            select(Membership.user_id).join(User, User.id == Membership.user_id)
            .where(Membership.group_id == room.ref_id, Membership.status == "active",
                   User.suspended_at.is_(None))))

    def may_post(self, user_id: int, room: Room) -> bool:
        group = db.session.get(Group, room.ref_id)
        membership = services.membership_of(user_id, room.ref_id)
        user = db.session.get(User, user_id)
        return (group is not None and user is not None and services.can_post(user, membership)
                and not services.needs_norms(group, membership))

    def may_moderate(self, user_id: int, room: Room) -> bool:
        return services.can_moderate(services.membership_of(user_id, room.ref_id))

    def candidate_rooms(self, user_id: int):
        return (select(Room.id).join(Membership, Membership.group_id == Room.ref_id)
                .where(Room.kind == GROUP_ROOM, Membership.user_id == user_id,
                       Membership.status == "active"))

    def title(self, room: Room) -> str | None:
        group = db.session.get(Group, room.ref_id)
        return group.name if group is not None else None


GROUP_ROOMS = GroupRooms()


def group_room_id(group_id: int) -> int | None:
    room = chat.owned_room(GROUP_ROOM, group_id)
    return room.id if room is not None else None

