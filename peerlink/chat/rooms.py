"""The kinds of room, and who belongs to each: one registry every room goes through.

Chat sits below groups, events and consultations, so it cannot ask them who is in their
rooms. Each of those features registers a RoomKind from its blueprint's `record_once`
(as events answer `profiles.attendance`); chat registers the direct conversations itself.
`services.can_read_room` / `can_post_room` ask the room's kind and nothing else.
"""

from typing import Protocol

from sqlalchemy import Integer, bindparam, or_, select
from sqlalchemy.sql import Select

from peerlink.accounts.models import User
from peerlink.chat.models import DIRECT, Room, RoomMember
from peerlink.extensions import core_execute
from peerlink.profiles.relations import MEMBER, kept_statement


class RoomKind(Protocol):
    """What a feature answers for its rooms. A kind may also declare the class attribute
    `deidentified_only = True` (a consultation's rooms): there the PHI guard refuses flagged
    text even when the member confirms it is de-identified; in other kinds confirming
    (`confirm_deidentified`) lets it through. Read it with
    `getattr(kind, "deidentified_only", False)` (`services.deidentified_only`). It may also
    declare `phi_advice` (category -> text): the guard's advice in its rooms instead of the
    detector's."""

    name: str

    def readers(self, room: Room) -> set[int]:
        """The members who may read the room now: live events go to them."""

    def may_post(self, user_id: int, room: Room) -> bool:
        """May this reader write in the room (a lounge may be read-only after its event)?
        Asked only of a member `readers` holds: `can_post_room` checks reading first."""

    def may_moderate(self, user_id: int, room: Room) -> bool:
        """May this reader delete others' messages (with a reason)?"""

    def candidate_rooms(self, user_id: int):
        """SQL: ids of this kind's rooms the member may belong to (the rooms list checks
        each with `readers`)."""

    # Optional: `read_only_reason(self, user_id, room) -> str | None`, why a reader may not
    # write (asked only when `may_post` says no); read with `services.read_only_reason`.
    # Optional: `listed_members(self, viewer_id, room, readers) -> set[int]`, the readers the
    # viewer may see named as the room's members (a lounge: whom its attendee list shows
    # them); without it, every reader. A kind that has it also has its inverse,
    # `listed_to(self, member_id, room, readers) -> set[int]`: the readers who see the
    # member named (they alone hear the member's presence through this room).

    def title(self, room: Room) -> str | None:
        """What the room is called (a group's name); None: named after its members."""


def _direct_readers(source) -> Select:
    """A direct conversation's members (in :room) who are not suspended and are its starter
    (in :member) or connected with them."""
    return (select(RoomMember.user_id).join(User, User.id == RoomMember.user_id)
            .where(RoomMember.room_id == bindparam("room", type_=Integer),
                   User.suspended_at.is_(None),
                   or_(RoomMember.user_id == MEMBER,
                       RoomMember.user_id.in_(source.connected(MEMBER)))))


class DirectRooms:
    """A conversation between members connected with the one who started it (two members,
    or up to MAX_DIRECT_MEMBERS). A member whose connection with the starter ended (a
    removal, a block) or who is suspended is out of it at once: they neither read nor post
    nor receive; the starter stays in while connected with at least one other member. A
    conversation of two is thus open exactly while the two are connected."""

    name = DIRECT

    def readers(self, room: Room) -> set[int]:
        starter = room.started_by_id
        if starter is None:
            return set()
        inside = set(core_execute(kept_statement("chat.direct_readers", _direct_readers),
                                  {"room": room.id, "member": starter}).scalars().all())
        return inside if starter in inside and len(inside) > 1 else set()

    def may_post(self, user_id: int, room: Room) -> bool:
        return True  # every reader writes (asked of readers only)

    def may_moderate(self, user_id: int, room: Room) -> bool:
        return False

    def candidate_rooms(self, user_id: int):
        return (select(Room.id).join(RoomMember, RoomMember.room_id == Room.id)
                .where(Room.kind == DIRECT, RoomMember.user_id == user_id))

    def title(self, room: Room) -> str | None:
        return None


MAX_DIRECT_MEMBERS = 8
_kinds: dict[str, RoomKind] = {}


def register_room_kind(kind: RoomKind) -> None:
    _kinds[kind.name] = kind


def room_kind(name: str) -> RoomKind | None:
    return _kinds.get(name)


def room_kinds() -> list[RoomKind]:
    return list(_kinds.values())


register_room_kind(DirectRooms())
