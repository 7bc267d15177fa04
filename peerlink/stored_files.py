"""Files kept under UPLOAD_DIR that follow the database transaction which names them.

A file written for a change is removed again if the transaction rolls back (or the session
closes without a commit), so no file is left that no row names; a file a change stops
naming is removed only once the transaction commits, so a rolled-back change still finds
it. Profile photos and CE certificates store their files this way.
"""

from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from peerlink.extensions import db

_WRITTEN = "peerlink.files_written"  # files to remove if the transaction does not commit
_DISCARDED = "peerlink.files_discarded"  # files to remove once it commits


def _remove(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:  # the row no longer names it; a stray file is harmless
            current_app.logger.exception("Could not remove stored file %s", path)


def write_file(path: Path, content: bytes) -> None:
    """Write `content` at `path` (through a partial file, so a reader never sees half of
    it), to be removed again if the current transaction does not commit."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    db.session().info.setdefault(_WRITTEN, []).extend((partial, path))
    partial.write_bytes(content)
    partial.replace(path)


def discard_after_commit(paths: list[Path]) -> None:
    """Remove these files once the current transaction commits (never if it rolls back)."""
    db.session().info.setdefault(_DISCARDED, []).extend(paths)


@event.listens_for(Session, "after_commit")
def _settle_files(session: Session) -> None:
    session.info.pop(_WRITTEN, None)
    _remove(session.info.pop(_DISCARDED, []))


@event.listens_for(Session, "after_transaction_end")
def _undo_files(session: Session, transaction) -> None:
    """Rolled back or closed without a commit: nothing names the new files any more."""
    if transaction.parent is not None:
        return
    session.info.pop(_DISCARDED, None)
    _remove(session.info.pop(_WRITTEN, []))
