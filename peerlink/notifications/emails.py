"""Notifications by e-mail: at once, after the commit that stored them, or in the daily
digest that `flask notifications send-digests` sends.

Every e-mail about a kind the member may switch off carries a signed one-click link that
does so, in its text and in the List-Unsubscribe headers (RFC 8058). A kind marked
`text_in_email=False` is announced without its text. Mail goes only to confirmed addresses,
except for the fixed kinds (security), which are about the account itself.
"""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select, update

from peerlink.extensions import db
from peerlink.links import absolute_link, absolute_url
from peerlink.local_time import in_time_zone_of
from peerlink.mailer import Attachment, mail_after_commit
from peerlink.notifications.kinds import DIGEST, KINDS, Kind
from peerlink.notifications.models import Notification
from peerlink.notifications.preferences import preferences_of, unsubscribe_token
from peerlink.notifications.recipients import Recipient, recipient_of

SUBJECT_MAX = 70
# A digest lists at most this many; the rest are a link away.
DIGEST_MAX_ITEMS = 50


def _mailable(recipient: Recipient | None, kinds: list[Kind]) -> bool:
    return recipient is not None and (recipient.confirmed or all(k.fixed for k in kinds))


def _unsubscribe(user_id: int, kinds: list[Kind]) -> tuple[str | None, dict]:
    """The one-click link for these kinds and its headers; none for fixed kinds alone."""
    names = [kind.name for kind in kinds if not kind.fixed]
    if not names:
        return None, {}
    link = absolute_url("notifications.unsubscribe", token=unsubscribe_token(user_id, names))
    return link, {"List-Unsubscribe": f"<{link}>",
                  "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _text(notification: Notification, kind: Kind) -> str:
    if kind.text_in_email:
        return notification.message
    return f"Something new in PeerLink: {kind.label.lower()}. Read it there."


def _link(notification: Notification) -> str:
    if notification.link:
        return absolute_link(notification.link)
    return absolute_url("notifications.index")


def _subject(notification: Notification, kind: Kind) -> str:
    if not kind.text_in_email:
        return f"something new: {kind.label.lower()}"
    message = notification.message.rstrip(".")
    return message if len(message) <= SUBJECT_MAX else message[:SUBJECT_MAX - 1] + "…"


def mail_at_once(notification: Notification, kind: Kind,
                 attachments: list[Attachment] | None = None) -> None:
    """Queue the notification's e-mail for after the commit, with its `attachments`.
    Composing it cannot fail the change it announces: a problem is logged and the member
    still finds it in PeerLink."""
    try:
        recipient = recipient_of(notification.user_id)
        if not _mailable(recipient, [kind]):
            return
        unsubscribe, headers = _unsubscribe(notification.user_id, [kind])
        mail_after_commit(recipient.email, _subject(notification, kind), "notification",
                          headers=headers, name=recipient.name, kind=kind,
                          text=_text(notification, kind), link=_link(notification),
                          unsubscribe=unsubscribe, settings=absolute_url("accounts.account"),
                          attachments=attachments)
    except Exception:
        current_app.logger.exception("Could not prepare the e-mail for notification %s",
                                     notification.id)


# --- the daily digest -----------------------------------------------------------------------


@dataclass(frozen=True)
class DigestItem:
    when: str  # in the member's time zone
    text: str
    link: str


def send_digests() -> int:
    """One e-mail to each member with notifications waiting for the digest; each is sent
    once, even if two runs overlap. Returns how many e-mails were queued."""
    user_ids = list(db.session.scalars(select(Notification.user_id).distinct().where(
        Notification.digest_pending.is_(True))))
    db.session.commit()
    return sum(_send_digest(user_id) for user_id in user_ids)


def _send_digest(user_id: int) -> bool:
    pending = list(db.session.scalars(
        select(Notification).where(Notification.user_id == user_id,
                                   Notification.digest_pending.is_(True))
        .order_by(Notification.created_at, Notification.id)))
    claimed = db.session.execute(
        update(Notification).where(Notification.id.in_([n.id for n in pending]),
                                   Notification.digest_pending.is_(True))
        .values(digest_pending=False).execution_options(synchronize_session=False)).rowcount
    if claimed != len(pending):  # another run has taken them and sends them
        db.session.rollback()
        return False
    digest = {p.kind for p in preferences_of(user_id) if p.delivery == DIGEST}
    # Already read in PeerLink, or moved out of the digest: nothing to tell by e-mail.
    due = [n for n in pending if n.read_at is None and n.kind in digest]
    recipient = recipient_of(user_id)
    kinds = [KINDS[name] for name in sorted({n.kind for n in due})]
    sent = bool(due) and _mailable(recipient, kinds)
    if sent:
        unsubscribe, headers = _unsubscribe(user_id, kinds)
        items = [DigestItem(in_time_zone_of(user_id, n.created_at), _text(n, KINDS[n.kind]),
                            _link(n)) for n in due[:DIGEST_MAX_ITEMS]]
        mail_after_commit(recipient.email, f"your daily digest ({len(due)} new)", "digest",
                          headers=headers, name=recipient.name, items=items,
                          more=len(due) - len(items), kinds=kinds, unsubscribe=unsubscribe,
                          everything=absolute_url("notifications.index"),
                          settings=absolute_url("accounts.account"))
    db.session.commit()
    return sent
