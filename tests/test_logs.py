"""Production log lines: one JSON object each, the visitor's address on lines written during
a request, and a line that is JSON already (the audit trail's) kept as fields, not text."""

import json
import logging

from peerlink.logs import JsonFormatter, RequestFields


def formatted(app, logger_name: str, message: str, **request) -> dict:
    record = logging.LogRecord(logger_name, logging.INFO, __file__, 1, message, None, None)
    with app.test_request_context("/login", environ_base={"REMOTE_ADDR": "203.0.113.7"},
                                  **request):
        RequestFields().filter(record)
    return json.loads(JsonFormatter().format(record))


def test_a_line_names_the_visitor_and_its_logger(app):
    line = formatted(app, "peerlink", "Not ready: the database did not answer")
    assert line["level"] == "INFO" and line["logger"] == "peerlink"
    assert line["message"] == "Not ready: the database did not answer"
    assert line["remote_addr"] == "203.0.113.7" and line["time"].endswith("Z")


def test_an_audit_line_keeps_its_fields(app):
    event = {"action": "auth.login_failed", "actor_id": None, "ip": "203.0.113.7",
             "details": {"reason": "password"}}
    line = formatted(app, "peerlink.audit", json.dumps(event))
    assert line["message"] == "auth.login_failed" and line["data"] == event
