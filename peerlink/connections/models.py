"""Connection requests, connections and blocks between members."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from peerlink.accounts.models import User
from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db

CONNECTION_STATUSES = ("pending", "accepted", "declined")


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


class DismissedSuggestion(db.Model):
    """A member said "not now" to someone people to meet suggested: never suggested again."""

    __tablename__ = "dismissed_suggestions"
    __table_args__ = (CheckConstraint("member_id <> dismissed_id", name="not_self"),)

    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                           primary_key=True)
    dismissed_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
