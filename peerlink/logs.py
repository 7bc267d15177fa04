"""Log lines: one JSON object a line in production (journald and log shippers read fields),
readable text elsewhere. A line written while a request is served carries the visitor's
address (as PROXY_FIX_X_FOR lets the app see it); ACCESS_LOG=1 adds one line per request
on the `peerlink.access` logger. No query strings, no e-mail addresses: ids only."""

import json
import logging
import sys
import time
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request

HANDLER_NAME = "peerlink"
# Fields a record may carry beyond its message, in the order they are written.
FIELDS = ("remote_addr", "method", "path", "status", "duration_ms", "user_id")


class RequestFields(logging.Filter):
    """Adds the request's client address to every record written during a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context() and not hasattr(record, "remote_addr"):
            record.remote_addr = request.remote_addr
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        data = _json_object(entry["message"])
        if data is not None:  # a line that is JSON already (the audit trail's): its fields
            entry["message"], entry["data"] = str(data.get("action", record.name)), data
        entry.update({name: getattr(record, name) for name in FIELDS if hasattr(record, name)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _json_object(message: str) -> dict | None:
    if not message.startswith("{"):
        return None
    try:
        data = json.loads(message)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        address = getattr(record, "remote_addr", None)
        return f"{line} [{address}]" if address else line


def configure_logging(app: Flask) -> None:
    """The `peerlink` logger (the app's own) writes to stderr; tests keep pytest's."""
    if app.config["ACCESS_LOG"]:
        _log_requests(app)
    if app.testing:
        return
    logger = logging.getLogger("peerlink")
    for handler in [h for h in logger.handlers if h.get_name() == HANDLER_NAME]:
        logger.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(HANDLER_NAME)
    production = app.config["PEERLINK_ENV"] == "production"
    handler.setFormatter(JsonFormatter() if production else TextFormatter())
    handler.addFilter(RequestFields())
    logger.addHandler(handler)
    logger.setLevel(app.config["LOG_LEVEL"])
    logger.propagate = False


def _log_requests(app: Flask) -> None:
    access = logging.getLogger("peerlink.access")

    @app.before_request
    def start_clock():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        user = g.get("_login_user")  # only if this request loaded it: no extra query
        access.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "remote_addr": request.remote_addr, "method": request.method, "path": request.path,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
            # The member's id; never get_id(), which carries the session's secret nonce.
            "user_id": user.id if user is not None and user.is_authenticated else None,
        })
        return response
