"""Groups, who belongs to them, the CE events they follow, invitations, threads, posts,
follows and reports."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from peerlink.db_types import UTCDateTime, utcnow
from peerlink.extensions import db

KINDS = ("topic", "event_follow_up", "peer_support")
KIND_LABELS = {"topic": "Topic", "event_follow_up": "Event follow-up",
               "peer_support": "Peer-support circle"}
VISIBILITIES = ("open", "private")
ROLES = ("owner", "moderator", "member")
# The kind of chat room each group has (chat.rooms; groups.rooms says who is in it).
GROUP_ROOM = "group"
MEMBERSHIP_STATUSES = ("active", "requested", "banned")
INVITATION_STATUSES = ("pending", "accepted", "declined", "revoked")
REPORT_STATUSES = ("open", "resolved", "dismissed")
MAX_EVENTS = 10  # CE events one group may be linked to


class Group(db.Model):
    """A group; private ones hide their members, threads and posts from everyone else."""

    __tablename__ = "groups"
    __table_args__ = (
        CheckConstraint(f"kind IN {KINDS}", name="kind"),
        CheckConstraint(f"visibility IN {VISIBILITIES}", name="visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(2000), default="")
    rules: Mapped[str] = mapped_column(String(4000), default="")
    kind: Mapped[str] = mapped_column(String(20), default="topic")
    visibility: Mapped[str] = mapped_column(String(10), default="open")
    listed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def private(self) -> bool:
        return self.visibility == "private"

    @property
    def circle(self) -> bool:
        return self.kind == "peer_support"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


class Membership(db.Model):
    """A member's place in a group: active (with a role), asking to join, or banned."""

    __tablename__ = "group_memberships"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id", name="member_once"),
        CheckConstraint(f"role IN {ROLES}", name="role"),
        CheckConstraint(f"status IN {MEMBERSHIP_STATUSES}", name="status"),
        Index("ix_group_memberships_user_status", "user_id", "status"),
        Index("ix_group_memberships_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10), default="member")
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # When the member read and accepted a circle's norms; they post only after that.
    norms_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Invitation(db.Model):
    """An invitation to a member (`invitee_id`) or to an e-mail address not registered yet
    (`email`; whoever confirms that address on PeerLink may take it). The link carries a
    token; only its digest is stored."""

    __tablename__ = "group_invitations"
    __table_args__ = (
        CheckConstraint(f"status IN {INVITATION_STATUSES}", name="status"),
        CheckConstraint("invitee_id IS NOT NULL OR email IS NOT NULL", name="someone"),
        Index("ix_group_invitations_email", "email"),
        Index("ix_group_invitations_invitee", "invitee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"),
                                          index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    invitee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str | None] = mapped_column(String(254))
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Thread(db.Model):
    """A discussion: its title here, its opening post and replies in `Post`."""

    __tablename__ = "group_threads"
    __table_args__ = (Index("ix_group_threads_group_order", "group_id", "pinned",
                            "last_post_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Post(db.Model):
    """A thread's opening post (`opening`) or a reply. Deleted by its author or removed by a
    moderator, it stays as a marker; the author still sees the moderator's reason."""

    __tablename__ = "group_posts"
    __table_args__ = (Index("ix_group_posts_thread_order", "thread_id", "opening", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("group_threads.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    opening: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    removed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    removal_reason: Mapped[str] = mapped_column(String(500), default="")

    @property
    def gone(self) -> bool:
        return self.deleted_at is not None or self.removed_at is not None


class ThreadFollow(db.Model):
    """The member hears of every reply in the thread."""

    __tablename__ = "group_thread_follows"

    thread_id: Mapped[int] = mapped_column(ForeignKey("group_threads.id", ondelete="CASCADE"),
                                           primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Report(db.Model):
    """A post reported to its group's moderators, who work the open ones as a queue."""

    __tablename__ = "group_reports"
    __table_args__ = (
        UniqueConstraint("post_id", "reporter_id", name="once_per_reporter"),
        CheckConstraint(f"status IN {REPORT_STATUSES}", name="status"),
        Index("ix_group_reports_group_status", "group_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("group_posts.id", ondelete="CASCADE"))
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(1000))
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class GroupEvent(db.Model):
    """A group linked to a CE event (events know nothing of it: groups sit above events).
    The link goes when either side is deleted; the group outlives the event's dates."""

    __tablename__ = "group_events"
    __table_args__ = (UniqueConstraint("group_id", "event_id", name="linked_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
