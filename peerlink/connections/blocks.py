"""Blocks: a member stops another from seeing their profile, finding or contacting them.

A block removes any connection or request between the two members, and the notifications
each had about the other, in the same transaction. Who may then see what is privacy's
business (`privacy.blocked_either_way`, answered from `relations`).
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import delete, exists, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from peerlink.accounts.models import User
from peerlink.connections.models import Block, Connection
from peerlink.connections.services import between, member, not_yourself
from peerlink.db_types import utcnow
from peerlink.errors import NotFound
from peerlink.extensions import db
from peerlink.notifications.services import forget_between
from peerlink.profiles.cards import (
    MemberCard,
    card_columns,
    card_from_row,
    hidden_card,
    with_card,
)
from peerlink.profiles.privacy import NO_SUCH_MEMBER, suspended


@dataclass(frozen=True)
class BlockEntry:
    member: MemberCard
    created_at: datetime


def blockable_member(viewer, user_id: int) -> MemberCard:
    """The member the block page names; nobody can block themselves."""
    not_yourself(viewer, user_id, "block")
    return member(viewer, user_id)


def block(blocker, blocked_id: int) -> Block:
    """Block a member; any connection or request between the two goes in the same commit.

    Blocking again is harmless. A member who was blocked by the other side may block them
    too. Their block list then shows `hidden_card` for them, as it does for the first
    blocker: each sees nothing of the other, which tells no more than the profile's 404.
    """
    not_yourself(blocker, blocked_id, "block")
    if db.session.get(User, blocked_id) is None:
        raise NotFound(NO_SUCH_MEMBER)
    existing = db.session.get(Block, (blocker.id, blocked_id))
    db.session.execute(delete(Connection).where(between(blocker.id, blocked_id)))
    forget_between(blocker.id, blocked_id)
    if existing is None:
        existing = Block(blocker_id=blocker.id, blocked_id=blocked_id, created_at=utcnow())
        db.session.add(existing)
    try:
        db.session.commit()
    except IntegrityError:  # blocked twice at once: the other commit did the work
        db.session.rollback()
        existing = db.session.get(Block, (blocker.id, blocked_id))
    return existing


def unblock(blocker, blocked_id: int) -> None:
    existing = db.session.get(Block, (blocker.id, blocked_id))
    if existing is None:
        raise NotFound("You have not blocked this member.")
    db.session.delete(existing)
    db.session.commit()


def _block_entries(blocker_id: int, condition, limit: int | None = None,
                   offset: int = 0) -> list[BlockEntry]:
    """The blocker's blocks with each blocked member's public card (without the photo), or
    `hidden_card` if they blocked back or are suspended."""
    theirs = aliased(Block)
    hidden = or_(exists().where(theirs.blocker_id == Block.blocked_id,
                                theirs.blocked_id == Block.blocker_id),
                 suspended(Block.blocked_id))
    query = (with_card(select(Block.created_at, hidden, *card_columns()),
                       Block.blocked_id)
             .where(Block.blocker_id == blocker_id, condition)
             .order_by(Block.created_at.desc(), Block.blocked_id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    # A block hides both profiles, the photo too: the list draws initials.
    return [BlockEntry(member=hidden_card(row[2]) if row[1]
                       else replace(card_from_row(row[2:]), photo=None), created_at=row[0])
            for row in db.session.execute(query)]


def list_blocks(user_id: int, limit: int | None = None, offset: int = 0) -> list[BlockEntry]:
    """The members this member blocked, most recent first, in one query."""
    return _block_entries(user_id, true(), limit, offset)


def block_entry(blocker_id: int, blocked_id: int) -> BlockEntry:
    found = _block_entries(blocker_id, Block.blocked_id == blocked_id)
    if not found:
        raise NotFound("You have not blocked this member.")
    return found[0]


def count_blocks(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Block)
                             .where(Block.blocker_id == user_id))
