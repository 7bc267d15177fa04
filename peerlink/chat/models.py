"""Rooms, who belongs to a direct conversation, and messages."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db

MAX_BODY = 4000
MAX_CLIENT_ID = 64
DIRECT = "direct"


class Room(db.Model):
    """A place to talk. `kind` names the RoomKind (chat.rooms) that says who may read and
    post; `ref_id` is the thing the room belongs to (a group, an event), None for direct
    conversations. `key` makes a room found again instead of made twice: "direct:3,8,12"
    (its members, sorted) or "<kind>:<ref_id>"."""

    __tablename__ = "chat_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int | None] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    # Who started a direct conversation: every other member must be connected with them.
    started_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RoomMember(db.Model):
    """A member of a direct conversation (for other kinds the kind says who belongs, and a
    row is only the member's read marker)."""

    __tablename__ = "chat_room_members"

    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"),
                                         primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    # The newest message the member has read; None: none yet.
    last_read_message_id: Mapped[int | None] = mapped_column(Integer)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Message(db.Model):
    """One message. Edits keep the row (edited_at); a deletion keeps it as a marker without
    its text (deleted_at, and removed_reason when a moderator removed it)."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        # A resend after a lost ack finds the first one: no duplicate.
        UniqueConstraint("author_id", "client_id", name="author_client_id"),
        Index("ix_chat_messages_room_id_id", "room_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(MAX_CLIENT_ID))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_reason: Mapped[str | None] = mapped_column(String(300))
