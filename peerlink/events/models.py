"""Events, their sessions and topic terms, the credit bodies that approve them, attendance."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlink.accounts.models import User
from peerlink.ce_log.subjects import subject_titles
from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db
from peerlink.taxonomy.models import KINDS, Modality, Specialty

ATTENDANCE_STATUSES = ("going", "attended")
# The kind of chat room each event has, its lounge (chat.rooms; events.rooms says who is in it).
EVENT_ROOM = "event"
# The taxonomy kinds a session's topics come from (taxonomy.models.KINDS).
TOPIC_KINDS = ("specialties", "modalities")


class CreditBody(db.Model):
    """A board that approves CE (APA, ASWB ACE, NBCC ...): a table an admin edits."""

    __tablename__ = "credit_bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)


event_credit_bodies = Table(
    "event_credit_bodies", db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("credit_body_id", ForeignKey("credit_bodies.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


def _session_terms(name: str) -> Table:
    term_table = KINDS[name].model.__tablename__
    return Table(
        f"session_{name}", db.metadata,
        Column("session_id", ForeignKey("event_sessions.id", ondelete="CASCADE"),
               primary_key=True),
        Column("term_id", ForeignKey(f"{term_table}.id", ondelete="CASCADE"), primary_key=True,
               index=True),
    )


SESSION_TERMS: dict[str, Table] = {name: _session_terms(name) for name in TOPIC_KINDS}


class Event(db.Model):
    """Times are stored in UTC; `time_zone` is the IANA zone the event happens in."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("credit_hours >= 0", name="credit_hours"),
        Index("ix_events_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    time_zone: Mapped[str] = mapped_column(String(64))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    venue: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    url: Mapped[str] = mapped_column(String(500), default="")
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    # CE subject codes (ce_log.subjects) the event counts toward where credited as a whole.
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    organizer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The code members type to check in, and the one it replaced (refused as rotated).
    checkin_code: Mapped[str] = mapped_column(String(16))
    previous_checkin_code: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    organizer: Mapped[User | None] = relationship()
    credit_bodies: Mapped[list[CreditBody]] = relationship(
        secondary=event_credit_bodies, order_by=CreditBody.position)
    sessions: Mapped[list["EventSession"]] = relationship(
        back_populates="event", order_by="EventSession.starts_at, EventSession.id",
        cascade="all, delete-orphan", passive_deletes=True)


class EventSession(db.Model):
    """A session or track of an event, with its own time, room, presenters and hours."""

    __tablename__ = "event_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("credit_hours >= 0", name="credit_hours"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    room: Mapped[str] = mapped_column(String(120), default="")
    presenters: Mapped[str] = mapped_column(String(500), default="")
    credit_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal(0))
    # CE subject codes (ce_log.subjects) its hours count toward, e.g. ["ethics"].
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)

    event: Mapped[Event] = relationship(back_populates="sessions")
    specialties: Mapped[list[Specialty]] = relationship(
        secondary=SESSION_TERMS["specialties"], order_by=Specialty.position)
    modalities: Mapped[list[Modality]] = relationship(
        secondary=SESSION_TERMS["modalities"], order_by=Modality.position)

    @property
    def subject_titles(self) -> list[str]:
        return subject_titles(self.subjects)


class Attendance(db.Model):
    """A member going to, or having attended, an event; verified once they checked in."""

    __tablename__ = "event_attendances"
    __table_args__ = (
        CheckConstraint(f"status IN {ATTENDANCE_STATUSES}", name="status"),
        Index("ix_event_attendances_user", "user_id"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="going")
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    show_on_attendee_list: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SessionAttendance(db.Model):
    """A member in one session or track of an event."""

    __tablename__ = "event_session_attendances"
    __table_args__ = (Index("ix_event_session_attendances_user", "user_id"),)

    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
