"""The audit trail: what is recorded, that secrets never are, and the admin's page and API."""

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from peerlink.accounts import services as accounts
from peerlink.audit import services as audit
from peerlink.audit.models import AuditEvent
from peerlink.profiles import services as profiles
from tests import factories
from tests.factories import bearer

WRONG = "not-the-password-at-all-x"
LICENSE_NUMBER = "LPC-55120-PRIVATE"


def events(db, action=None):
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def stored(db) -> str:
    """Every event's contents as text, to look for what must never be there."""
    return repr([(e.action, e.subject_type, e.subject_id, e.ip, e.details) for e in events(db)])


def lines(caplog) -> list[dict]:
    return [json.loads(record.getMessage()) for record in caplog.records
            if record.name == "peerlink.audit"]


@pytest.fixture
def audit_log(caplog):
    caplog.set_level(logging.INFO, logger="peerlink.audit")
    return caplog


# --- what is recorded ---------------------------------------------------------------------------


def test_failed_sign_ins_are_saved_and_logged_without_the_password(client, auth, db, user,
                                                                   audit_log):
    assert auth.login(user.email, WRONG).status_code == 422
    assert auth.login("nobody@example.org", WRONG).status_code == 422
    wrong, unknown = events(db, "auth.login_failed")
    assert (wrong.actor_id, wrong.subject_type, wrong.subject_id, wrong.ip, wrong.details) == (
        None, "user", user.id, "127.0.0.1", {"failure": "wrong_password"})
    assert (unknown.subject_type, unknown.subject_id, unknown.details) == (
        None, None, {"failure": "unknown_email"})
    logged = lines(audit_log)
    assert [(line["audit_id"], line["action"], line["subject_id"], line["details"])
            for line in logged] == [
        (wrong.id, "auth.login_failed", user.id, {"failure": "wrong_password"}),
        (unknown.id, "auth.login_failed", None, {"failure": "unknown_email"})]
    everything = json.dumps(logged) + stored(db)
    assert WRONG not in everything and "nobody@example.org" not in everything


def test_a_sign_in_is_recorded_with_who_and_from_where(client, auth, db, user, audit_log):
    assert auth.login(user.email).status_code == 302
    [event] = events(db, "auth.login_succeeded")
    assert (event.actor_id, event.subject_id, event.ip, event.details) == (
        user.id, user.id, "127.0.0.1", {})
    assert [line["action"] for line in lines(audit_log)] == ["auth.login_succeeded"]
    assert factories.PASSWORD not in json.dumps(lines(audit_log)) + stored(db)


def test_a_permission_denied_is_recorded_on_the_page_and_the_api(client, db, logged_in):
    assert client.get("/admin/audit").status_code == 403
    headers = bearer(client, logged_in)
    assert client.get("/api/v1/admin/audit-events", headers=headers).status_code == 403
    assert [(e.actor_id, e.details) for e in events(db, "access.denied")] == [
        (logged_in.id, {"endpoint": "audit.index", "method": "GET"}),
        (logged_in.id, {"endpoint": "audit_api.AuditEvents", "method": "GET"})]


def test_a_change_without_signing_in_is_recorded_and_a_read_is_not(client, auth, db):
    assert client.post("/api/v1/connections", json={"user_id": 1}).status_code == 401
    assert client.get("/api/v1/me").status_code == 401
    response = auth.post("/notifications/read")  # a page: sent to log in
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert [(e.action, e.actor_id, e.details) for e in events(db)] == [
        ("access.unauthenticated", None, {"endpoint": "connections_api.Connections",
                                          "method": "POST"}),
        ("access.unauthenticated", None, {"endpoint": "notifications.mark_all_read",
                                          "method": "POST"})]


def test_a_role_change_is_recorded_once(db, app):
    admin, member = factories.make_user(role="admin"), factories.make_user()
    accounts.set_role(admin, member, "moderator")
    accounts.set_role(admin, member, "moderator")  # no change, nothing to record
    [event] = events(db, "account.role_changed")
    assert (event.actor_id, event.subject_id, event.details, event.ip) == (
        admin.id, member.id, {"role_from": "member", "role_to": "moderator"}, None)


def test_license_decisions_are_recorded_without_the_reason_or_the_number(db, app):
    moderator, member = factories.make_user(role="moderator"), factories.make_user()
    first = profiles.submit_license(member, jurisdiction="Ohio", number=LICENSE_NUMBER)
    profiles.decide_license(moderator, first.id, decision="rejected",
                            reason="The board lists this license as lapsed")
    second = profiles.submit_license(member, jurisdiction="Ohio", number=LICENSE_NUMBER)
    profiles.decide_license(moderator, second.id, decision="verified")
    assert [(e.action, e.actor_id, e.subject_id, e.details)
            for e in events(db) if e.action.startswith("license.")] == [
        ("license.rejected", moderator.id, member.id, {"review_id": first.id}),
        ("license.verified", moderator.id, member.id, {"review_id": second.id})]
    assert "lapsed" not in stored(db) and LICENSE_NUMBER not in stored(db)


def test_api_tokens_created_and_revoked_are_recorded_but_never_the_token(client, db, user,
                                                                         audit_log):
    created = client.post("/api/v1/auth/tokens", json={
        "email": user.email, "password": factories.PASSWORD, "name": "my script"}).get_json()
    headers = {"Authorization": f"Bearer {created['token']}"}
    assert client.delete(f"/api/v1/auth/tokens/{created['id']}",
                         headers=headers).status_code == 204
    assert [(e.action, e.actor_id, e.subject_id, e.details) for e in events(db)
            if e.action.startswith("token.")] == [
        ("token.created", user.id, user.id, {"token_id": created["id"]}),
        ("token.revoked", user.id, user.id, {"token_id": created["id"]})]
    everything = json.dumps(lines(audit_log)) + stored(db)
    assert created["token"] not in everything and created["prefix"] not in everything


def test_an_event_of_a_rolled_back_change_is_neither_saved_nor_logged(db, app, audit_log):
    audit.record("auth.login_failed", details={"failure": "wrong_password"})
    db.session.rollback()
    db.session.commit()
    assert events(db) == [] and lines(audit_log) == []


def test_only_known_actions_and_whitelisted_details_are_accepted(db, app):
    with pytest.raises(ValueError, match="password"):
        audit.record("auth.login_failed", details={"password": WRONG})
    with pytest.raises(ValueError, match="auth.guessed"):
        audit.record("auth.guessed")
    assert events(db) == []


# --- the admin's page and API ---------------------------------------------------------------------


@pytest.fixture
def admin(client, auth, app):
    admin = factories.make_user(name="Ada Admin", role="admin")
    assert auth.login(admin.email).status_code == 302
    return admin


@pytest.fixture
def three(admin):
    """Three events, ten, five and one day old."""
    ana, ben = factories.make_user(), factories.make_user()
    now = datetime.now(UTC)
    return (
        factories.audit_event("auth.login_failed", about=ana, at=now - timedelta(days=10),
                              failure="wrong_password"),
        factories.audit_event("account.role_changed", actor=admin, about=ben,
                              at=now - timedelta(days=5), role_from="member",
                              role_to="moderator"),
        factories.audit_event("auth.login_failed", about=ben, at=now - timedelta(days=1),
                              failure="wrong_password"),
    )


def shown(client, query: str = "") -> list[int]:
    response = client.get("/admin/audit" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return [int(i) for i in re.findall(r'data-audit-event="(\d+)"',
                                       response.get_data(as_text=True))]


def test_the_admin_reads_the_trail_newest_first(client, db, admin, three):
    old, middle, new = three
    [own_sign_in] = events(db, "auth.login_succeeded")
    assert shown(client) == [own_sign_in.id, new.id, middle.id, old.id]
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "role_from: member; role_to: moderator" in page
    assert "failure: wrong_password" in page and "4 events" in page


def test_the_admin_filters_by_action_actor_and_days(client, admin, three):
    old, middle, new = three
    today = datetime.now(UTC).date()
    assert shown(client, "?action=auth.login_failed") == [new.id, old.id]
    assert shown(client, f"?actor={admin.id}&action=account.role_changed") == [middle.id]
    since, until = today - timedelta(days=6), today - timedelta(days=2)
    assert shown(client, f"?since={since}&until={until}") == [middle.id]
    assert shown(client, f"?since={today - timedelta(days=10)}&until={today - timedelta(days=10)}"
                 ) == [old.id]
    assert shown(client, "?action=&actor=&since=&until=") == shown(client)  # empty boxes


def test_bad_filters_are_named(client, admin):
    response = client.get("/admin/audit?action=auth.guessed&actor=ben&since=2026-12-01"
                          "&until=2026-11-01")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'href="#field-action"' in page and "Choose one of the listed actions." in page
    assert 'href="#field-actor"' in page
    response = client.get("/admin/audit?since=2026-12-01&until=2026-11-01")
    assert response.status_code == 422
    assert "Choose an end day on or after the start day." in response.get_data(as_text=True)


def test_the_trail_is_paginated_keeping_the_filters(client, admin):
    member = factories.make_user()
    made = [factories.audit_event("auth.login_failed", about=member, failure="wrong_password")
            for _ in range(55)]
    first = shown(client, "?action=auth.login_failed")
    assert first == [e.id for e in reversed(made)][:50]
    page = client.get("/admin/audit?action=auth.login_failed").get_data(as_text=True)
    assert "page 1 of 2" in page
    assert 'href="/admin/audit?action=auth.login_failed&amp;page=2" rel="next"' in page
    assert shown(client, "?action=auth.login_failed&page=2") == [e.id for e in reversed(made)][50:]
    past = client.get("/admin/audit?action=auth.login_failed&page=7").get_data(as_text=True)
    assert "There are only 2 pages." in past


def test_the_api_lists_filtered_events_for_admins(client, admin, three):
    old, middle, new = three
    response = client.get("/api/v1/admin/audit-events?action=auth.login_failed&page_size=1",
                          headers=bearer(client, admin))
    assert response.status_code == 200
    assert [e["id"] for e in response.get_json()] == [new.id]
    assert json.loads(response.headers["X-Pagination"])["total"] == 2
    assert response.get_json()[0]["details"] == {"failure": "wrong_password"}
