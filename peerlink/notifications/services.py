"""Notifications: stored in the caller's transaction, pushed live once it commits, and
e-mailed at once or in the daily digest as the member chose (`preferences`, `emails`).

Helpers here add to the session and never commit: the service that owns the use case
commits once, and the live event and the e-mail go out only then (`peerlink.after_commit`).
Whenever what a member has unread changes, their open tabs hear the new count (`unread`).
"""

from dataclasses import dataclass

from sqlalchemy import and_, delete, func, select, update

from peerlink.db_types import utcnow
from peerlink.errors import NotFound
from peerlink.extensions import db
from peerlink.mailer import Attachment
from peerlink.notifications.emails import mail_at_once
from peerlink.notifications.kinds import DIGEST, IMMEDIATE, kind_named
from peerlink.notifications.models import Notification
from peerlink.notifications.preferences import delivery_for
from peerlink.notifications.schemas import NotificationSchema
from peerlink.pairs import either_way
from peerlink.realtime import emit_after_commit, user_room

NAMESPACE = "/notifications"


def personal_room(user_id: int) -> str:
    return user_room(user_id)


def notify(user_id: int, kind: str, message: str, link: str | None = None,
           actor_id: int | None = None,
           attachments: list[Attachment] | None = None) -> Notification:
    """Add a notification to the caller's transaction; it is pushed live after the commit,
    and a member who is offline finds it on their next visit.

    `kind` is one of `kinds.KINDS`; whether it is also e-mailed at once, saved for the
    member's daily digest or kept to the app is the member's choice for that kind.
    `actor_id` is the member the message is about (who asked, who accepted), if any.
    `attachments` go with an e-mail sent at once (a calendar invitation); a digest or an
    in-app notification carries none (the member finds the file from the link).
    """
    spec = kind_named(kind)
    delivery = delivery_for(user_id, spec)
    notification = Notification(user_id=user_id, kind=kind, message=message, link=link,
                                actor_id=actor_id, created_at=utcnow(),
                                digest_pending=delivery == DIGEST)
    db.session.add(notification)
    db.session.flush()  # the id the live event carries
    emit_after_commit("notification", NotificationSchema().dump(notification),
                      to=personal_room(user_id), namespace=NAMESPACE)
    if delivery == IMMEDIATE:
        mail_at_once(notification, spec, attachments)
    return notification


def _push_unread(user_id: int) -> None:
    """After the commit, every open tab of the member shows their new unread count."""
    emit_after_commit("unread", {"unread": unread_count(user_id)}, to=personal_room(user_id),
                      namespace=NAMESPACE)


def list_notifications(user_id: int, limit: int | None = 50) -> list[Notification]:
    """Newest first; `limit` None: all of them."""
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


@dataclass(frozen=True)
class NotificationsPage:
    notifications: list[Notification]
    new_ids: frozenset[int]  # unread until this visit


def open_notifications(user_id: int) -> NotificationsPage:
    """The member's latest notifications; those shown are read from now on (the page still
    marks which were new)."""
    shown = list_notifications(user_id)
    new_ids = frozenset(n.id for n in shown if n.read_at is None)
    if new_ids:
        db.session.execute(update(Notification).where(
            Notification.id.in_(new_ids), Notification.read_at.is_(None))
            .values(read_at=utcnow()).execution_options(synchronize_session=False))
        _push_unread(user_id)
    db.session.commit()
    return NotificationsPage(shown, new_ids)


def unread_count(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))


def mark_read(user_id: int, notification_id: int) -> Notification:
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user_id:
        raise NotFound("No such notification.")
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
        _push_unread(user_id)
        db.session.commit()
    return notification


def mark_all_read(user_id: int) -> None:
    db.session.execute(update(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).values(read_at=utcnow()))
    _push_unread(user_id)
    db.session.commit()


def settle(user_id: int, kind: str, actor_id: int, *, withdrawn: bool = False) -> None:
    """The thing a notification asked the member to act on was dealt with: it is read now,
    or gone if it was withdrawn. The caller commits, with the rest of its change."""
    about = and_(Notification.user_id == user_id, Notification.kind == kind,
                 Notification.actor_id == actor_id)
    if withdrawn:
        db.session.execute(delete(Notification).where(about))
    else:
        db.session.execute(update(Notification).where(about, Notification.read_at.is_(None))
                           .values(read_at=utcnow()))
    _push_unread(user_id)


def forget_between(a_id: int, b_id: int) -> None:
    """Delete what each of two members was told about the other (for a block); the caller
    commits, with the rest of its change."""
    db.session.execute(delete(Notification).where(
        either_way(Notification.user_id, Notification.actor_id, a_id, b_id)))
    _push_unread(a_id)
    _push_unread(b_id)
