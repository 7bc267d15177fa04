from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlink.accounts.models import User
from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db
from peerlink.taxonomy.models import (
    KINDS,
    Discipline,
    Language,
    Modality,
    Population,
    PracticeSetting,
    Specialty,
)

VISIBILITIES = ("members", "connections_and_attendees", "connections")
VERIFICATION_STATUSES = ("unverified", "pending", "verified", "rejected")


class Profile(db.Model):
    """One per account. `license_number` is private: owner and admins only."""

    __tablename__ = "profiles"
    __table_args__ = (
        CheckConstraint(f"visibility IN {VISIBILITIES}", name="visibility"),
        CheckConstraint(f"verification_status IN {VERIFICATION_STATUSES}",
                        name="verification_status"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    display_name: Mapped[str] = mapped_column(String(120))
    pronouns: Mapped[str] = mapped_column(String(40), default="")
    discipline_id: Mapped[int | None] = mapped_column(ForeignKey("disciplines.id"), index=True)
    credentials: Mapped[str] = mapped_column(String(120), default="")
    setting_id: Mapped[int | None] = mapped_column(ForeignKey("practice_settings.id"))
    city: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    open_to_consultation: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    consultation_topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    license_jurisdiction: Mapped[str] = mapped_column(String(80), default="")
    license_number: Mapped[str] = mapped_column(String(64), default="")
    verification_status: Mapped[str] = mapped_column(String(20), default="unverified",
                                                     index=True)
    visibility: Mapped[str] = mapped_column(String(30), default="members")
    show_email_to_connections: Mapped[bool] = mapped_column(Boolean, default=False)
    # The profile photo's random name (profiles.photos): its files are <name>-<size>.webp
    # under UPLOAD_DIR, and its address holds the name, so it cannot be guessed from the id.
    photo: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(backref=db.backref("profile", uselist=False,
                                                         passive_deletes=True))
    discipline: Mapped[Discipline | None] = relationship()
    setting: Mapped[PracticeSetting | None] = relationship()
    specialties: Mapped[list[Specialty]] = relationship(secondary=KINDS["specialties"].link,
                                                        order_by=Specialty.position)
    modalities: Mapped[list[Modality]] = relationship(secondary=KINDS["modalities"].link,
                                                      order_by=Modality.position)
    populations: Mapped[list[Population]] = relationship(secondary=KINDS["populations"].link,
                                                         order_by=Population.position)
    languages: Mapped[list[Language]] = relationship(secondary=KINDS["languages"].link,
                                                     order_by=Language.position)

    @property
    def verified(self) -> bool:
        return self.verification_status == "verified"


class LicenseReview(db.Model):
    """One submission of a license for review. `method` leaves room for a board look-up."""

    __tablename__ = "license_reviews"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'verified', 'rejected')", name="status"),
        Index("ix_license_reviews_status_submitted", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.user_id", ondelete="CASCADE"),
                                            index=True)
    jurisdiction: Mapped[str] = mapped_column(String(80))
    number: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    method: Mapped[str] = mapped_column(String(20), default="manual")
    external_reference: Mapped[str | None] = mapped_column(String(200))
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reason: Mapped[str] = mapped_column(String(500), default="")

    profile: Mapped[Profile] = relationship()
    reviewer: Mapped[User | None] = relationship()
