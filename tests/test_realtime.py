"""Live events go out after the commit, once, and never for a change that rolled back; the
services that send them run without a request (CLI jobs); the one socket wrapper."""

import contextvars
import uuid

import click
import pytest
from flask_socketio import Namespace
from sqlalchemy.exc import OperationalError

from peerlink import create_app
from peerlink.connections import services as connections
from peerlink.connections.models import Connection
from peerlink.errors import NotFound
from peerlink.extensions import db, socketio
from peerlink.notifications import services as notifications
from peerlink.notifications.models import Notification
from peerlink.notifications.schemas import MarkReadSchema
from peerlink.realtime import emit_after_commit, socket_handler
from tests import factories


def received(sc):
    return [packet["args"][0] for packet in sc.get_received("/notifications")
            if packet["name"] == "notification"]


def test_a_committed_change_emits_exactly_once(socket_client, logged_in):
    sc = socket_client()
    notifications.notify(logged_in.id, "connection_accepted", "Once")
    assert received(sc) == []
    db.session.commit()
    db.session.commit()  # a second commit has nothing left to send
    assert [event["message"] for event in received(sc)] == ["Once"]


def test_a_rolled_back_change_emits_nothing(socket_client, logged_in):
    sc = socket_client()
    notifications.notify(logged_in.id, "connection_accepted", "Never")
    db.session.rollback()
    db.session.commit()
    assert received(sc) == []
    assert db.session.query(Notification).count() == 0


def test_a_failed_use_case_emits_nothing_and_writes_nothing(socket_client, logged_in):
    """The request is refused after notify would have run: nothing sent, nothing stored."""
    sc = socket_client()
    other = factories.make_user()
    connections.request_connection(other, logged_in.id)
    assert [event["kind"] for event in received(sc)] == ["connection_request"]
    with pytest.raises(Exception, match="already asked"):
        connections.request_connection(other, logged_in.id)
    db.session.rollback()
    assert received(sc) == []
    assert db.session.query(Notification).filter_by(user_id=logged_in.id).count() == 1


def test_emit_after_commit_sends_to_the_room_it_names(app, socket_client, logged_in):
    sc = socket_client()
    emit_after_commit("notification", {"message": "to me"},
                      to=notifications.personal_room(logged_in.id), namespace="/notifications")
    emit_after_commit("notification", {"message": "to someone else"},
                      to=notifications.personal_room(logged_in.id + 1000),
                      namespace="/notifications")
    db.session.commit()
    assert [event["message"] for event in received(sc)] == ["to me"]


def test_a_notifying_service_runs_from_a_cli_command(app):
    """No request: the notification's link is built from the URL map alone."""
    asker, asked = factories.make_user(), factories.make_user()

    @app.cli.command("test-connect")
    @click.argument("asker_id", type=int)
    @click.argument("asked_id", type=int)
    def connect_command(asker_id, asked_id):
        connections.request_connection(db.session.get(type(asker), asker_id), asked_id)

    result = app.test_cli_runner().invoke(args=["test-connect", str(asker.id), str(asked.id)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    note = db.session.query(Notification).filter_by(user_id=asked.id).one()
    assert note.link == "/connections" and note.actor_id == asker.id
    assert db.session.query(Connection).filter_by(requester_id=asker.id).one().status == "pending"


class _Echo(Namespace):
    @socket_handler(MarkReadSchema)
    def on_echo(self, payload):
        if payload["id"] == 13:
            raise NotFound("No such thing.")
        if payload["id"] == 503:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))
        if payload["id"] == 500:
            raise RuntimeError("a bug")
        return {"ok": True, "id": payload["id"]}


def test_the_socket_wrapper_loads_the_payload_and_turns_errors_into_acks(app, client,
                                                                          logged_in):
    if "/test-echo" not in socketio.server.namespace_handlers:
        socketio.on_namespace(_Echo("/test-echo"))
    sc = socketio.test_client(app, namespace="/test-echo", flask_test_client=client)
    ack = sc.emit("echo", {"id": 7}, namespace="/test-echo", callback=True)
    assert ack == {"ok": True, "id": 7}
    bad = sc.emit("echo", {"id": "x"}, namespace="/test-echo", callback=True)
    assert bad["ok"] is False and bad["error"]["code"] == 422 and "id" in bad["error"]["errors"]
    not_a_dict = sc.emit("echo", "hello", namespace="/test-echo", callback=True)
    assert not_a_dict["ok"] is False and not_a_dict["error"]["code"] == 422
    missing = sc.emit("echo", {"id": 13}, namespace="/test-echo", callback=True)
    assert missing == {"ok": False, "error": {"code": 404, "status": "Not Found",
                                              "message": "No such thing."}}
    # The database out of reach, or a bug: an error ack all the same, never no answer.
    down = sc.emit("echo", {"id": 503}, namespace="/test-echo", callback=True)
    assert down["ok"] is False and down["error"]["code"] == 503
    assert "cannot reach its database" in down["error"]["message"]
    broken = sc.emit("echo", {"id": 500}, namespace="/test-echo", callback=True)
    assert broken["ok"] is False and broken["error"]["code"] == 500
    assert "a bug" not in broken["error"]["message"]
    assert sc.is_connected("/test-echo")
    sc.disconnect(namespace="/test-echo")


def test_a_socket_event_over_the_size_limit_is_refused(socket_client, logged_in):
    sc = socket_client()
    ack = sc.emit("mark_read", {"id": 1, "padding": "x" * 20_000}, namespace="/notifications",
                  callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == 422
    assert "16 KB" in ack["error"]["message"]
    assert sc.is_connected("/notifications")  # one bad event does not end the connection


def test_socket_events_are_rate_limited_per_member(app, database_url):
    """With limits on, the 31st event in ten seconds gets a 429 ack with retry_after. (The
    `app` fixture empties the tables afterwards.)"""
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex})

    def run():
        with limited.app_context():
            member = factories.make_user()
            client = limited.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = member.get_id()
            sc = socketio.test_client(limited, namespace="/notifications",
                                      flask_test_client=client)
            acks = [sc.emit("unread_count", {}, namespace="/notifications", callback=True)
                    for _ in range(31)]
            sc.disconnect(namespace="/notifications")
            db.session.remove()
            db.engine.dispose()
            return acks

    acks = contextvars.Context().run(run)
    assert all(ack["ok"] for ack in acks[:30])
    assert acks[30]["ok"] is False and acks[30]["error"]["code"] == 429
    assert int(acks[30]["error"]["errors"]["retry_after"][0]) >= 1


def test_each_site_talks_on_its_own_redis_channel():
    """Redis pub/sub ignores database numbers: two sites on one Redis must not share rooms."""
    from peerlink.realtime import LocalManager, client_manager

    assert isinstance(client_manager(None), LocalManager)
    assert client_manager("redis://127.0.0.1:6379/0", "peerlink.example.org").channel == (
        "peerlink:peerlink.example.org")
    assert client_manager("redis://127.0.0.1:6379/0", None).channel == "peerlink"
