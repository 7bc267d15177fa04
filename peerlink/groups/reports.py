"""Posts reported to a group's moderators, and the queue they work. Only that group's
moderators hear of a report or see the queue; the reporter is told nothing more."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound
from peerlink.extensions import Limit, db
from peerlink.groups import discussions, services
from peerlink.groups.models import Post, Report, Thread
from peerlink.links import path_to
from peerlink.profiles.cards import MemberCard, card_columns, card_from_row, with_card

REPORTING = Limit("30 per hour", "group reports")
NO_SUCH_REPORT = "No such report."


@dataclass(frozen=True)
class QueuedReport:
    id: int
    reason: str
    created_at: datetime
    reporter: MemberCard
    post: discussions.PostView
    thread_id: int
    thread_title: str


def report_post(reporter, post_id: int, reason: str) -> Report:
    post, thread, group, membership = discussions.require_post(reporter, post_id)
    if post.gone:
        raise Conflict("This post was already deleted or removed.")
    report = Report(group_id=group.id, post_id=post.id, reporter_id=reporter.id, reason=reason)
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("You reported this post already; the moderators have it.") from None
    for moderator_id in services.moderator_ids(group.id):
        if moderator_id != reporter.id:
            services.group_notify(group, moderator_id, "group_report",
                                  f"A post in “{thread.title}” ({group.name}) was reported.",
                                  path_to("groups.reports_page", group_id=group.id))
    db.session.commit()
    return report


def _open(group_id: int):
    return (Report.group_id == group_id, Report.status == "open")


def queue(moderator, group_id: int, limit: int | None = None,
          offset: int = 0) -> tuple[list[QueuedReport], int]:
    """Open reports, oldest first, with the post as a moderator sees it. Constant queries."""
    services.require_moderator(moderator, group_id)
    query = (with_card(select(Report, Thread.id, Thread.title, *card_columns()),
                       Report.reporter_id)
             .join(Post, Post.id == Report.post_id).join(Thread, Thread.id == Post.thread_id)
             .where(*_open(group_id)).order_by(Report.created_at, Report.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    rows = db.session.execute(query).all()
    posts = {view.id: view for view in discussions._posts(
        moderator.id, Post.id.in_([row[0].post_id for row in rows]), True)}
    reports = [QueuedReport(id=row[0].id, reason=row[0].reason, created_at=row[0].created_at,
                            reporter=card_from_row(row[3:]), post=posts[row[0].post_id],
                            thread_id=row[1], thread_title=row[2]) for row in rows]
    total = db.session.scalar(select(func.count()).select_from(Report).where(*_open(group_id)))
    return reports, total


def dismiss(moderator, report_id: int) -> Report:
    """The post stays; the report leaves the queue."""
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound(NO_SUCH_REPORT)
    services.require_moderator(moderator, report.group_id)
    if report.status != "open":
        raise Conflict("This report was handled already.")
    report.status, report.handled_by_id, report.handled_at = "dismissed", moderator.id, utcnow()
    db.session.commit()
    return report


def resolve_reports_of(post_id: int, moderator_id: int) -> None:
    """The post was removed: its open reports are resolved (in the caller's transaction)."""
    db.session.execute(update(Report).where(Report.post_id == post_id, Report.status == "open")
                       .values(status="resolved", handled_by_id=moderator_id,
                               handled_at=utcnow()))
