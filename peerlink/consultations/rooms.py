"""Each consultation's private chat room: opened when it is scheduled, read by its two
participants only, written in while it is scheduled, read-only once it is completed or
cancelled, and moderated by nobody. Only de-identified text may be posted in it (chat's
guard reads `deidentified_only`)."""

from datetime import timedelta

from sqlalchemy import or_, select

from peerlink.chat.models import Message, Room
from peerlink.consultations.models import (
    CANCELLED,
    COMPLETED,
    CONSULTATION_ROOM,
    SCHEDULED,
    TIMES_PROPOSED,
    Consultation,
)
from peerlink.extensions import db
from peerlink.local_time import in_time_zone_of
from peerlink.profiles import privacy


class ConsultationRooms:
    name = CONSULTATION_ROOM
    deidentified_only = True
    # The PHI guard's advice here, where a number may be the member's own for the call.
    phi_advice = {"phone": "Leave out a client's phone and fax numbers. To share your own "
                           "number for the call, add it on the consultation page (Joining "
                           "details)."}

    def readers(self, room: Room) -> set[int]:
        consultation = db.session.get(Consultation, room.ref_id)
        if consultation is None or consultation.peer_id is None:
            return set()
        return {user_id for user_id in consultation.participants()
                if not privacy.is_suspended(user_id)}

    def may_post(self, user_id: int, room: Room) -> bool:
        """While an agreed time stands (scheduled, or being moved to another time)."""
        consultation = db.session.get(Consultation, room.ref_id)
        return (consultation is not None and user_id in consultation.participants()
                and consultation.starts_at is not None
                and consultation.state in (SCHEDULED, TIMES_PROPOSED))

    def read_only_reason(self, user_id: int, room: Room) -> str | None:
        """Once it is completed or cancelled: kept read-only until `purge_expired` deletes
        its messages, the retention the requester chose after it ended."""
        consultation = db.session.get(Consultation, room.ref_id)
        if consultation is None or consultation.state not in (COMPLETED, CANCELLED):
            return None
        end = consultation.completed_at or consultation.cancelled_at
        if end is None or consultation.purged_at is not None:
            return "This consultation has ended."
        purge_on = in_time_zone_of(user_id, end + timedelta(days=consultation.retention_days),
                                   with_time=False)
        return ("This consultation has ended; the conversation is kept read-only until "
                f"it is deleted on {purge_on}.")

    def may_moderate(self, user_id: int, room: Room) -> bool:
        return False

    def candidate_rooms(self, user_id: int):
        return (select(Room.id).join(Consultation, Consultation.id == Room.ref_id)
                .where(Room.kind == CONSULTATION_ROOM,
                       or_(Consultation.requester_id == user_id,
                           Consultation.peer_id == user_id)))

    def title(self, room: Room) -> str | None:
        """Named after the consultation's topic (de-identified: the PHI guard read it)."""
        consultation = db.session.get(Consultation, room.ref_id)
        return f"Consultation: {consultation.topic}" if consultation else "Consultation"


CONSULTATION_ROOMS = ConsultationRooms()


def room_of(consultation_id: int) -> Room | None:
    return db.session.scalar(select(Room).where(Room.kind == CONSULTATION_ROOM,
                                                Room.ref_id == consultation_id))


def close_rooms_of(user_id: int) -> None:
    """Delete the rooms (and messages) of every consultation the member takes part in."""
    ids = select(Consultation.id).where(or_(Consultation.requester_id == user_id,
                                            Consultation.peer_id == user_id))
    db.session.execute(Room.__table__.delete().where(Room.kind == CONSULTATION_ROOM,
                                                     Room.ref_id.in_(ids)))


def purge_messages(room_id: int) -> int:
    """Delete every message of the room (the retention after completion has passed)."""
    result = db.session.execute(Message.__table__.delete().where(Message.room_id == room_id))
    return result.rowcount or 0
