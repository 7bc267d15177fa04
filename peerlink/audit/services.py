"""Writing the audit trail.

`record` adds an event to the caller's transaction and never commits: the service that owns
the use case commits it with the change it describes, and only then is the event also
written as one JSON line on the `peerlink.audit` logger (a change that rolls back leaves no
line and no row). Every event names its action from ACTIONS and keeps only the DETAIL_KEYS
in `details`: never a password, a token, a message or case text.
"""

import json
import logging
from functools import partial

from flask import current_app, has_request_context, request
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from peerlink.accounts.signals import account_deleting
from peerlink.after_commit import after_commit
from peerlink.audit.models import AuditEvent
from peerlink.db_types import utcnow
from peerlink.errors import NotAuthenticated, PermissionDenied
from peerlink.extensions import db

logger = logging.getLogger("peerlink.audit")
if logger.level == logging.NOTSET:  # an operator's logging configuration may say otherwise
    logger.setLevel(logging.INFO)

ACTIONS = {
    "auth.login_succeeded": "Signed in",
    "auth.login_failed": "Sign-in refused",
    "access.denied": "Refused: not allowed",
    "access.unauthenticated": "Refused: a change without signing in",
    "account.role_changed": "Role changed",
    "account.suspended": "Member suspended",
    "account.restored": "Member restored",
    "license.verified": "License verified",
    "license.rejected": "License rejected",
    "token.created": "API token created",
    "token.revoked": "API token revoked",
    # Case consultations: the move and who made it, never what the case says.
    "consultation.requested": "Consultation requested",
    "consultation.scheduled": "Consultation scheduled",
    "consultation.times_proposed": "Consultation: new times proposed",
    "consultation.declined": "Consultation declined",
    "consultation.cancelled": "Consultation cancelled",
    "consultation.joining_details": "Consultation joining details changed",
    "consultation.completed": "Consultation completed",
    "consultation.expired": "Consultation expired",
}

# The keys `details` may hold, each with the longest text it keeps (None: a number).
DETAIL_KEYS = {
    "failure": 40,  # why a sign-in was refused: unknown_email, wrong_password, suspended
    "role_from": 20,
    "role_to": 20,
    "reason": 500,  # an admin's reason for a suspension
    "review_id": None,
    "token_id": None,
    "endpoint": 100,  # the refused request's endpoint and method (never its path or query)
    "method": 10,
    "state_from": 20,  # a consultation's move
    "state_to": 20,
}

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def member(user_id: int) -> tuple[str, int]:
    """The subject of an event about a member."""
    return ("user", user_id)


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def _clean(details: dict) -> dict:
    unknown = sorted(details.keys() - DETAIL_KEYS.keys())
    if unknown:
        raise ValueError(f"Audit details may not hold {', '.join(unknown)}.")
    return {key: value[:DETAIL_KEYS[key]] if isinstance(value, str) else value
            for key, value in details.items() if value is not None}


def record(action: str, *, actor_id: int | None = None,
           subject: tuple[str, int] | None = None, details: dict | None = None) -> AuditEvent:
    """Add an event to the caller's transaction; logged once that commits."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}.")
    subject_type, subject_id = subject or (None, None)
    audit_event = AuditEvent(created_at=utcnow(), actor_id=actor_id, action=action,
                             subject_type=subject_type, subject_id=subject_id,
                             ip=_client_ip(), details=_clean(details or {}))
    db.session.add(audit_event)
    db.session.flush()  # the id the log line carries
    line = json.dumps({
        "audit_id": audit_event.id, "at": audit_event.created_at.isoformat(),
        "action": action, "actor_id": actor_id, "subject_type": subject_type,
        "subject_id": subject_id, "ip": audit_event.ip, "details": audit_event.details,
    }, sort_keys=True)
    after_commit(partial(logger.info, line), f"log the audit event {action!r}")
    return audit_event


def record_refusal(error: Exception, *, actor_id: int | None, endpoint: str | None,
                   method: str) -> None:
    """A request was refused: PermissionDenied always, NotAuthenticated only for a change
    (reads without signing in, and 404s, are too common to tell anyone anything).

    The refused use case is rolled back first (nothing of it may be saved), then the event
    is committed on its own.
    """
    if isinstance(error, PermissionDenied):
        action = "access.denied"
    elif isinstance(error, NotAuthenticated) and method not in SAFE_METHODS:
        action = "access.unauthenticated"
    else:
        return
    db.session.rollback()
    try:
        record(action, actor_id=actor_id, details={"endpoint": endpoint, "method": method})
        db.session.commit()
    except SQLAlchemyError:  # the refusal is answered anyway
        db.session.rollback()
        current_app.logger.exception("Could not record the refusal of %s %s", method, endpoint)



def export_events(user_id: int) -> list[dict]:
    """What the trail holds about a member or that they did, oldest first, for their own
    download: the address only where they acted (not an admin's, nor a stranger's who
    guessed their password)."""
    about = and_(AuditEvent.subject_type == "user", AuditEvent.subject_id == user_id)
    events = db.session.scalars(
        select(AuditEvent).where(or_(AuditEvent.actor_id == user_id, about))
        .order_by(AuditEvent.created_at, AuditEvent.id))
    return [{"at": event.created_at.isoformat(), "action": event.action,
             "by_you": event.actor_id == user_id,
             "subject": ({"type": event.subject_type, "id": event.subject_id}
                         if event.subject_type else None),
             "ip": event.ip if event.actor_id == user_id else None,
             "details": event.details} for event in events]


@account_deleting.connect
def anonymise_events_of_deleted_account(user, **_) -> None:
    """The events stay (the trail keeps what happened), but nothing in them points at the
    member any more: not as actor (the foreign key would null it too), not as subject
    (SQLite may give the id to the next account), not their address, not the details (an
    admin's reason may name them). In the deletion's transaction."""
    events = AuditEvent.__table__
    about = and_(events.c.subject_type == "user", events.c.subject_id == user.id)
    db.session.execute(update(events).where(or_(events.c.actor_id == user.id, about))
                       .values(ip=None, details={}))
    db.session.execute(update(events).where(about).values(subject_id=None))
    db.session.execute(update(events).where(events.c.actor_id == user.id).values(actor_id=None))
