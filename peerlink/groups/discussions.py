"""Threads and their posts: starting, replying, editing, deleting, moderators' removals,
pins and locks, following, `@name` mentions, and the search within a group.

Everything here first asks services whether the member may read the group (NotFound
otherwise, as for no such group) and, to write, whether they may post. A thread's opening
post and its replies are `Post` rows; a deleted or removed post stays as a marker saying so,
and its author alone still reads the moderator's reason.
"""

from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import and_, func, or_, select, update

from peerlink.accounts.models import User
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound, PermissionDenied
from peerlink.extensions import Limit, db
from peerlink.groups import search, services
from peerlink.groups.models import Group, Membership, Post, Thread, ThreadFollow
from peerlink.links import path_to
from peerlink.markdown import render_markdown
from peerlink.phi import guard as phi_guard
from peerlink.profiles import privacy
from peerlink.profiles.cards import MemberCard, card_columns, card_from_row, display_name
from peerlink.profiles.models import Profile
from peerlink.taxonomy.models import Discipline

POSTING = Limit("120 per hour", "group posts")
NO_SUCH_THREAD = "No such thread."
NO_SUCH_POST = "No such post."


@dataclass(frozen=True)
class ThreadEntry:
    id: int
    group_id: int
    title: str
    pinned: bool
    locked: bool
    reply_count: int
    created_at: datetime
    last_post_at: datetime
    author: MemberCard | None


@dataclass(frozen=True)
class PostView:
    """A post as one reader sees it: `body` only while it is shown (or to its author)."""

    id: int
    thread_id: int
    opening: bool
    state: str  # shown, deleted, removed
    body: str | None
    created_at: datetime
    edited_at: datetime | None
    author: MemberCard | None
    removal_reason: str | None  # for the author only
    mine: bool
    can_remove: bool

    @property
    def html(self) -> Markup | None:
        return render_markdown(self.body) if self.body is not None else None

    @property
    def edited(self) -> bool:
        return self.edited_at is not None


# --- reading --------------------------------------------------------------------------------


def _author_card_query(query, author_column):
    """Left-join the author's card (a thread or post outlives its author's account)."""
    return (query.add_columns(*card_columns()).outerjoin(User, User.id == author_column)
            .outerjoin(Profile, Profile.user_id == User.id)
            .outerjoin(Discipline, Discipline.id == Profile.discipline_id))


def _card(values) -> MemberCard | None:
    return card_from_row(values) if values[0] is not None else None


def _thread_entry(thread: Thread, card_values) -> ThreadEntry:
    return ThreadEntry(id=thread.id, group_id=thread.group_id, title=thread.title,
                       pinned=thread.pinned, locked=thread.locked,
                       reply_count=thread.reply_count, created_at=thread.created_at,
                       last_post_at=thread.last_post_at, author=_card(card_values))


def _thread_conditions(group_id: int, q: str | None) -> list:
    conditions = [Thread.group_id == group_id]
    matching = search.matching_thread_ids(q)
    if matching is not None:
        conditions.append(Thread.id.in_(matching))
    return conditions


def list_threads(viewer, group_id: int, q: str | None = None, limit: int | None = None,
                 offset: int = 0) -> tuple[list[ThreadEntry], int]:
    """Pinned first, then the latest active; with `q`, those matching it. Two queries."""
    services.require_readable(viewer, group_id)
    conditions = _thread_conditions(group_id, q)
    query = (_author_card_query(select(Thread), Thread.author_id).where(*conditions)
             .order_by(Thread.pinned.desc(), Thread.last_post_at.desc(), Thread.id.desc())
             .offset(offset))
    if limit is not None:
        query = query.limit(limit)
    entries = [_thread_entry(row[0], row[1:]) for row in db.session.execute(query)]
    total = db.session.scalar(select(func.count()).select_from(Thread).where(*conditions))
    return entries, total


def require_thread(viewer, thread_id: int) -> tuple[Thread, Group, Membership | None]:
    thread = db.session.get(Thread, thread_id)
    if thread is None:
        raise NotFound(NO_SUCH_THREAD)
    try:
        group, membership = services.require_readable(viewer, thread.group_id)
    except NotFound:
        raise NotFound(NO_SUCH_THREAD) from None
    return thread, group, membership


def thread_entry(viewer, thread_id: int) -> ThreadEntry:
    thread, _, _ = require_thread(viewer, thread_id)
    row = db.session.execute(_author_card_query(select(Thread), Thread.author_id)
                             .where(Thread.id == thread.id)).one()
    return _thread_entry(row[0], row[1:])


def _post_view(viewer_id: int, post: Post, card_values, moderator: bool) -> PostView:
    mine = post.author_id == viewer_id
    state = ("removed" if post.removed_at is not None
             else "deleted" if post.deleted_at is not None else "shown")
    shows_body = state == "shown" or (state == "removed" and (mine or moderator))
    return PostView(id=post.id, thread_id=post.thread_id, opening=post.opening, state=state,
                    body=post.body if shows_body else None, created_at=post.created_at,
                    edited_at=post.edited_at, author=_card(card_values),
                    removal_reason=post.removal_reason if state == "removed" and (
                        mine or moderator) else None,
                    mine=mine, can_remove=moderator and state == "shown")


def _posts(viewer_id: int, condition, moderator: bool, limit: int | None = None,
           offset: int = 0) -> list[PostView]:
    query = (_author_card_query(select(Post), Post.author_id).where(condition)
             .order_by(Post.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return [_post_view(viewer_id, row[0], row[1:], moderator)
            for row in db.session.execute(query)]


@dataclass(frozen=True)
class ThreadPage:
    thread: ThreadEntry
    group: Group
    opening: PostView | None
    replies: list[PostView]
    reply_total: int
    following: bool
    can_post: bool
    can_moderate: bool
    needs_norms: bool


def thread_page(viewer, thread_id: int, limit: int | None = None,
                offset: int = 0) -> ThreadPage:
    """The thread, its opening post and one page of replies: constant in queries however
    many replies it has."""
    thread, group, membership = require_thread(viewer, thread_id)
    moderator = services.can_moderate(membership)
    opening = _posts(viewer.id, and_(Post.thread_id == thread.id, Post.opening.is_(True)),
                     moderator)
    replies = _posts(viewer.id, and_(Post.thread_id == thread.id, Post.opening.is_(False)),
                     moderator, limit, offset)
    total = db.session.scalar(select(func.count()).select_from(Post).where(
        Post.thread_id == thread.id, Post.opening.is_(False)))
    following = db.session.get(ThreadFollow, (thread.id, viewer.id)) is not None
    return ThreadPage(thread=thread_entry(viewer, thread.id), group=group,
                      opening=opening[0] if opening else None, replies=replies,
                      reply_total=total, following=following,
                      can_post=services.can_post(viewer, membership) and not (
                          thread.locked and not moderator),
                      can_moderate=moderator,
                      needs_norms=services.needs_norms(group, membership))


def replies_page(viewer, thread_id: int, limit: int, offset: int) -> tuple[list, int]:
    thread, _, membership = require_thread(viewer, thread_id)
    moderator = services.can_moderate(membership)
    condition = and_(Post.thread_id == thread.id, Post.opening.is_(False))
    return (_posts(viewer.id, condition, moderator, limit, offset),
            db.session.scalar(select(func.count()).select_from(Post).where(condition)))


def require_post(viewer, post_id: int) -> tuple[Post, Thread, Group, Membership | None]:
    post = db.session.get(Post, post_id)
    if post is None:
        raise NotFound(NO_SUCH_POST)
    try:
        thread, group, membership = require_thread(viewer, post.thread_id)
    except NotFound:
        raise NotFound(NO_SUCH_POST) from None
    return post, thread, group, membership


def post_view(viewer, post_id: int) -> PostView:
    post, _, _, membership = require_post(viewer, post_id)
    return _posts(viewer.id, Post.id == post.id, services.can_moderate(membership))[0]


# --- writing --------------------------------------------------------------------------------


def _thread_link(thread: Thread) -> str:
    return path_to("groups.thread", thread_id=thread.id)


def _mentionable(group_id: int, author_id: int) -> list:
    """(id, display name) of the active members the author may @mention: never the author,
    nobody with a block either way with the author. One query."""
    return list(db.session.execute(
        select(Membership.user_id, func.coalesce(Profile.display_name, User.name))
        .join(User, User.id == Membership.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(Membership.group_id == group_id, Membership.status == "active",
               Membership.user_id != author_id, ~privacy.suspended(Membership.user_id),
               ~privacy.blocked_either_way(author_id, Membership.user_id))).all())


def mentioned_members(group_id: int, author_id: int, body: str) -> list[int]:
    """Active members named as `@Display Name` in the text (longest names first), never the
    author, nobody with a block either way with the author. One query."""
    if "@" not in body:
        return []
    lowered = body.lower()
    rows = _mentionable(group_id, author_id)
    found = []
    for user_id, name in sorted(rows, key=lambda row: -len(row[1] or "")):
        if name and f"@{name.lower()}" in lowered:
            found.append(user_id)
            lowered = lowered.replace(f"@{name.lower()}", " ")
    return found


def _notify_mentions(group: Group, thread: Thread, author_id: int, body: str,
                     already: set[int]) -> set[int]:
    name = display_name(author_id)
    told = set()
    for user_id in mentioned_members(group.id, author_id, body):
        if user_id in already:
            continue
        services.group_notify(group, user_id, "group_mention",
                              f"{name} mentioned you in “{thread.title}” ({group.name}).",
                              _thread_link(thread), actor_id=author_id)
        told.add(user_id)
    return told


def _guard(group_id: int, author_id: int, texts: dict[str, str | None],
           confirmed: bool) -> None:
    """The PHI guard (peerlink/phi/guard.py) on what the author is about to post: flagged
    text is refused (PhiFlagged, nothing written) unless they confirmed it is de-identified.
    The names of the group's members (the author too) are colleagues', no client's."""
    phi_guard.check(texts, deidentified_only=False, confirmed=confirmed,
                    members=lambda: _member_names(group_id, author_id))


def _member_names(group_id: int, author_id: int) -> list[str]:
    """Display names of the group's active members, and the author's. One query."""
    return list(db.session.scalars(
        select(func.coalesce(Profile.display_name, User.name))
        .select_from(User).outerjoin(Profile, Profile.user_id == User.id)
        .where(or_(User.id == author_id, User.id.in_(
            select(Membership.user_id).where(Membership.group_id == group_id,
                                             Membership.status == "active"))))))


def start_thread(author, group_id: int, title: str, body: str, *,
                 confirm_deidentified: bool = False) -> Thread:
    """A new thread with its opening post; its author follows it. Title and text pass the
    PHI guard first."""
    group, _ = services.require_poster(author, group_id)
    _guard(group.id, author.id, {"title": title, "body": body}, confirm_deidentified)
    now = utcnow()
    thread = Thread(group_id=group.id, author_id=author.id, title=title, created_at=now,
                    last_post_at=now)
    db.session.add(thread)
    db.session.flush()
    db.session.add(Post(thread_id=thread.id, author_id=author.id, opening=True, body=body,
                        created_at=now))
    db.session.add(ThreadFollow(thread_id=thread.id, user_id=author.id))
    search.index_threads([thread.id])
    _notify_mentions(group, thread, author.id, body, set())
    db.session.commit()
    return thread


def _followers_to_tell(thread: Thread, author_id: int) -> list[int]:
    """Followers who may still read the thread and have no block with the author."""
    return list(db.session.scalars(
        select(ThreadFollow.user_id).join(Membership, and_(
            Membership.user_id == ThreadFollow.user_id,
            Membership.group_id == thread.group_id), isouter=True)
        .join(Group, Group.id == thread.group_id)
        .where(ThreadFollow.thread_id == thread.id, ThreadFollow.user_id != author_id,
               ~privacy.blocked_either_way(author_id, ThreadFollow.user_id),
               ~privacy.suspended(ThreadFollow.user_id),
               (Membership.status == "active") | (
                   (Group.visibility == "open") & (Membership.status.is_(None))))))


def reply(author, thread_id: int, body: str, *, confirm_deidentified: bool = False) -> Post:
    """A reply, once it passes the PHI guard; followers and mentioned members are told."""
    thread, group, membership = require_thread(author, thread_id)
    services.require_poster(author, group.id)
    if thread.locked and not services.can_moderate(membership):
        raise Conflict("This thread is locked: nobody can reply to it.")
    _guard(group.id, author.id, {"body": body}, confirm_deidentified)
    now = utcnow()
    post = Post(thread_id=thread.id, author_id=author.id, body=body, created_at=now)
    db.session.add(post)
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(
        reply_count=Thread.reply_count + 1, last_post_at=now))
    db.session.flush()
    search.index_threads([thread.id])
    mentioned = _notify_mentions(group, thread, author.id, body, set())
    name = display_name(author.id)
    for user_id in _followers_to_tell(thread, author.id):
        if user_id not in mentioned:
            services.group_notify(group, user_id, "group_reply",
                                  f"{name} replied in “{thread.title}” ({group.name}).",
                                  _thread_link(thread), actor_id=author.id)
    db.session.commit()
    return post


def _own_post(user, post_id: int) -> tuple[Post, Thread, Group]:
    post, thread, group, _ = require_post(user, post_id)
    if post.author_id != user.id:
        raise PermissionDenied("Only its author can change or delete a post.")
    if post.gone:
        raise Conflict("This post was deleted or removed; it cannot change.")
    return post, thread, group


def edit_post(user, post_id: int, body: str, title: str | None = None, *,
              confirm_deidentified: bool = False) -> Post:
    """The author edits their post (marked "edited"); the opening post's author may retitle
    the thread too. Newly mentioned members are told. The new text (and title) pass the PHI
    guard first."""
    post, thread, group = _own_post(user, post_id)
    services.require_poster(user, group.id)
    _guard(group.id, user.id, {"title": title if post.opening else None, "body": body},
           confirm_deidentified)
    before = set(mentioned_members(group.id, user.id, post.body))
    post.body, post.edited_at = body, utcnow()
    if title and post.opening:
        thread.title = title
    search.index_threads([thread.id])
    _notify_mentions(group, thread, user.id, body, before)
    db.session.commit()
    return post


def delete_post(user, post_id: int) -> Post:
    """The author deletes their post: its text is gone, a marker stays in the thread."""
    post, thread, _ = _own_post(user, post_id)
    post.body, post.deleted_at = "", utcnow()
    search.index_threads([thread.id])
    db.session.commit()
    return post


def remove_post(moderator, post_id: int, reason: str) -> Post:
    """A moderator removes a post with a reason its author is told and reads beside it.
    The post's open reports are resolved with it."""
    from peerlink.groups.reports import resolve_reports_of  # reports build on this module

    post, thread, group, membership = require_post(moderator, post_id)
    if not services.can_moderate(membership):
        raise PermissionDenied("Only the group's moderators can remove posts.")
    if post.gone:
        raise Conflict("This post was already deleted or removed.")
    post.removed_at, post.removed_by_id, post.removal_reason = utcnow(), moderator.id, reason
    search.index_threads([thread.id])
    resolve_reports_of(post.id, moderator.id)
    if post.author_id is not None and post.author_id != moderator.id:
        services.group_notify(group, post.author_id, "group_decision",
                              f"A moderator removed your post in “{thread.title}”: {reason}",
                              _thread_link(thread), actor_id=moderator.id)
    db.session.commit()
    return post


def set_thread_flags(moderator, thread_id: int, *, pinned: bool | None = None,
                     locked: bool | None = None) -> Thread:
    thread, _, membership = require_thread(moderator, thread_id)
    if not services.can_moderate(membership):
        raise PermissionDenied("Only the group's moderators can pin or lock threads.")
    if pinned is not None:
        thread.pinned = pinned
    if locked is not None:
        thread.locked = locked
    db.session.commit()
    return thread


def follow(user, thread_id: int, following: bool) -> bool:
    thread, _, _ = require_thread(user, thread_id)
    existing = db.session.get(ThreadFollow, (thread.id, user.id))
    if following and existing is None:
        db.session.add(ThreadFollow(thread_id=thread.id, user_id=user.id))
    elif not following and existing is not None:
        db.session.delete(existing)
    db.session.commit()
    return following
