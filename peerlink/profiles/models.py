from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlink.accounts.models import User
from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db

VISIBILITIES = ("members", "connections_and_attendees", "connections")
VERIFICATION_STATUSES = ("unverified", "pending", "verified", "rejected")
CONNECTION_STATUSES = ("pending", "accepted", "declined")


class TaxonomyTerm:
    """Columns every taxonomy table shares. Retired terms stay for the profiles using them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"


class Discipline(TaxonomyTerm, db.Model):
    __tablename__ = "disciplines"


class Specialty(TaxonomyTerm, db.Model):
    __tablename__ = "specialties"


class Modality(TaxonomyTerm, db.Model):
    __tablename__ = "modalities"


class Population(TaxonomyTerm, db.Model):
    __tablename__ = "populations"


class Language(TaxonomyTerm, db.Model):
    __tablename__ = "languages"


class PracticeSetting(TaxonomyTerm, db.Model):
    __tablename__ = "practice_settings"


def _link_table(name: str, term_table: str) -> Table:
    return Table(
        name, db.metadata,
        Column("profile_id", ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True),
        Column("term_id", ForeignKey(f"{term_table}.id", ondelete="CASCADE"), primary_key=True,
               index=True),
    )


profile_specialties = _link_table("profile_specialties", "specialties")
profile_modalities = _link_table("profile_modalities", "modalities")
profile_populations = _link_table("profile_populations", "populations")
profile_languages = _link_table("profile_languages", "languages")


@dataclass(frozen=True)
class TermList:
    """A profile's list of taxonomy terms: `Profile.<plural>`, a filter `?<singular>=`."""

    singular: str
    plural: str
    link: Table
    model: type[TaxonomyTerm]


# singular name -> its TermList: the one map search, filters, cards and people-to-meet use.
TERM_LISTS = {term_list.singular: term_list for term_list in (
    TermList("specialty", "specialties", profile_specialties, Specialty),
    TermList("modality", "modalities", profile_modalities, Modality),
    TermList("population", "populations", profile_populations, Population),
    TermList("language", "languages", profile_languages, Language),
)}


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(backref=db.backref("profile", uselist=False,
                                                         passive_deletes=True))
    discipline: Mapped[Discipline | None] = relationship()
    setting: Mapped[PracticeSetting | None] = relationship()
    specialties: Mapped[list[Specialty]] = relationship(secondary=profile_specialties,
                                                        order_by=Specialty.position)
    modalities: Mapped[list[Modality]] = relationship(secondary=profile_modalities,
                                                      order_by=Modality.position)
    populations: Mapped[list[Population]] = relationship(secondary=profile_populations,
                                                         order_by=Population.position)
    languages: Mapped[list[Language]] = relationship(secondary=profile_languages,
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


class Connection(db.Model):
    """A request from one member to another; accepted requests are connections."""

    __tablename__ = "connections"
    __table_args__ = (
        UniqueConstraint("requester_id", "addressee_id", name="pair"),
        CheckConstraint("requester_id <> addressee_id", name="not_self"),
        CheckConstraint(f"status IN {CONNECTION_STATUSES}", name="status"),
        Index("ix_connections_addressee_status", "addressee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    addressee_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    addressee: Mapped[User] = relationship(foreign_keys=[addressee_id])


class Block(db.Model):
    """The blocked member can no longer see the blocker's profile, message or request them."""

    __tablename__ = "blocks"
    __table_args__ = (CheckConstraint("blocker_id <> blocked_id", name="not_self"),)

    blocker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                            primary_key=True)
    blocked_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                            primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


