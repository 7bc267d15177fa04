"""Is this process ready for traffic: the database answers, its schema is at the head of
the migrations this code ships, UPLOAD_DIR can be written, and Redis answers where the
settings use it (the Socket.IO message queue, rate-limit counters). Answers say what is
wrong in words an operator acts on, never a host, a password or a traceback (they are
logged)."""

import os
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from limits.storage import storage_from_string
from sqlalchemy import text

from peerlink.extensions import db

OK = "ok"


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, {check: "ok" or what is wrong}), for /readyz and `peerlink check`."""
    checks = {"database": _database()}
    if checks["database"] == OK:
        checks["migrations"] = _migrations()
    checks["uploads"] = _uploads()
    queue = current_app.config["SOCKETIO_MESSAGE_QUEUE"]
    if queue:
        checks["message_queue"] = _redis(queue)
    if not current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        checks["rate_limit_storage"] = _rate_limit_storage()
    return all(value == OK for value in checks.values()), checks


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return OK
    except Exception as exc:
        _warn("the database did not answer", exc)
        db.session.rollback()
        return "unreachable"


def _expected_heads() -> frozenset[str]:
    """The newest revisions of the migrations this code carries (read once a process)."""
    cached = current_app.extensions.get("peerlink.migration_heads")
    if cached is None:
        config = current_app.extensions["migrate"].migrate.get_config()
        cached = frozenset(ScriptDirectory.from_config(config).get_heads())
        current_app.extensions["peerlink.migration_heads"] = cached
    return cached


def _migrations() -> str:
    try:
        current = frozenset(MigrationContext.configure(db.session.connection())
                            .get_current_heads())
    except Exception as exc:
        _warn("could not read the migration revision", exc)
        db.session.rollback()
        return "unreadable"
    expected = _expected_heads()
    if current == expected:
        return OK
    if not current:
        return "not migrated: run `peerlink db upgrade`"
    shown = ", ".join(sorted(current))
    wanted = ", ".join(sorted(expected))
    if current <= _known_revisions():
        return f"behind (database at {shown}, code at {wanted}): run `peerlink db upgrade`"
    return f"ahead of this code (database at {shown}, code at {wanted}): upgrade the code"


def _known_revisions() -> frozenset[str]:
    config = current_app.extensions["migrate"].migrate.get_config()
    return frozenset(script.revision for script in
                     ScriptDirectory.from_config(config).walk_revisions())


def _uploads() -> str:
    """UPLOAD_DIR, or the folder it will be made in on the first photo, is writable."""
    folder = Path(current_app.config["UPLOAD_DIR"])
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    if _writable(folder):
        return OK
    _warn("UPLOAD_DIR is not writable", PermissionError(str(folder)))
    return "not writable by this process (UPLOAD_DIR)"


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def _redis(url: str) -> str:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
        return OK
    except Exception as exc:
        _warn("Redis (SOCKETIO_MESSAGE_QUEUE) did not answer", exc)
        return "unreachable"
    finally:
        client.close()


def _rate_limit_storage() -> str:
    """Asked through its own client: the process-wide Limiter may hold an earlier app's."""
    try:
        storage = current_app.extensions.get("peerlink.rate_limit_probe")
        if storage is None:
            storage = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
            current_app.extensions["peerlink.rate_limit_probe"] = storage
        if storage.check():
            return OK
        _warn("the rate-limit storage (RATELIMIT_STORAGE_URI) did not answer", None)
    except Exception as exc:
        _warn("the rate-limit storage (RATELIMIT_STORAGE_URI) did not answer", exc)
    return "unreachable"


def _warn(what: str, exc: Exception | None) -> None:
    """One line for the operator: a known outage needs no traceback."""
    reason = str(getattr(exc, "orig", None) or exc or "no answer").strip().splitlines()
    current_app.logger.warning("Not ready: %s (%s)", what, reason[0] if reason else "")
