"""Reminders as a renewal deadline nears: `flask ce-log send-reminders`, run once a day.

A member is reminded when a requirement's cycle ends within 90, 30 and 7 days and it is not
met yet: at most once per requirement, cycle end and threshold, however often the job runs.
A job that starts late (20 days before) sends the nearest threshold's reminder only and
counts the ones it passed as sent. Runs without a request: links come from peerlink.links.
"""

from datetime import date

from sqlalchemy import select

from peerlink.ce_log.models import CEReminder, CERequirement
from peerlink.ce_log.progress import hours, plural
from peerlink.ce_log.services import log_lines, with_progress
from peerlink.db_types import utcnow
from peerlink.extensions import db
from peerlink.links import path_to
from peerlink.notifications.services import notify

THRESHOLDS = (90, 30, 7)  # days before the cycle ends


def _message(item, days_left: int) -> str:
    requirement, progress = item.requirement, item.progress
    days = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''}"
    still = []
    if progress.hours_needed:
        still.append(f"{hours(progress.hours_needed)} {plural(progress.hours_needed)}")
    if progress.live_needed:
        still.append(f"{hours(progress.live_needed)} live {plural(progress.live_needed)}")
    still += [f"{subject.phrase} {hours(subject.required - subject.earned)}"
              for subject in progress.subjects if not subject.met]
    return (f"Your {requirement.license_name} CE cycle ends {days}: still needed "
            f"{', '.join(still)}. {progress.sentence[0].upper()}{progress.sentence[1:]}.")


def send_reminders(today: date | None = None) -> int:
    """Notify each member whose deadline reached a threshold; returns how many were sent."""
    today = today or date.today()
    horizon = today.toordinal() + max(THRESHOLDS)
    requirements = list(db.session.scalars(select(CERequirement).where(
        CERequirement.cycle_end >= today,
        CERequirement.cycle_end <= date.fromordinal(horizon)).order_by(CERequirement.user_id)))
    if not requirements:
        return 0
    sent_before = {(row.requirement_id, row.cycle_end, row.days) for row in db.session.scalars(
        select(CEReminder).where(CEReminder.requirement_id.in_([r.id for r in requirements])))}
    sent = 0
    by_member: dict[int, list[CERequirement]] = {}
    for requirement in requirements:
        by_member.setdefault(requirement.user_id, []).append(requirement)
    for user_id, theirs in by_member.items():
        for item in with_progress(theirs, log_lines(user_id)):
            requirement = item.requirement
            days_left = (requirement.cycle_end - today).days
            due = [days for days in THRESHOLDS if days_left <= days
                   and (requirement.id, requirement.cycle_end, days) not in sent_before]
            if not due:
                continue
            for days in due:
                db.session.add(CEReminder(requirement_id=requirement.id,
                                          cycle_end=requirement.cycle_end, days=days,
                                          sent_at=utcnow()))
            if not item.progress.met:
                notify(user_id, "ce_deadline", _message(item, days_left),
                       link=path_to("ce_log.index"))
                sent += 1
    db.session.commit()
    return sent
