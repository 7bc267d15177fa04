"""Connection requests and connections: every rule about who may reach whom.

One `Connection` row per ordered pair (requester -> addressee). Its life:

    pending --accept (addressee)--> accepted --remove (either side)--> row deleted
    pending --decline (addressee)--> declined
    pending --withdraw (requester)--> row deleted

Declines are quiet. The requester is never notified; the request simply leaves their
outgoing list. The declined row is kept for `DECLINE_COOLDOWN` so that the requester
cannot ask again straight away (the same row is reused once the time has passed). The
member who declined may still send their own request at any time: that is a new row in
the other direction. A removal or a block (blocks.py) deletes every row between the two,
so the relationship starts afresh after an unblock.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import and_, case, delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from peerlink.accounts.models import User
from peerlink.accounts.services import require_confirmed
from peerlink.connections.models import Block, Connection
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import Limit, db
from peerlink.links import path_to
from peerlink.local_time import format_date
from peerlink.notifications.services import notify, settle
from peerlink.pairs import either_way
from peerlink.profiles import privacy
from peerlink.profiles.cards import (
    MemberCard,
    card_columns,
    card_from_row,
    display_name,
    require_card,
    with_card,
)
from peerlink.profiles.models import Profile

DECLINE_COOLDOWN = timedelta(days=30)
# Pages and API together: a brake on mass requests that anyone connecting by hand after an
# event stays well under.
REQUESTS = Limit("60 per hour", "connection requests")
STATES = ("none", "pending_out", "pending_in", "connected", "blocked_by_me")
NO_SUCH_MEMBER = "No such member."
HIDDEN_NAME = "A member whose profile you cannot see"


@dataclass(frozen=True)
class ConnectionEntry:
    """A connection or request as one side sees it: `member` is the other side."""

    id: int
    status: str
    direction: str  # "outgoing" when the viewer sent the request, else "incoming"
    note: str
    created_at: datetime
    responded_at: datetime | None
    member: MemberCard


class Relationship(NamedTuple):
    state: str  # one of STATES
    connection_id: int | None = None


# --- reading --------------------------------------------------------------------------------


def member(viewer, user_id: int) -> MemberCard:
    """The other member's card; NotFound when either blocked the other, when they are
    suspended (or no such member)."""
    privacy.require_not_hidden(viewer, user_id)
    return require_card(user_id)


def between(a_id: int, b_id: int):
    """SQL: the connection row links these two members, whoever asked."""
    return either_way(Connection.requester_id, Connection.addressee_id, a_id, b_id)


def _neither_suspended():
    """SQL: neither side of the connection is suspended (lists leave those out)."""
    return and_(~privacy.suspended(Connection.requester_id),
                ~privacy.suspended(Connection.addressee_id))


def _connections_of(user_id: int):
    return and_(Connection.status == "accepted", _neither_suspended(),
                or_(Connection.requester_id == user_id, Connection.addressee_id == user_id))


def _incoming(user_id: int):
    return and_(Connection.addressee_id == user_id, Connection.status == "pending",
                _neither_suspended())


def _outgoing(user_id: int):
    return and_(Connection.requester_id == user_id, Connection.status == "pending",
                _neither_suspended())


def _entries(user_id: int, condition, order, limit: int | None, offset: int) -> list:
    other = case((Connection.requester_id == user_id, Connection.addressee_id),
                 else_=Connection.requester_id)
    query = (with_card(select(Connection, *card_columns()), other)
             .where(condition).order_by(*order).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return [ConnectionEntry(
        id=row[0].id, status=row[0].status,
        direction="outgoing" if row[0].requester_id == user_id else "incoming",
        note=row[0].note, created_at=row[0].created_at, responded_at=row[0].responded_at,
        member=card_from_row(row[1:])) for row in db.session.execute(query)]


def _count(condition) -> int:
    return db.session.scalar(select(func.count()).select_from(Connection).where(condition))


def list_connections(user_id: int, limit: int | None = None, offset: int = 0) -> list:
    """Accepted connections, by the other member's name; one query however many."""
    return _entries(user_id, _connections_of(user_id),
                    (func.coalesce(Profile.display_name, User.name), User.id), limit, offset)


def list_requests(user_id: int, direction: str, limit: int | None = None,
                  offset: int = 0) -> list:
    """Pending requests sent to (`incoming`) or by (`outgoing`) the member, newest first."""
    condition = _incoming(user_id) if direction == "incoming" else _outgoing(user_id)
    return _entries(user_id, condition, (Connection.created_at.desc(), Connection.id.desc()),
                    limit, offset)


def count_connections(user_id: int) -> int:
    return _count(_connections_of(user_id))


def count_requests(user_id: int, direction: str) -> int:
    return _count(_incoming(user_id) if direction == "incoming" else _outgoing(user_id))


def entry(viewer_id: int, connection_id: int) -> ConnectionEntry:
    """One connection or request the viewer takes part in."""
    party = or_(Connection.requester_id == viewer_id, Connection.addressee_id == viewer_id)
    found = _entries(viewer_id, and_(Connection.id == connection_id, party), (), 1, 0)
    if not found:
        raise NotFound("No such connection or request.")
    return found[0]


def relationship_with(viewer_id: int, other_id: int) -> Relationship:
    """Where the viewer stands with another member, for the buttons on their profile.

    A block by the other side is not revealed: the profile service answers NotFound first.
    """
    if viewer_id == other_id:
        return Relationship("none")
    if db.session.get(Block, (viewer_id, other_id)) is not None:
        return Relationship("blocked_by_me")
    rows = db.session.scalars(select(Connection).where(
        between(viewer_id, other_id), Connection.status != "declined")).all()
    for state, wanted in (("connected", lambda c: c.status == "accepted"),
                          ("pending_in", lambda c: c.addressee_id == viewer_id),
                          ("pending_out", lambda c: c.requester_id == viewer_id)):
        for row in rows:
            if wanted(row):
                return Relationship(state, row.id)
    return Relationship("none")


def relationship(viewer_id: int, other_id: int) -> str:
    """One of STATES: none, pending_out, pending_in, connected, blocked_by_me."""
    return relationship_with(viewer_id, other_id).state


def _user_id(user_or_id) -> int:
    return user_or_id if isinstance(user_or_id, int) else user_or_id.id


def may_contact(sender, recipient) -> bool:
    """May `sender` message or send a consultation request to `recipient` (users or ids)?

    Being connected is not required (peers meet at events and groups); a block either way
    forbids it, and nobody contacts a member who does not exist or themselves.
    """
    sender_id, recipient_id = _user_id(sender), _user_id(recipient)
    if sender_id == recipient_id or db.session.get(User, recipient_id) is None:
        return False
    return not (privacy.is_suspended(recipient_id)
                or privacy.is_blocked_either_way(sender_id, recipient_id))


# --- requests and their answers ----------------------------------------------------------------


def not_yourself(viewer, user_id: int, verb: str) -> None:
    if user_id == viewer.id:
        raise ValidationFailed.on("user_id", f"You cannot {verb} yourself.")


def requestable_member(viewer, user_id: int) -> MemberCard:
    """The member a connection request would go to. Only a member who confirmed their e-mail
    address may ask anyone, and nobody can ask themselves."""
    require_confirmed(viewer)
    not_yourself(viewer, user_id, "connect with")
    return member(viewer, user_id)


def _find(requester_id: int, addressee_id: int) -> Connection | None:
    return db.session.scalar(select(Connection).where(
        Connection.requester_id == requester_id, Connection.addressee_id == addressee_id))


def _conflict(message: str) -> Conflict:
    return Conflict(message, {"user_id": [message]})


def _link() -> str:
    return path_to("connections.index")


def request_connection(requester, addressee_id: int, note: str = "") -> Connection:
    """Ask another member to connect; if they already asked the requester, accept theirs."""
    other = requestable_member(requester, addressee_id)
    reverse = _find(addressee_id, requester.id)
    if reverse is not None and reverse.status == "accepted":
        raise _conflict(f"You are already connected with {other.display_name}.")
    if reverse is not None and reverse.status == "pending":
        return _accept(reverse)
    connection = _find(requester.id, addressee_id)
    if connection is None:
        connection = Connection(requester_id=requester.id, addressee_id=addressee_id, note=note)
        db.session.add(connection)
    elif connection.status == "accepted":
        raise _conflict(f"You are already connected with {other.display_name}.")
    elif connection.status == "pending":
        raise _conflict(f"You already asked {other.display_name}; "
                        "the request is waiting for their reply.")
    else:  # declined: the requester waits before asking again
        retry_at = connection.responded_at + DECLINE_COOLDOWN
        if utcnow() < retry_at:
            raise _conflict(f"You asked {other.display_name} recently. You can send a new "
                            f"request from {format_date(retry_at)}.")
        connection.status, connection.note = "pending", note
        connection.created_at, connection.responded_at = utcnow(), None
    try:
        db.session.flush()
    except IntegrityError:  # the same request sent twice at once
        db.session.rollback()
        raise _conflict(f"You already asked {other.display_name}.") from None
    notify(addressee_id, "connection_request",
           f"{display_name(requester.id)} asked to connect with you.", link=_link(),
           actor_id=requester.id)
    db.session.commit()
    return connection


def _party_to(user, connection_id: int) -> Connection:
    """The connection, if the user is one of its two members; strangers learn nothing."""
    connection = db.session.get(Connection, connection_id)
    if connection is None or user.id not in (connection.requester_id, connection.addressee_id):
        raise NotFound("No such connection or request.")
    return connection


def _addressed_to(user, connection_id: int, verb: str) -> Connection:
    connection = _party_to(user, connection_id)
    if connection.addressee_id != user.id:
        raise PermissionDenied(f"Only the member you asked can {verb} this request.")
    if connection.status != "pending":
        raise Conflict("This request has already been answered.")
    return connection


def _answered(connection: Connection) -> None:
    """The addressee's "asked to connect" notification has had its answer."""
    settle(connection.addressee_id, "connection_request", connection.requester_id)


def _accept(connection: Connection) -> Connection:
    """Accept and notify the requester; the caller's transaction commits here, once."""
    connection.status, connection.responded_at = "accepted", utcnow()
    _answered(connection)
    # A declined request the other way is history now: one row per connected pair.
    db.session.execute(delete(Connection).where(
        between(connection.requester_id, connection.addressee_id),
        Connection.id != connection.id))
    notify(connection.requester_id, "connection_accepted",
           f"{display_name(connection.addressee_id)} accepted your connection request.",
           link=_link(), actor_id=connection.addressee_id)
    db.session.commit()
    return connection


def accept_request(user, connection_id: int) -> Connection:
    return _accept(_addressed_to(user, connection_id, "accept"))


def decline_request(user, connection_id: int) -> Connection:
    """Quiet: the requester is not told (see the module docstring for the waiting period)."""
    connection = _addressed_to(user, connection_id, "decline")
    connection.status, connection.responded_at = "declined", utcnow()
    _answered(connection)
    db.session.commit()
    return connection


def withdraw_request(user, connection_id: int) -> int:
    """Take back a pending request the user sent. Returns the other member's id."""
    connection = _party_to(user, connection_id)
    if connection.requester_id != user.id:
        raise PermissionDenied("Only the member who sent a request can withdraw it; "
                               "you can decline it.")
    if connection.status != "pending":
        raise Conflict("Only a request still waiting for a reply can be withdrawn.")
    other_id = connection.addressee_id
    db.session.delete(connection)
    settle(other_id, "connection_request", user.id, withdrawn=True)  # nothing left to answer
    db.session.commit()
    return other_id


def remove_connection(user, connection_id: int) -> int:
    """Either side may end a connection. Returns the other member's id."""
    connection = _party_to(user, connection_id)
    if connection.status != "accepted":
        raise Conflict("You are not connected yet; withdraw or decline the request instead.")
    other_id = (connection.addressee_id if connection.requester_id == user.id
                else connection.requester_id)
    db.session.execute(delete(Connection).where(between(user.id, other_id)))
    db.session.commit()
    return other_id


def withdraw_or_remove(user, connection_id: int) -> int:
    """Withdraw a pending request or remove a connection, whichever the row is."""
    connection = _party_to(user, connection_id)
    if connection.status == "accepted":
        return remove_connection(user, connection_id)
    return withdraw_request(user, connection_id)
