"""Rooms and messages: who may read and post (one rule, asked by the page, the API and the
socket), sending with idempotent client ids, history and catch-up, edits, deletions, read
markers, unread counts, @mentions. Live events go to each reader's personal room, chosen
when the change is made, so a removed connection or a block stops delivery at once.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from sqlalchemy import Integer, and_, bindparam, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from peerlink.accounts.models import User
from peerlink.accounts.services import require_confirmed
from peerlink.chat.models import DIRECT, MAX_BODY, Message, Room, RoomMember
from peerlink.chat.rooms import MAX_DIRECT_MEMBERS, room_kind
from peerlink.db_types import utcnow
from peerlink.errors import NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import Limit, core_execute, db
from peerlink.links import path_to
from peerlink.markdown import render_markdown
from peerlink.notifications.services import NAMESPACE as NOTIFICATIONS
from peerlink.notifications.services import notify
from peerlink.phi import guard as phi_guard
from peerlink.profiles import privacy
from peerlink.profiles.cards import (
    MemberCard,
    card_and_blocked,
    card_columns,
    card_from_row,
    cards_query,
    display_name,
    member_card,
    with_card,
)
from peerlink.profiles.models import Profile
from peerlink.profiles.relations import blocked_ids
from peerlink.realtime import emit_after_commit, user_room

NAMESPACE = "/chat"
NO_SUCH_ROOM = "No such conversation."
NO_SUCH_MESSAGE = "No such message."
PAGE = 50
MAX_PAGE = 100
# Per member, the page, the API and the socket alike (each counts its own face).
SENDS = Limit("20 per 10 seconds", "chat messages")


@dataclass(frozen=True)
class MessageView:
    """A message as every reader of its room sees it (the same for each)."""

    id: int
    room_id: int
    author: MemberCard
    body: str | None  # None once deleted
    html: str | None  # the body as light Markdown, safe to put in a page
    client_id: str
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    removed_reason: str | None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None

    @cached_property
    def payload(self) -> dict:
        """The view as live events and socket acks carry it (schemas.MESSAGE), dumped once
        however many use it: a send's broadcast and its ack."""
        from peerlink.chat.schemas import MESSAGE  # schemas import this module's views

        return MESSAGE.dump(self)


@dataclass(frozen=True)
class RoomView:
    """A room as one reader sees it: its other members, their read marker, unread count."""

    id: int
    kind: str
    title: str
    members: list[MemberCard]
    last_message_id: int | None
    last_read_message_id: int | None
    unread: int
    may_post: bool
    may_moderate: bool = False  # may delete others' messages, with a reason
    read_only_reason: str | None = None  # why a reader may not write here, when known


# --- who may read and post -----------------------------------------------------------------


def _user_id(user_or_id) -> int:
    return user_or_id if isinstance(user_or_id, int) else user_or_id.id


def _kind_of(room: Room):
    return room_kind(room.kind)


def readers(room: Room) -> set[int]:
    kind = _kind_of(room)
    return kind.readers(room) if kind is not None else set()


def can_read_room(user, room: Room | None, room_readers: set[int] | None = None) -> bool:
    """May the member read the room? False for no room at all: callers answer both alike.
    `room_readers`: the room's `readers`, when the caller has worked them out already (a
    send asks for them once and reuses them for the rule, the broadcast and the mentions)."""
    if room is None:
        return False
    return _user_id(user) in (readers(room) if room_readers is None else room_readers)


def can_post_room(user, room: Room | None, room_readers: set[int] | None = None) -> bool:
    """A reader whom the room's kind lets write (`RoomKind.may_post` is asked of readers
    only)."""
    if room is None:
        return False
    kind = _kind_of(room)
    return (can_read_room(user, room, room_readers) and kind is not None
            and kind.may_post(_user_id(user), room))


def can_moderate_room(user, room: Room | None, room_readers: set[int] | None = None) -> bool:
    """A reader whom the room's kind lets delete others' messages (with a reason)."""
    if room is None:
        return False
    kind = _kind_of(room)
    return (can_read_room(user, room, room_readers) and kind is not None
            and kind.may_moderate(_user_id(user), room))


def read_only_reason(user, room: Room) -> str | None:
    """Why this reader may not write in the room, if its kind says (`RoomKind.read_only_reason`,
    optional: "This lounge closed 30 days after the event ended.")."""
    reason = getattr(_kind_of(room), "read_only_reason", None)
    return reason(_user_id(user), room) if reason is not None else None


# A room read for an event is a row of its columns, read as the model's attributes (room.id,
# room.kind, room.ref_id ...): nothing changes it, and an ORM object costs twice the query.
_ROOM = select(*Room.__table__.c).where(Room.id == bindparam("room", type_=Integer))
_ROOM_LOCKED = _ROOM.with_for_update()


def _readable(user, room_id: int, *, lock: bool = False) -> tuple[Room, set[int]]:
    """The room (a row: read it, never change it) and its readers, if the member is one of
    them. `lock`: hold the room's row until the transaction ends (`SELECT … FOR UPDATE`;
    SQLite writes one at a time anyway)."""
    room = core_execute(_ROOM_LOCKED if lock else _ROOM, {"room": room_id}).first()
    room_readers = readers(room) if room is not None else set()
    if not can_read_room(user, room, room_readers):
        raise NotFound(NO_SUCH_ROOM, {"room_id": [NO_SUCH_ROOM]})
    return room, room_readers


def _postable(user, room_id: int, *, lock: bool = False) -> tuple[Room, set[int]]:
    room, room_readers = _readable(user, room_id, lock=lock)
    if not can_post_room(user, room, room_readers):
        raise PermissionDenied("You can read this conversation but not write in it.")
    return room, room_readers


def require_readable(user, room_id: int) -> Room:
    """The room, if the member may read it; not a member and no such room read the same."""
    return _readable(user, room_id)[0]


def require_postable(user, room_id: int) -> Room:
    return _postable(user, room_id)[0]


def _not_blocked_by(viewer_id: int):
    """SQL: the message's author and the viewer have not blocked each other."""
    return ~privacy.blocked_either_way(viewer_id, Message.author_id)


def _recipients(room_readers: set[int], author_id: int | None,
                blocked: set[int] | None = None) -> list[int]:
    """The readers who hear of a change to the room; none who blocked the author or whom
    the author blocked (`blocked`: those, when the caller has read them already)."""
    ids = set(room_readers)
    if author_id is not None:
        ids -= blocked_ids(author_id) if blocked is None else blocked
    return sorted(ids)


def _announce(recipients: list[int], event: str, data: dict, *,
              namespace: str = NAMESPACE) -> None:
    """One emit to the recipients' personal rooms: the packet is encoded once (and, scaled
    out, published once) however many readers the room has."""
    emit_after_commit(event, data, to=[user_room(user_id) for user_id in recipients],
                      namespace=namespace)


# --- messages as readers see them -----------------------------------------------------------


def _views(query) -> list[MessageView]:
    rows = db.session.execute(with_card(select(Message, *card_columns()), Message.author_id)
                              .where(query)).all()
    return [_view(row[0], card_from_row(row[1:])) for row in rows]


def _view(message, author: MemberCard) -> MessageView:
    """`message`: a Message, or a row of its table's columns (a send's INSERT returns one)."""
    deleted = message.deleted_at is not None
    return MessageView(
        id=message.id, room_id=message.room_id, author=author,
        body=None if deleted else message.body,
        html=None if deleted else str(render_markdown(message.body, line_breaks=True)),
        client_id=message.client_id, created_at=message.created_at,
        edited_at=message.edited_at, deleted_at=message.deleted_at,
        removed_reason=message.removed_reason)


def message_view(message_id: int) -> MessageView:
    return _views(Message.id == message_id)[0]


def messages(viewer, room_id: int, *, before: int | None = None, after: int | None = None,
             limit: int = PAGE) -> tuple[list[MessageView], bool]:
    """A page of the room's messages, in id order, and whether there are more that way.

    `after`: the first `limit` messages after that id (catch-up: `sync`); `before`: the
    last `limit` before it (older history); neither: the newest. Messages from a member
    the viewer blocked, or who blocked them, are left out."""
    room = require_readable(viewer, room_id)
    limit = max(1, min(limit, MAX_PAGE))
    condition = and_(Message.room_id == room.id, _not_blocked_by(_user_id(viewer)))
    if after is not None:
        ids = db.session.scalars(select(Message.id).where(condition, Message.id > after)
                                 .order_by(Message.id).limit(limit + 1)).all()
    else:
        if before is not None:
            condition = and_(condition, Message.id < before)
        ids = db.session.scalars(select(Message.id).where(condition)
                                 .order_by(Message.id.desc()).limit(limit + 1)).all()
    has_more = len(ids) > limit
    ids = sorted(ids[:limit])
    found = {view.id: view for view in _views(Message.id.in_(ids))} if ids else {}
    return [found[i] for i in ids], has_more


def last_message_id(room_id: int, viewer_id: int) -> int | None:
    return db.session.scalar(select(func.max(Message.id)).where(
        Message.room_id == room_id, _not_blocked_by(viewer_id)))


# --- sending, editing, deleting --------------------------------------------------------------


def _check_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed.on("body", "Write a message first.")
    if len(body) > MAX_BODY:
        raise ValidationFailed.on("body", f"Keep a message under {MAX_BODY:,} characters.")
    return body


def deidentified_only(room: Room) -> bool:
    """Does the room hold de-identified text only? Its kind says so (`deidentified_only`,
    a consultation's room); there flagged text is refused even when confirmed."""
    return bool(getattr(_kind_of(room), "deidentified_only", False))


def _guarded(room: Room, author_id: int, body: str, confirmed: bool,
             room_readers: set[int]) -> str:
    """The body, unless the PHI guard refuses it (phi_guard.PhiFlagged, nothing stored).
    The names of the room's readers whom the author sees named there (and the author's own)
    are colleagues', no client's: not a hidden lounge member's, or the guard would tell
    whether they read the room. The room's kind may give its own advice per category
    (`phi_advice`)."""
    phi_guard.check({"body": body}, deidentified_only=deidentified_only(room),
                    confirmed=confirmed,
                    members=lambda: member_names(_listed(author_id, room, room_readers)
                                                 | {author_id}),
                    advice=getattr(_kind_of(room), "phi_advice", None))
    return body


def member_names(user_ids) -> list[str]:
    """The display names of these members (their account name without a profile)."""
    if not user_ids:
        return []
    return list(db.session.scalars(
        select(func.coalesce(Profile.display_name, User.name))
        .select_from(User).outerjoin(Profile, Profile.user_id == User.id)
        .where(User.id.in_(list(user_ids)))))


def _mentionable(body: str, recipients: list[int], author_id: int) -> dict[int, str]:
    """The display names of the other readers, where the body may @mention one."""
    others = [uid for uid in recipients if uid != author_id]
    if "@" not in body or not others:
        return {}
    return dict(db.session.execute(
        select(User.id, func.coalesce(Profile.display_name, User.name))
        .outerjoin(Profile, Profile.user_id == User.id).where(User.id.in_(others))).all())


def send(author, room_id: int, body: str, client_id: str, *,
         confirm_deidentified: bool = False) -> tuple[MessageView, bool]:
    """Store the message, commit, then announce `new_message` to the room's readers.

    `client_id` is the sender's own id for the message: sending again with it (after a lost
    ack) returns the stored message and stores nothing. Returns (message, created). Text
    the PHI guard flags is refused unless `confirm_deidentified` (never in a
    de-identified-only room): nothing is stored or announced."""
    author_id = author.id  # once: `author` is often current_user, a proxy
    try:
        # One send at a time per room (the room's row locked): ids are taken at the insert and
        # the commit comes later, so two sends could otherwise commit (and be announced) out
        # of id order, and a `sync` after an id could skip an earlier one committed later.
        room, room_readers = _postable(author, room_id, lock=True)
        body = _check_body(body)
        card, blocked = card_and_blocked(author_id)
        recipients = _recipients(room_readers, author_id, blocked)
        names = _mentionable(body, recipients, author_id)
        body = _guarded(room, author_id, body, confirm_deidentified, room_readers)
    except (PermissionDenied, ValidationFailed):  # the PHI guard's refusal is one too
        # A resend (its client_id stored already) gets its message back, as it would have
        # had the first answer arrived: the room turned read-only meanwhile, say.
        existing = _by_client_id(author_id, client_id)
        if existing is None:
            raise
        db.session.rollback()
        return _same_message(author, room_id, existing), False
    try:  # a plain INSERT, its row returned: the ORM's unit of work adds nothing but time
        message = core_execute(_INSERT_MESSAGE, {
            "room_id": room.id, "author_id": author_id, "body": body, "client_id": client_id,
            "created_at": utcnow()}).one()
    except IntegrityError:  # a resend (its client_id is stored), or two sends of it at once
        db.session.rollback()
        existing = _by_client_id(author_id, client_id)
        if existing is None:  # not the client_id: nothing to answer with but the error
            raise
        return _same_message(author, room_id, existing), False
    # Built from the row just written (no read back) and the author's card, read above.
    view = _view(message, card)
    _announce(recipients, "new_message", view.payload)
    _nudge_unread([uid for uid in recipients if uid != author_id],
                  {"room_id": room.id, "message_id": message.id})
    _notify_mentions(room, author, body, names)
    db.session.commit()
    return view, True


_INSERT_MESSAGE = insert(Message.__table__).returning(*Message.__table__.c)


def _nudge_unread(user_ids: list[int], data: dict) -> None:
    """Tell the navigation of every page of these members (its `/notifications` socket) that
    their chat unread count changed: `chat_unread` `{room_id, message_id}` (one more unread
    message), `{room_id, message_id, change: -1}` (an unread one was deleted) or
    `{room_id, unread, unread_total}` (after a read). One emit for all of them."""
    _announce(user_ids, "chat_unread", data, namespace=NOTIFICATIONS)


_BY_CLIENT_ID = select(Message).where(Message.author_id == bindparam("author", type_=Integer),
                                      Message.client_id == bindparam("client_id"))


def _by_client_id(author_id: int, client_id: str) -> Message | None:
    return db.session.scalar(_BY_CLIENT_ID, {"author": author_id, "client_id": client_id})


def _same_message(author, room_id: int, message: Message) -> MessageView:
    """A resend of a stored message: announced again, because its first try may have
    committed without its answer (the connection cut), and so without its live event.
    Clients ignore a message id they already hold."""
    if message.room_id != room_id:
        raise ValidationFailed.on("client_id", "This client_id was used for another message.")
    _, room_readers = _readable(author, room_id)
    view = message_view(message.id)
    _announce(_recipients(room_readers, author.id), "new_message", view.payload)
    db.session.commit()
    return view


def _notify_mentions(room: Room, author, body: str, names: dict[int, str]) -> None:
    """`@Name` (a reader's display name, any case) notifies that reader, once. `names`:
    the other readers' (`_mentionable`)."""
    typed = body.casefold()
    for user_id, name in names.items():
        if f"@{name.casefold()}" in typed:
            notify(user_id, "chat_mention",
                   f"{display_name(author.id)} mentioned you in a conversation.",
                   link=path_to("chat.room", room_id=room.id), actor_id=author.id)


def _own_or_moderated(actor, message_id: int, *,
                      moderating: bool) -> tuple[Message, Room, set[int]]:
    """The message, its room and the room's readers, if the actor wrote it (or,
    `moderating`, may moderate its room); any other message reads as no such message."""
    message = db.session.get(Message, message_id)
    room = db.session.get(Room, message.room_id) if message is not None else None
    room_readers = readers(room) if room is not None else set()
    if (message is None or message.deleted_at is not None
            or not can_read_room(actor, room, room_readers)
            or privacy.is_blocked_either_way(actor.id, message.author_id)):
        raise NotFound(NO_SUCH_MESSAGE, {"message_id": [NO_SUCH_MESSAGE]})
    if message.author_id == actor.id:
        if not can_post_room(actor, room, room_readers):
            raise PermissionDenied("You can read this conversation but not write in it.")
        return message, room, room_readers
    kind = _kind_of(room)
    if moderating and kind is not None and kind.may_moderate(actor.id, room):
        return message, room, room_readers
    raise NotFound(NO_SUCH_MESSAGE, {"message_id": [NO_SUCH_MESSAGE]})


def edit(actor, message_id: int, body: str, *,
         confirm_deidentified: bool = False) -> MessageView:
    """The author changes their message; readers hear `message_edited`. The PHI guard
    checks the new text as `send` does."""
    message, room, room_readers = _own_or_moderated(actor, message_id, moderating=False)
    body = _check_body(body)
    recipients = _recipients(room_readers, message.author_id)
    body = _guarded(room, message.author_id, body, confirm_deidentified, room_readers)
    message.body, message.edited_at = body, utcnow()
    db.session.flush()
    view = message_view(message.id)
    _announce(recipients, "message_edited", view.payload)
    db.session.commit()
    return view


def delete(actor, message_id: int, reason: str | None = None) -> MessageView:
    """The author deletes their message, or a moderator of the room someone else's with a
    reason; the row stays as a marker without its text. Readers hear `message_deleted`."""
    message, _, room_readers = _own_or_moderated(actor, message_id, moderating=True)
    if message.author_id != actor.id:
        if not reason:
            raise ValidationFailed.on("reason", "Say why you remove this message.")
        message.removed_reason = reason[:300]
    message.deleted_at = utcnow()
    db.session.flush()
    view = message_view(message.id)
    recipients = _recipients(room_readers, message.author_id)
    _announce(recipients, "message_deleted", view.payload)
    _nudge_unread(_not_read_yet(message, recipients),
                  {"room_id": message.room_id, "message_id": message.id, "change": -1})
    db.session.commit()
    return view


def _not_read_yet(message: Message, user_ids: list[int]) -> list[int]:
    """Those of the members (not its author) for whom the message counts as unread: their
    read marker is before it, or they have none."""
    read = set(db.session.scalars(select(RoomMember.user_id).where(
        RoomMember.room_id == message.room_id, RoomMember.user_id.in_(user_ids),
        RoomMember.last_read_message_id >= message.id))) if user_ids else set()
    return [uid for uid in user_ids if uid != message.author_id and uid not in read]


def typing(actor, room_id: int) -> None:
    """Tell the room's other readers the actor is writing (nothing is stored)."""
    room, room_readers = _postable(actor, room_id)
    data = {"room_id": room.id, "member": _card_data(actor.id)}
    hear = _named_to(actor.id, room, room_readers)  # a lounge: whom it names them to
    _announce([user_id for user_id in _recipients(hear, actor.id) if user_id != actor.id],
              "typing", data)
    db.session.commit()  # nothing to write: sends the event


def _card_data(user_id: int) -> dict:
    from peerlink.profiles.schemas import MemberCardSchema

    return MemberCardSchema().dump(member_card(user_id))


# --- read markers and unread counts ----------------------------------------------------------


def _marker(room_id: int, user_id: int) -> RoomMember | None:
    return db.session.get(RoomMember, (room_id, user_id))


def mark_read(viewer, room_id: int, message_id: int) -> dict:
    """The viewer has read the room up to `message_id` (a marker never moves back). Their
    other tabs hear `room_read` with the room's and the total unread count."""
    room = require_readable(viewer, room_id)
    message = db.session.get(Message, message_id)
    if message is None or message.room_id != room.id:
        raise NotFound(NO_SUCH_MESSAGE, {"message_id": [NO_SUCH_MESSAGE]})
    marker = _marker(room.id, viewer.id)
    if marker is None:  # a room of another kind: the row is only the marker
        marker = RoomMember(room_id=room.id, user_id=viewer.id, joined_at=utcnow())
        db.session.add(marker)
    marker.last_read_message_id = max(marker.last_read_message_id or 0, message_id)
    db.session.flush()
    state = {"room_id": room.id, "last_read_message_id": marker.last_read_message_id,
             "unread": unread_counts(viewer.id, [room.id]).get(room.id, 0),
             "unread_total": total_unread(viewer.id)}
    emit_after_commit("room_read", state, to=user_room(viewer.id), namespace=NAMESPACE)
    _nudge_unread([viewer.id], {"room_id": room.id, "unread": state["unread"],
                                "unread_total": state["unread_total"]})
    db.session.commit()
    return state


def unread_counts(viewer_id: int, room_ids: list[int]) -> dict[int, int]:
    """Messages after the viewer's marker, by others, not deleted, not from a block: one
    query for all the rooms."""
    if not room_ids:
        return {}
    marker = (select(RoomMember.last_read_message_id)
              .where(RoomMember.room_id == Message.room_id, RoomMember.user_id == viewer_id)
              .scalar_subquery())
    rows = db.session.execute(
        select(Message.room_id, func.count()).where(
            Message.room_id.in_(room_ids), Message.author_id != viewer_id,
            Message.deleted_at.is_(None), Message.id > func.coalesce(marker, 0),
            _not_blocked_by(viewer_id))
        .group_by(Message.room_id))
    return dict(rows.all())


def readable_rooms(viewer_id: int) -> list[Room]:
    """Every room the member may read now, of every kind."""
    return list(_readable_rooms(viewer_id))


def _readable_rooms(viewer_id: int) -> dict[Room, set[int]]:
    """Every room the member may read now, with its readers (asked once per room)."""
    from peerlink.chat.rooms import room_kinds

    ids = set()
    for kind in room_kinds():
        ids.update(db.session.scalars(kind.candidate_rooms(viewer_id)))
    rooms = db.session.scalars(select(Room).where(Room.id.in_(ids))).all() if ids else []
    found = {}
    for room in rooms:
        room_readers = readers(room)
        if can_read_room(viewer_id, room, room_readers):
            found[room] = room_readers
    return found


def total_unread(viewer_id: int) -> int:
    return sum(unread_counts(viewer_id, [room.id for room in readable_rooms(viewer_id)])
               .values())


def _room_views(viewer_id: int, rooms: dict[Room, set[int]]) -> list[RoomView]:
    """`rooms`: each room with its readers."""
    if not rooms:
        return []
    ids = [room.id for room in rooms]
    unread = unread_counts(viewer_id, ids)
    last = dict(db.session.execute(
        select(Message.room_id, func.max(Message.id))
        .where(Message.room_id.in_(ids), _not_blocked_by(viewer_id))
        .group_by(Message.room_id)).all())
    markers = dict(db.session.execute(
        select(RoomMember.room_id, RoomMember.last_read_message_id)
        .where(RoomMember.room_id.in_(ids), RoomMember.user_id == viewer_id)).all())
    members = _members_by_room(rooms, viewer_id)
    views = []
    for room, room_readers in rooms.items():
        others = members[room.id]
        kind = _kind_of(room)
        may_post = can_post_room(viewer_id, room, room_readers)
        views.append(RoomView(
            id=room.id, kind=room.kind,
            title=(kind.title(room) if kind is not None else None)
            or ", ".join(card.display_name for card in others) or "Conversation",
            members=others, last_message_id=last.get(room.id),
            last_read_message_id=markers.get(room.id), unread=unread.get(room.id, 0),
            may_post=may_post,
            may_moderate=can_moderate_room(viewer_id, room, room_readers),
            read_only_reason=None if may_post else read_only_reason(viewer_id, room)))
    views.sort(key=lambda view: (view.last_message_id or 0, view.id), reverse=True)
    return views


def _members_by_room(rooms: dict[Room, set[int]], viewer_id: int) -> dict[int, list[MemberCard]]:
    """Each room's other readers (whoever its kind lets read it, not only those who opened
    it) that its kind lets the viewer see named (`listed_members`: a lounge shows whom its
    attendee list would), by name (a direct room's title), none in a block with the viewer."""
    shown = {room.id: _listed(viewer_id, room, room_readers) - {viewer_id}
             for room, room_readers in rooms.items()}
    everyone = set().union(*shown.values())
    cards = [card_from_row(row) for row in db.session.execute(
        cards_query().where(User.id.in_(everyone), ~privacy.blocked_either_way(viewer_id, User.id))
        .order_by(func.coalesce(Profile.display_name, User.name)))] if everyone else []
    return {room_id: [card for card in cards if card.id in ids] for room_id, ids in shown.items()}


def _listed(viewer_id: int, room: Room, room_readers: set[int]) -> set[int]:
    listed = getattr(_kind_of(room), "listed_members", None)
    return room_readers if listed is None else listed(viewer_id, room, room_readers)


def _named_to(member_id: int, room: Room, room_readers: set[int]) -> set[int]:
    """The readers who see the member named in the room (`_listed`'s inverse: its kind's
    `listed_to`)."""
    listed_to = getattr(_kind_of(room), "listed_to", None)
    return room_readers if listed_to is None else listed_to(member_id, room, room_readers)


def list_rooms(viewer) -> list[RoomView]:
    """The member's rooms, the most recently active first, with unread counts."""
    return _room_views(viewer.id, _readable_rooms(viewer.id))


def room_view(viewer, room_id: int) -> RoomView:
    room, room_readers = _readable(viewer, room_id)
    return _room_views(viewer.id, {room: room_readers})[0]


# --- starting a direct conversation ----------------------------------------------------------


def _direct_key(member_ids) -> str:
    return "direct:" + ",".join(str(i) for i in sorted(member_ids))


def start_direct(starter, member_ids: list[int]) -> Room:
    """A conversation with one or more members the starter is connected with (at most
    MAX_DIRECT_MEMBERS in all); the same members find the same room again."""
    require_confirmed(starter)
    others = sorted(set(member_ids) - {starter.id})
    if not others:
        raise ValidationFailed.on("member_ids", "Choose who to write to.")
    if len(others) >= MAX_DIRECT_MEMBERS:
        raise ValidationFailed.on(
            "member_ids", f"A conversation has at most {MAX_DIRECT_MEMBERS} members.")
    for other in others:
        privacy.require_not_hidden(starter, other)
        if not privacy.are_connected(starter.id, other):
            raise PermissionDenied("You can write to the members you are connected with.",
                                   {"member_ids": ["Connect with this member first."]})
    key = _direct_key([starter.id, *others])
    room = db.session.scalar(select(Room).where(Room.key == key))
    if room is not None:
        return room
    room = Room(kind=DIRECT, key=key, started_by_id=starter.id, created_at=utcnow())
    db.session.add(room)
    db.session.flush()
    for user_id in [starter.id, *others]:
        db.session.add(RoomMember(room_id=room.id, user_id=user_id, joined_at=utcnow()))
    try:
        db.session.commit()
    except IntegrityError:  # started twice at once: the other one is the room
        db.session.rollback()
        room = db.session.scalar(select(Room).where(Room.key == key))
    return room


def direct_room_with(viewer_id: int, other_id: int) -> Room | None:
    return db.session.scalar(select(Room).where(Room.key == _direct_key([viewer_id, other_id])))


# --- presence ------------------------------------------------------------------------------


def contacts(user_id: int) -> list[int]:
    """Whoever shares a readable room with the member and sees them named there (a lounge
    names only whom its attendee list shows: `listed_to`): they hear when the member comes
    online or goes offline."""
    found = set()
    for room, room_readers in _readable_rooms(user_id).items():
        found |= _named_to(user_id, room, room_readers)
    found.discard(user_id)
    return sorted(found - blocked_ids(user_id))


def announce_presence(user_id: int, online: bool) -> None:
    _announce(contacts(user_id), "presence", {"user_id": user_id, "online": online})
    db.session.commit()  # nothing to write: sends the events


# --- rooms that belong to something (a group, an event) --------------------------------------


def _owned_key(kind: str, ref_id: int) -> str:
    return f"{kind}:{ref_id}"


def open_room(kind: str, ref_id: int) -> Room:
    """The room of a group or an event, made with it in the caller's transaction (the
    caller commits); the same room if it is there already.

    Two members opening an old event's lounge at once make one room: the insert skips a
    key that is there (PostgreSQL waits for the other transaction and then skips its row),
    so neither fails and neither loses the rest of its transaction to a rollback."""
    room = owned_room(kind, ref_id)
    if room is None:
        insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql"
                  else sqlite.insert)
        db.session.execute(
            insert(Room).values(kind=kind, ref_id=ref_id, key=_owned_key(kind, ref_id),
                                created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["key"]))
        room = owned_room(kind, ref_id)
    return room


def owned_room(kind: str, ref_id: int) -> Room | None:
    return db.session.scalar(select(Room).where(Room.key == _owned_key(kind, ref_id)))


def close_room(kind: str, ref_id: int) -> None:
    """The thing the room belonged to is gone: the room and its messages go with it."""
    db.session.execute(Room.__table__.delete().where(Room.key == _owned_key(kind, ref_id)))
