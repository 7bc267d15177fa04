"""Reading the audit trail: the admin's filtered list."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, func, select

from peerlink.accounts.services import require_role
from peerlink.audit.models import AuditEvent
from peerlink.extensions import db


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def search_events(actor, *, action: str | None = None, actor_id: int | None = None,
                  since: date | None = None, until: date | None = None, page: int = 1,
                  per_page: int = 50) -> tuple[list[AuditEvent], int]:
    """Admins only: the events that match, newest first, one page; and how many match.
    `since` and `until` are days (UTC), both included."""
    require_role(actor, "admin")
    conditions = []
    if action:
        conditions.append(AuditEvent.action == action)
    if actor_id is not None:
        conditions.append(AuditEvent.actor_id == actor_id)
    if since is not None:
        conditions.append(AuditEvent.created_at >= _day_start(since))
    if until is not None:
        conditions.append(AuditEvent.created_at < _day_start(until + timedelta(days=1)))
    where = and_(True, *conditions)
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(where))
    events = db.session.scalars(
        select(AuditEvent).where(where)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page).offset((page - 1) * per_page))
    return list(events), total

