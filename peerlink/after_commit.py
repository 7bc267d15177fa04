"""What happens only once a transaction has committed: live events, e-mails.

A service queues an action with `after_commit`; it runs when the session commits and is
dropped if it rolls back. So nobody hears of a row they cannot read yet, a refused change
announces nothing, and a failing action (a mail server that is down, a lost Redis
connection) cannot undo what was saved: it is logged, and the next action still runs.

Actions run after the transaction has ended and must not use the database: whatever they
need (a rendered message, an event's payload) is prepared when they are queued.
`realtime.emit_after_commit`, `realtime.disconnect_after_commit`, `mailer.mail_after_commit`
and the audit trail's log lines use it.
"""

from collections.abc import Callable

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from peerlink.extensions import db

_PENDING = "peerlink.after_commit"


def after_commit(action: Callable[[], object], description: str, *,
                 last: bool = False) -> None:
    """Run `action()` once the current transaction commits; drop it if it rolls back.

    `description` names the action in the log if it fails ("send live event 'unread'").
    Actions run in the order queued, those marked `last` after all the others (closing a
    member's sockets comes after the live events that tell them why).
    """
    db.session().info.setdefault(_PENDING, []).append((last, action, description))


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for _, action, description in sorted(pending, key=lambda item: item[0]):
        try:
            action()
        except Exception:  # the change is committed; what failed here is only a message
            current_app.logger.exception("After the commit, could not %s", description)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
