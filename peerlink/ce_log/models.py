"""CE entries a member adds, their certificates, renewal requirements, the templates
requirements start from, and the reminders already sent.

Hours are kept as whole hundredths of an hour (`centihours`): exact on every database, where
a Decimal column on SQLite would go through floating point. `hours` reads and writes them as
Decimal.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db

HUNDRED = Decimal(100)


def to_centihours(hours: Decimal | None) -> int | None:
    return None if hours is None else int((Decimal(hours) * HUNDRED).to_integral_value())


def to_hours(centihours: int | None) -> Decimal | None:
    return None if centihours is None else Decimal(centihours) / HUNDRED


def hours_map(centihours: dict[str, int]) -> dict[str, Decimal]:
    return {code: to_hours(value) for code, value in (centihours or {}).items()}


def centihours_map(hours: dict[str, Decimal]) -> dict[str, int]:
    return {code: to_centihours(value) for code, value in (hours or {}).items()}


class CEEntry(db.Model):
    """A course the member took elsewhere and logs by hand."""

    __tablename__ = "ce_entries"
    __table_args__ = (CheckConstraint("centihours > 0", name="positive_hours"),
                      Index("ix_ce_entries_user_completed", "user_id", "completed_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    provider: Mapped[str] = mapped_column(String(200), default="")
    completed_on: Mapped[date] = mapped_column(Date)
    centihours: Mapped[int] = mapped_column(Integer)
    live: Mapped[bool] = mapped_column(default=False)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @property
    def hours(self) -> Decimal:
        return to_hours(self.centihours)

    @property
    def key(self) -> str:
        """The entry's line in the log, as earned credits have theirs."""
        return f"entry:{self.id}"


class CECertificate(db.Model):
    """A certificate of completion attached to one line of the member's log: a manual entry
    ("entry:12") or an earned credit (its source's key). The file is under UPLOAD_DIR with a
    random name (peerlink.stored_files)."""

    __tablename__ = "ce_certificates"
    __table_args__ = (UniqueConstraint("user_id", "line", name="one_per_line"),
                      CheckConstraint("kind IN ('pdf', 'jpeg', 'png', 'webp')", name="kind"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    line: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200), default="")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class _Figures:
    """What a board asks for in one renewal cycle (a requirement, or a template of one)."""

    total_centihours: Mapped[int] = mapped_column(Integer)
    # Self-study (online, on demand) hours above this do not count; None: no cap.
    self_study_cap_centihours: Mapped[int | None] = mapped_column(Integer)
    # Hours that must be live (in person or live online); None: no minimum.
    live_minimum_centihours: Mapped[int | None] = mapped_column(Integer)
    # {subject code: centihours}
    subject_minimums: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)

    @property
    def total_hours(self) -> Decimal:
        return to_hours(self.total_centihours)

    @property
    def self_study_cap(self) -> Decimal | None:
        return to_hours(self.self_study_cap_centihours)

    @property
    def live_minimum(self) -> Decimal | None:
        return to_hours(self.live_minimum_centihours)

    @property
    def subject_hours(self) -> dict[str, Decimal]:
        return hours_map(self.subject_minimums)


class CETemplate(_Figures, db.Model):
    """Typical figures for a common license, which members copy and edit; admins keep them.
    Always shown with: check your board's current rules; this is not legal advice."""

    __tablename__ = "ce_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    license_type: Mapped[str] = mapped_column(String(120))
    cycle_years: Mapped[int] = mapped_column(Integer, default=2)
    notes: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class CERequirement(_Figures, db.Model):
    """One license's renewal requirement for the member's current cycle."""

    __tablename__ = "ce_requirements"
    __table_args__ = (CheckConstraint("cycle_start < cycle_end", name="cycle_order"),
                      CheckConstraint("total_centihours > 0", name="positive_total"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    license_name: Mapped[str] = mapped_column(String(120))
    cycle_start: Mapped[date] = mapped_column(Date)
    cycle_end: Mapped[date] = mapped_column(Date, index=True)
    template_id: Mapped[int | None] = mapped_column(
        ForeignKey("ce_templates.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class CEReminder(db.Model):
    """A deadline reminder already sent: one per requirement, cycle end and threshold."""

    __tablename__ = "ce_reminders"

    requirement_id: Mapped[int] = mapped_column(
        ForeignKey("ce_requirements.id", ondelete="CASCADE"), primary_key=True)
    cycle_end: Mapped[date] = mapped_column(Date, primary_key=True)
    days: Mapped[int] = mapped_column(Integer, primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
