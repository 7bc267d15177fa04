"""A member's groups data when their account is downloaded or deleted (accounts' signals
account_exporting and account_deleting; receivers in views.py)."""

from sqlalchemy import select, update

from peerlink.db_types import utcnow
from peerlink.extensions import db
from peerlink.groups import search, services
from peerlink.groups.models import Group, Membership, Post, Report, Thread, ThreadFollow


def export_groups(user) -> dict:
    """Their memberships, what they wrote (still shown, or removed with the reason), the
    threads they follow and the reports they filed. Nobody else's words."""
    memberships = db.session.execute(
        select(Group.id, Group.name, Membership.role, Membership.status, Membership.created_at)
        .join(Group, Group.id == Membership.group_id).where(Membership.user_id == user.id)
        .order_by(Group.name))
    posts = db.session.execute(
        select(Post, Thread.title, Group.name).join(Thread, Thread.id == Post.thread_id)
        .join(Group, Group.id == Thread.group_id)
        .where(Post.author_id == user.id, Post.deleted_at.is_(None)).order_by(Post.id))
    follows = db.session.scalars(select(ThreadFollow.thread_id).where(
        ThreadFollow.user_id == user.id))
    filed = db.session.scalars(select(Report).where(Report.reporter_id == user.id))
    return {"groups": {
        "memberships": [{"group_id": gid, "group": name, "role": role, "status": status,
                         "since": since.isoformat()}
                        for gid, name, role, status, since in memberships],
        "posts": [{"id": post.id, "group": group, "thread": title, "opening": post.opening,
                   "body": post.body, "created_at": post.created_at.isoformat(),
                   "edited_at": post.edited_at.isoformat() if post.edited_at else None,
                   "removal_reason": post.removal_reason if post.removed_at else None}
                  for post, title, group in posts],
        "followed_threads": list(follows),
        "reports": [{"post_id": report.post_id, "reason": report.reason,
                     "status": report.status} for report in filed],
    }}


def forget_member(user) -> None:
    """In the deletion's transaction: each group the member owns passes to its
    longest-standing moderator, else member (services.hand_over_groups), or goes with them
    when nobody else is in it; the text of their posts is deleted (markers stay, so the
    replies around them still read in order) and the index forgets it."""
    services.hand_over_groups(user)
    threads = set(db.session.scalars(select(Post.thread_id).where(
        Post.author_id == user.id, Post.deleted_at.is_(None))))
    db.session.execute(update(Post).where(Post.author_id == user.id,
                                          Post.deleted_at.is_(None))
                       .values(body="", deleted_at=utcnow()))
    db.session.flush()
    remaining = set(db.session.scalars(select(Thread.id).where(Thread.id.in_(threads))))
    search.index_threads(remaining)
    search.remove_threads(threads - remaining)
