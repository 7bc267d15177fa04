"""Each event's lounge, a chat room: made with the event, read by the members going to it or
who attended it (and its organizer), written in until a while after the event ends, then
read-only; moderated by those who manage the event. The rules are in services."""

from sqlalchemy import select

from peerlink.accounts.models import User
from peerlink.chat.models import Room
from peerlink.events import services
from peerlink.events.attendees import viewers_seeing_attendee, visible_attendee_ids
from peerlink.events.models import EVENT_ROOM, Event
from peerlink.extensions import db


class EventRooms:
    name = EVENT_ROOM

    def readers(self, room: Room) -> set[int]:
        return services.lounge_readers(room.ref_id)

    def may_post(self, user_id: int, room: Room) -> bool:
        event = db.session.get(Event, room.ref_id)
        return event is not None and services.can_post_lounge(user_id, event)

    def read_only_reason(self, user_id: int, room: Room) -> str | None:
        event = db.session.get(Event, room.ref_id)
        if event is not None and not services.lounge_open(event):
            return (f"This lounge closed {services.LOUNGE_OPEN_FOR.days} days after "
                    "the event ended.")
        return None

    def listed_members(self, viewer_id: int, room: Room, room_readers: set[int]) -> set[int]:
        """Whom the event's attendee list shows the viewer (a member may keep off it), and
        its organizer: the rest read the lounge unnamed until they write in it."""
        viewer = db.session.get(User, viewer_id)
        event = db.session.get(Event, room.ref_id)
        if viewer is None or event is None:
            return set()
        return room_readers & (visible_attendee_ids(viewer, event.id) | {event.organizer_id})

    def listed_to(self, member_id: int, room: Room, room_readers: set[int]) -> set[int]:
        """The readers who see the member named (`listed_members`' inverse): everyone, for
        the organizer; for an attendee, whom the attendee list shows them to."""
        event = db.session.get(Event, room.ref_id)
        if event is None:
            return set()
        if member_id == event.organizer_id:
            return set(room_readers)
        return viewers_seeing_attendee(member_id, event.id, room_readers - {member_id})

    def may_moderate(self, user_id: int, room: Room) -> bool:
        event = db.session.get(Event, room.ref_id)
        user = db.session.get(User, user_id)
        return event is not None and user is not None and services.can_manage(user, event)

    def candidate_rooms(self, user_id: int):
        return select(Room.id).where(Room.kind == EVENT_ROOM,
                                     Room.ref_id.in_(services.lounge_candidates(user_id)))

    def title(self, room: Room) -> str | None:
        event = db.session.get(Event, room.ref_id)
        return f"{event.title} lounge" if event is not None else None


EVENT_ROOMS = EventRooms()
