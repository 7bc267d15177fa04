"""Notifications by e-mail, read from the files the FILE mail backend writes: at once after
the commit, in an idempotent daily digest, each with a signed one-click unsubscribe link
(RFC 8058) that works without logging in; security e-mails cannot be switched off."""

import re

import pytest
from flask_mailman import EmailMessage
from sqlalchemy import select, update

from peerlink.connections import services as connections
from peerlink.connections.models import Connection
from peerlink.extensions import db
from peerlink.notifications import preferences
from peerlink.notifications.kinds import IMMEDIATE, KINDS, Kind
from peerlink.notifications.models import Notification
from peerlink.notifications.preferences import unsubscribe_token
from peerlink.notifications.services import mark_read, notify
from tests.conftest import AuthActions, csrf_token
from tests.factories import PASSWORD, clinician, make_user
from tests.notifications.conftest import body

SITE = "http://127.0.0.1:5000"  # links built without a request, outside production
UNSUBSCRIBE = re.compile(r"(https?://[^/\s]+)(/notifications/unsubscribe/[\w.-]+)")


@pytest.fixture
def ana(mail_app):
    return clinician("Ana Alvarez", discipline="lpc")


@pytest.fixture
def ben(mail_app):
    return clinician("Ben Brooks", discipline="lcsw")


def unsubscribe_path(message) -> str:
    """The link in the text, checked against the List-Unsubscribe header."""
    site, path = UNSUBSCRIBE.search(body(message)).groups()
    assert message["List-Unsubscribe"].strip() == f"<{site}{path}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    return path


def delivery(user, kind: str) -> str:
    db.session.expire_all()
    return next(p.delivery for p in preferences.preferences_of(user.id) if p.kind == kind)


def send_digests(app) -> str:
    result = app.test_cli_runner().invoke(args=["notifications", "send-digests"])
    assert result.exit_code == 0, result.output
    return result.output


# --- at once ----------------------------------------------------------------------------------


def test_a_connection_request_is_emailed_at_once_with_a_one_click_unsubscribe(
        mail_client, mailbox, ana, ben):
    AuthActions(mail_client).login(ana.email)
    response = mail_client.post("/api/v1/connections", json={"user_id": ben.id},
                                headers={"X-CSRFToken": csrf_token(mail_client, "/home")})
    assert response.status_code == 201, response.get_json()

    [message] = mailbox.messages(to=ben.email)
    assert message["Subject"] == "PeerLink: Ana Alvarez asked to connect with you"
    text = body(message)
    assert "Hello Ben Brooks," in text and "Ana Alvarez asked to connect with you." in text
    assert "http://localhost/connections" in text  # absolute, from the request's host
    assert "Stop e-mails about connection requests" in text
    path = unsubscribe_path(message)
    assert message["List-Unsubscribe"].strip().startswith("<http://localhost/notifications/")
    assert mailbox.messages(to=ana.email) == []  # the one who asked is not e-mailed
    # The link is for this member and this kind only.
    token = path.rsplit("/", 1)[1]
    assert preferences.read_unsubscribe_token(token).user_id == ben.id
    assert [k.name for k in preferences.read_unsubscribe_token(token).kinds] == [
        "connection_request"]


def test_nothing_is_emailed_before_the_commit_or_for_a_rolled_back_change(mailbox, ana, ben):
    notify(ben.id, "connection_request", "Ana Alvarez asked to connect with you.")
    assert mailbox.messages() == []  # queued, not sent
    db.session.rollback()
    db.session.commit()
    assert mailbox.messages() == []  # the rollback dropped it

    notify(ben.id, "connection_request", "Ana Alvarez asked to connect with you.")
    db.session.commit()
    db.session.commit()  # a second commit has nothing left to send
    assert len(mailbox.messages(to=ben.email)) == 1


def test_a_mail_failure_does_not_undo_the_change(mail_app, mailbox, ana, ben, monkeypatch,
                                                  caplog):
    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(EmailMessage, "send", broken)
    connection = connections.request_connection(ana, ben.id, "Met at the summit")
    db.session.expire_all()
    assert connection.status == "pending"
    assert db.session.scalar(select(Notification.kind).where(
        Notification.user_id == ben.id)) == "connection_request"
    assert "After the commit, could not send the 'notification' mail" in caplog.text


def test_only_what_the_member_chose_is_emailed_at_once(mailbox, ana, ben):
    preferences.set_preferences(ben.id, {"connection_request": "in_app"})
    connections.request_connection(ana, ben.id)
    assert mailbox.messages() == []
    connections.accept_request(ben, connections_id(ana, ben))
    # Ana's "accepted" waits for her digest by default: nothing at once.
    assert mailbox.messages() == []
    assert db.session.scalar(select(Notification.digest_pending).where(
        Notification.user_id == ana.id)) is True


def connections_id(asker, asked) -> int:
    return db.session.scalar(select(Connection.id).where(Connection.requester_id == asker.id,
                                                         Connection.addressee_id == asked.id))


def test_an_unconfirmed_address_gets_no_notification_mail_but_security_mail(mailbox, ana):
    newcomer = make_user(name="Nia Newcomer", confirmed=False)
    mailbox.clear()
    connections.request_connection(ana, newcomer.id)
    assert mailbox.messages(to=newcomer.email) == []
    notify(newcomer.id, "security", "Your password was changed.")
    db.session.commit()
    [message] = mailbox.messages(to=newcomer.email)
    assert "Your password was changed." in body(message)


def test_a_kind_that_keeps_its_text_out_of_emails_is_announced_without_it(
        mail_app, mailbox, ben, monkeypatch):
    monkeypatch.setitem(KINDS, "consultation_message", Kind(
        "consultation_message", "Consultation messages", "A colleague writes in a case.",
        default=IMMEDIATE, text_in_email=False))
    notify(ben.id, "consultation_message", "Client J. (age 34) disclosed a plan tonight.",
           link="/consultations/7")
    db.session.commit()
    [message] = mailbox.messages(to=ben.email)
    assert "disclosed" not in message.as_string() and "Client J." not in message.as_string()
    assert "Something new in PeerLink: consultation messages. Read it there." in body(message)
    assert f"{SITE}/consultations/7" in body(message)
    assert message["Subject"] == "PeerLink: something new: consultation messages"

    preferences.set_preferences(ben.id, {"consultation_message": "digest"})
    notify(ben.id, "consultation_message", "Client J. called again.", link="/consultations/7")
    db.session.commit()
    mailbox.clear()
    assert "Sent 1 digest." in send_digests(mail_app)
    [digest] = mailbox.messages(to=ben.email)
    assert "Client J." not in digest.as_string()
    assert "Something new in PeerLink: consultation messages." in body(digest)


def test_notify_refuses_a_kind_the_registry_does_not_list(app, user):
    with pytest.raises(LookupError, match="add it there"):
        notify(user.id, "event_reminder", "Your event starts soon.")


# --- the daily digest -------------------------------------------------------------------------


def test_the_digest_sends_once_what_is_due_and_running_it_again_sends_nothing(
        mail_app, mailbox, ana, ben):
    cy = clinician("Cy Carter", discipline="psychologist")
    for asked in (ben, cy):
        connections.request_connection(ana, asked.id)
        connections.accept_request(asked, connections_id(ana, asked))
    mailbox.clear()

    assert send_digests(mail_app).strip() == "Sent 1 digest."
    [digest] = mailbox.messages()
    assert digest["To"] == ana.email
    assert digest["Subject"] == "PeerLink: your daily digest (2 new)"
    text = body(digest)
    assert "Hello Ana Alvarez," in text
    assert "Ben Brooks accepted your connection request." in text
    assert "Cy Carter accepted your connection request." in text
    assert f"{SITE}/connections" in text and f"{SITE}/notifications/" in text
    assert "Stop e-mails about accepted requests" in text
    path = unsubscribe_path(digest)
    assert path.startswith("/notifications/unsubscribe/")

    assert send_digests(mail_app).strip() == "No digests were due."
    assert len(mailbox.messages()) == 1
    assert db.session.scalar(select(Notification.id).where(
        Notification.digest_pending.is_(True))) is None

    # Something new afterwards goes in the next digest, alone.
    dee = clinician("Dee Diaz", discipline="lmft")
    connections.request_connection(ana, dee.id)
    connections.accept_request(dee, connections_id(ana, dee))
    assert send_digests(mail_app).strip() == "Sent 1 digest."
    latest = [m for m in mailbox.messages() if m["Subject"].endswith("(1 new)")]
    assert len(latest) == 1 and "Dee Diaz accepted" in body(latest[0])
    assert "Ben Brooks" not in body(latest[0])


def test_the_digest_leaves_out_what_was_read_and_what_left_the_digest(
        mail_app, mailbox, ana, ben):
    read = notify(ana.id, "connection_accepted", "Ben Brooks accepted your connection request.")
    notify(ben.id, "connection_accepted", "Ana Alvarez accepted your connection request.")
    db.session.commit()
    mark_read(ana.id, read.id)  # seen in PeerLink: no need to e-mail it
    preferences.set_preferences(ben.id, {"connection_accepted": "in_app"})
    assert send_digests(mail_app).strip() == "No digests were due."
    assert mailbox.messages() == []


# --- unsubscribing ----------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_first_then_one_click_switches_the_kind_off(
        mail_app, mail_client, mailbox, ana, ben):
    connections.request_connection(ana, ben.id)
    path = unsubscribe_path(mailbox.messages(to=ben.email)[0])

    # GET (a person, or a link scanner) changes nothing: it asks.
    page = mail_client.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Stop these e-mails?" in html and "Connection requests" in html
    assert f'<form method="post" action="{path}">' in html
    assert ben.email not in html  # the link may have been forwarded
    assert delivery(ben, "connection_request") == "immediate"

    # POST as a mail client sends it: no session, no CSRF token, no login.
    done = mail_client.post(path, data="List-Unsubscribe=One-Click",
                            content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200
    assert "You will no longer get e-mails about" in done.get_data(as_text=True)
    assert delivery(ben, "connection_request") == "in_app"
    assert delivery(ben, "license") == "immediate"  # only the link's kind

    cy = clinician("Cy Carter", discipline="psychologist")
    mailbox.clear()
    connections.request_connection(cy, ben.id)
    assert mailbox.messages(to=ben.email) == []
    assert mail_client.post(path).status_code == 200  # twice is harmless


def test_a_tampered_or_stale_link_is_refused_and_changes_nothing(mail_client, ben):
    token = unsubscribe_token(ben.id, ["connection_request"])
    for bad in (token[:-2] + "xx", "not-a-token", unsubscribe_token(10**6, ["license"])):
        for method in ("get", "post"):
            response = getattr(mail_client, method)(f"/notifications/unsubscribe/{bad}")
            assert response.status_code == 422
            assert "This link is not valid" in response.get_data(as_text=True)
    assert delivery(ben, "connection_request") == "immediate"


def test_security_mail_cannot_be_switched_off(mail_client, mailbox, ben):
    auth = AuthActions(mail_client)
    auth.login(ben.email)
    auth.post("/account/password", {"current_password": PASSWORD,
                                    "new_password": "copper-kettle-morning-fog"})
    [message] = mailbox.messages(to=ben.email)
    text = body(message)
    assert "Your password was changed" in text
    assert "Account security e-mails always go out at once" in text
    assert message["List-Unsubscribe"] is None and "/unsubscribe/" not in text

    # Even a signed link naming security (none is ever sent) switches nothing off.
    path = f"/notifications/unsubscribe/{unsubscribe_token(ben.id, ['security'])}"
    for method in ("get", "post"):
        response = getattr(mail_client, method)(path)
        assert response.status_code == 422
        assert "cannot be switched off" in response.get_data(as_text=True)
    assert delivery(ben, "security") == "immediate"


def test_two_digest_runs_at_once_send_each_notification_once(mail_app, mailbox, ana,
                                                            monkeypatch):
    """The other run claims the notifications between this run's reading and its claim:
    this run sends nothing (the other one sends them)."""
    notify(ana.id, "connection_accepted", "Ben Brooks accepted your connection request.")
    db.session.commit()
    real_execute = db.session.execute

    def other_run_first(statement, *args, **kwargs):
        if getattr(statement, "is_update", False) and not other_run_first.done:
            other_run_first.done = True
            with db.engine.begin() as other:
                other.execute(update(Notification).values(digest_pending=False))
        return real_execute(statement, *args, **kwargs)

    other_run_first.done = False
    monkeypatch.setattr(db.session, "execute", other_run_first)
    assert send_digests(mail_app).strip() == "No digests were due."
    assert other_run_first.done and mailbox.messages() == []
