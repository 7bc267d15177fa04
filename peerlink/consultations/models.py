"""A consultation, its proposed time slots, every change of state, and private notes."""

from datetime import datetime, timedelta

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db

CONSULTATION_ROOM = "consultation"  # the chat RoomKind (consultations.rooms)

REQUESTED = "requested"
TIMES_PROPOSED = "times_proposed"
SCHEDULED = "scheduled"
DECLINED = "declined"
COMPLETED = "completed"
CANCELLED = "cancelled"
EXPIRED = "expired"
STATES = (REQUESTED, TIMES_PROPOSED, SCHEDULED, DECLINED, COMPLETED, CANCELLED, EXPIRED)
STATE_LABELS = {REQUESTED: "Requested", TIMES_PROPOSED: "New times proposed",
                SCHEDULED: "Scheduled", DECLINED: "Declined", COMPLETED: "Completed",
                CANCELLED: "Cancelled", EXPIRED: "Expired"}
# Waiting for an answer: these expire when nobody answers in time.
OPEN_STATES = (REQUESTED, TIMES_PROPOSED)
FINAL_STATES = (DECLINED, COMPLETED, CANCELLED, EXPIRED)

# Who the request goes to: one peer, a group's members, or everyone open to consultation
# who holds the specialty or modality wanted.
PEER, GROUP, OPEN = "peer", "group", "open"
AUDIENCES = (PEER, GROUP, OPEN)
URGENCIES = {"routine": "Routine (within two weeks)", "soon": "Soon (this week)",
             "urgent": "Urgent (within two days)"}
FORMATS = {"chat": "Chat in PeerLink", "phone": "Phone", "video": "Video (a link we share)"}
RETENTION_DAYS = (7, 30, 90)
DURATIONS = (30, 45, 60, 90)
MIN_SLOTS = 2
MAX_SLOTS = 6
MAX_TOPIC = 200
MAX_SUMMARY = 4000
MAX_QUESTION = 1000
MAX_REASON = 500
MAX_NOTE = 8000


class Consultation(db.Model):
    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint("requester_id <> peer_id", name="not_with_oneself"),
        Index("ix_consultations_state_expires_at", "state", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              index=True)
    # The consulted peer: chosen by the requester, or the volunteer who claimed an open
    # request (None until then).
    peer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                index=True)
    audience: Mapped[str] = mapped_column(String(10))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"),
                                                 index=True)
    specialty_id: Mapped[int | None] = mapped_column(
        ForeignKey("specialties.id", ondelete="SET NULL"))
    modality_id: Mapped[int | None] = mapped_column(
        ForeignKey("modalities.id", ondelete="SET NULL"))
    topic: Mapped[str] = mapped_column(String(MAX_TOPIC))
    summary: Mapped[str] = mapped_column(Text)
    question: Mapped[str] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(10))
    format: Mapped[str] = mapped_column(String(10))
    video_url: Mapped[str] = mapped_column(String(500), default="")
    # A phone consultation's number to call (E.164), given by either participant.
    phone_number: Mapped[str] = mapped_column(String(32), default="", server_default="")
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    time_zone: Mapped[str] = mapped_column(String(64))  # the requester's IANA zone
    retention_days: Mapped[int] = mapped_column(Integer, default=30)
    attested_at: Mapped[datetime] = mapped_column(UTCDateTime())  # "the case is de-identified"
    state: Mapped[str] = mapped_column(String(20), default=REQUESTED)
    decline_reason: Mapped[str] = mapped_column(String(MAX_REASON), default="")
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # once scheduled
    # The iCalendar SEQUENCE: bumped whenever the scheduled time moves or it is cancelled.
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # room messages deleted

    slots: Mapped[list["Slot"]] = relationship(
        order_by="Slot.starts_at", cascade="all, delete-orphan", passive_deletes=True)

    def participants(self) -> set[int]:
        return {self.requester_id} | ({self.peer_id} if self.peer_id else set())

    def other(self, user_id: int) -> int | None:
        return self.peer_id if user_id == self.requester_id else self.requester_id

    @property
    def ends_at(self) -> datetime | None:
        return self.starts_at + timedelta(minutes=self.duration_minutes) if self.starts_at else None


class Slot(db.Model):
    """A proposed start time, in UTC with the zone of whoever proposed it. Each proposal is
    a round: the requester's first (round 1), then the answers that propose new times."""

    __tablename__ = "consultation_slots"
    __table_args__ = (UniqueConstraint("consultation_id", "round", "starts_at",
                                       name="slot_once_per_round"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    time_zone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Transition(db.Model):
    """Who moved a consultation from which state to which, and when (None: the expiry job)."""

    __tablename__ = "consultation_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Note(db.Model):
    """A participant's private note on a consultation: only its author ever reads it."""

    __tablename__ = "consultation_notes"
    __table_args__ = (UniqueConstraint("consultation_id", "author_id", name="one_note_each"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                           index=True)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Credit(db.Model):
    """A participant added a completed consultation to their CE log."""

    __tablename__ = "consultation_credits"
    __table_args__ = (UniqueConstraint("consultation_id", "user_id", name="credited_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
