"""A member's live sockets close at once when they sign out, change or reset their password,
or delete their account; other members' sockets stay; a change that rolls back closes none."""

import contextvars
import re

import pytest

from peerlink.accounts import services as accounts
from peerlink.extensions import db, socketio
from peerlink.realtime import disconnect_after_commit
from tests import factories
from tests.conftest import AuthActions

NAMESPACE = "/notifications"
NEW_PASSWORD = "copper-kettle-morning-fog"


@pytest.fixture
def socket_of(app):
    """A connected socket of `user` from a device of its own, outside the test's app
    context (its own `g`, as in production)."""
    sockets = []

    def connect(user):
        device = app.test_client()
        assert AuthActions(device).login(user.email).status_code == 302
        sc = contextvars.Context().run(socketio.test_client, app, namespace=NAMESPACE,
                                       flask_test_client=device)
        assert sc.is_connected(NAMESPACE)
        sockets.append(sc)
        return sc

    yield connect
    for sc in sockets:
        if sc.is_connected(NAMESPACE):
            sc.disconnect(namespace=NAMESPACE)


@pytest.fixture
def bystander_socket(socket_of):
    return socket_of(factories.make_user())


def test_signing_out_closes_the_members_sockets_on_every_device(
        auth, logged_in, socket_client, socket_of, bystander_socket):
    here, other_device = socket_client(), socket_of(logged_in)
    assert here.is_connected(NAMESPACE)
    assert auth.logout().status_code == 302
    assert not here.is_connected(NAMESPACE) and not other_device.is_connected(NAMESPACE)
    assert bystander_socket.is_connected(NAMESPACE)


def test_a_new_password_closes_the_members_sockets(auth, logged_in, socket_of,
                                                   bystander_socket):
    other_device = socket_of(logged_in)
    response = auth.post("/account/password", {"current_password": factories.PASSWORD,
                                               "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert not other_device.is_connected(NAMESPACE)
    assert bystander_socket.is_connected(NAMESPACE)


def test_a_refused_password_change_closes_nothing(auth, logged_in, socket_of):
    other_device = socket_of(logged_in)
    response = auth.post("/account/password", {"current_password": "wrong-wrong-wrong",
                                               "new_password": NEW_PASSWORD})
    assert response.status_code == 422
    assert other_device.is_connected(NAMESPACE)


def test_a_password_reset_closes_the_members_sockets(client, auth, user, socket_of, outbox):
    device = socket_of(user)
    auth.post("/password/forgot", {"email": user.email})
    link = re.search(r"http://localhost(/password/reset/\S+)", outbox[-1].body).group(1)
    assert auth.post(link, {"password": NEW_PASSWORD}).status_code == 302
    assert not device.is_connected(NAMESPACE)


def test_deleting_the_account_closes_its_sockets(auth, logged_in, socket_of, bystander_socket):
    other_device = socket_of(logged_in)
    response = auth.post("/account/delete", {"password": factories.PASSWORD,
                                             "confirm": "DELETE"})
    assert response.status_code == 302
    assert not other_device.is_connected(NAMESPACE)
    assert bystander_socket.is_connected(NAMESPACE)


def test_a_disconnect_waits_for_the_commit_and_a_rollback_drops_it(app, user, socket_of):
    device = socket_of(user)
    disconnect_after_commit(user.id)
    assert device.is_connected(NAMESPACE)  # not before the commit
    db.session.rollback()
    db.session.commit()
    assert device.is_connected(NAMESPACE)
    accounts.log_out(user)
    assert not device.is_connected(NAMESPACE)


def test_the_closing_sockets_hear_of_the_new_password_first(auth, logged_in, socket_of):
    other_device = socket_of(logged_in)
    auth.post("/account/password", {"current_password": factories.PASSWORD,
                                    "new_password": NEW_PASSWORD})
    assert not other_device.is_connected(NAMESPACE)
    # get_received() wants a connected client; what arrived before the close is in its queue
    assert [packet["args"][0]["message"].startswith("Your password was changed")
            for packet in other_device.queue if packet["name"] == "notification"] == [True]
