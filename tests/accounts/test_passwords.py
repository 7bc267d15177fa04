import re

import pytest

from peerlink.accounts import passwords
from peerlink.errors import ValidationFailed
from peerlink.notifications.models import Notification
from tests import factories
from tests.conftest import AuthActions

NEW_PASSWORD = "copper-kettle-morning-fog"


def test_change_password_needs_the_current_one(client, auth, logged_in, db):
    response = auth.post("/account/password", {"current_password": "wrong-wrong-wrong",
                                               "new_password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "Your current password is not correct." in response.get_data(as_text=True)
    db.session.refresh(logged_in)
    assert passwords.verify_password(logged_in.password_hash, factories.PASSWORD)


def test_change_password_logs_out_other_sessions_and_notifies(app, client, auth, logged_in, db,
                                                              outbox):
    other_device = app.test_client()
    AuthActions(other_device).login(logged_in.email)
    assert other_device.get("/account").status_code == 200

    response = auth.post("/account/password", {"current_password": factories.PASSWORD,
                                               "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this device stays logged in
    assert other_device.get("/account").status_code == 302  # the other one is logged out
    assert auth.logout() and auth.login(logged_in.email, NEW_PASSWORD).status_code == 302
    assert db.session.query(Notification).filter_by(user_id=logged_in.id,
                                                    kind="security").count() == 1
    # The security notification's e-mail, at once; it has nothing to unsubscribe from.
    [mail] = [message for message in outbox if "password was changed" in message.body]
    assert mail.to == [logged_in.email] and "reset your password now" in mail.body
    assert "List-Unsubscribe" not in mail.extra_headers


def test_weak_new_password_is_refused(client, auth, logged_in):
    response = auth.post("/account/password", {"current_password": factories.PASSWORD,
                                               "new_password": "password1234"})
    assert response.status_code == 422


def reset_link(outbox) -> str:
    return re.search(r"http://localhost(/password/reset/\S+)", outbox[-1].body).group(1)


def test_password_reset_by_email_link_works_once(client, auth, user, outbox):
    response = auth.post("/password/forgot", {"email": user.email})
    assert response.status_code == 302
    link = reset_link(outbox)

    assert client.get(link).status_code == 200
    response = auth.post(link, {"password": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    auth.logout()
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302
    auth.logout()

    reused = client.get(link, follow_redirects=True)
    assert "already been used" in reused.get_data(as_text=True)


def test_password_reset_link_expires(app, client, auth, user, outbox):
    auth.post("/password/forgot", {"email": user.email})
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    page = client.get(reset_link(outbox), follow_redirects=True).get_data(as_text=True)
    assert "This link has expired" in page


def test_tampered_reset_link_is_refused(client, auth, user, outbox):
    auth.post("/password/forgot", {"email": user.email})
    page = client.get(reset_link(outbox) + "x", follow_redirects=True).get_data(as_text=True)
    assert "This link is not valid" in page


def test_reset_for_unknown_email_looks_the_same_and_sends_nothing(client, auth, outbox):
    response = auth.post("/password/forgot", {"email": "nobody@example.org"}, follow_redirects=True)
    assert "If nobody@example.org has an account" in response.get_data(as_text=True)
    assert outbox == []


def test_policy_rejects_short_and_common_and_accepts_passphrases(app):
    with pytest.raises(ValidationFailed) as short:
        passwords.check_new_password("abc")
    assert short.value.errors == {"password": ["Use at least 12 characters."]}
    with pytest.raises(ValidationFailed):
        passwords.check_new_password("qwertyuiop123")
    passwords.check_new_password("violet lantern over the harbor at dusk")
    passwords.check_new_password("x7#Lq9!vR2@mZ4$w" * 5)


def test_hashes_are_argon2id_and_verify(app):
    hashed = passwords.hash_password("violet lantern over the harbor")
    assert hashed.startswith("$argon2id$")
    assert passwords.verify_password(hashed, "violet lantern over the harbor")
    assert not passwords.verify_password(hashed, "violet lantern over the harbour")
    assert not passwords.verify_password("not a hash", "anything")
