"""Suspension: an admin suspends a member, who is signed out everywhere, cannot sign in,
whose tokens stop working and whom other members no longer find; restoring undoes it."""

import contextvars
import re

import pytest
from sqlalchemy import select

from peerlink.accounts import services as accounts
from peerlink.audit.models import AuditEvent
from peerlink.extensions import db, socketio
from tests import factories
from tests.conftest import AuthActions

REASON = "Sent the same connection request to every member"


@pytest.fixture
def sam(app):
    """The member who gets suspended: a trauma specialist everyone would otherwise find."""
    return factories.clinician("Sam Quillfeather", discipline="lcsw",
                               specialties=["trauma-ptsd"], city="Tulsa", country="US")


@pytest.fixture
def peer(app, sam):
    """Another member, connected with Sam, who shares his specialty."""
    peer = factories.clinician("Pia Peer", discipline="psychiatrist",
                               specialties=["trauma-ptsd"])
    factories.connect(peer, sam)
    return peer


@pytest.fixture
def admin(app):
    return factories.clinician("Ada Admin", role="admin", discipline="psychologist")


def device_of(app, user):
    device = app.test_client()
    assert AuthActions(device).login(user.email).status_code == 302
    return device


def suspend_on_the_page(app, admin, user, reason=REASON):
    return AuthActions(device_of(app, admin)).post(
        f"/admin/members/{user.id}/suspension", {"reason": reason})


def test_the_admin_suspends_from_the_members_page(app, admin, sam):
    browser = device_of(app, admin)
    listing = browser.get("/admin/members?q=quillfeather").get_data(as_text=True)
    assert f'href="/admin/members/{sam.id}"' in listing and sam.email in listing
    page = browser.get(f"/admin/members/{sam.id}").get_data(as_text=True)
    assert "Suspend Sam Quillfeather" in page
    response = AuthActions(browser).post(f"/admin/members/{sam.id}/suspension",
                                         {"reason": REASON})
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sam Quillfeather is suspended and signed out everywhere." in page
    assert "Suspended since" in page and "Restore Sam Quillfeather" in page
    assert "data-suspended" in browser.get("/admin/members").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.suspended"))
    assert (event.actor_id, event.subject_id, event.details) == (
        admin.id, sam.id, {"reason": REASON})


def test_a_suspension_needs_a_reason_and_never_targets_yourself(app, client, admin, sam):
    response = suspend_on_the_page(app, admin, sam, reason="   ")
    assert response.status_code == 422
    assert 'href="#field-reason"' in response.get_data(as_text=True)
    headers = factories.bearer(client, admin)
    response = client.post(f"/api/v1/admin/members/{admin.id}/suspension",
                           json={"reason": REASON}, headers=headers)
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"] == {"user_id": ["You cannot suspend yourself."]}
    db.session.expire_all()
    assert sam.suspended_at is None and admin.suspended_at is None


def test_the_suspended_member_is_signed_out_everywhere_and_cannot_come_back(app, client, admin,
                                                                           sam):
    browser = device_of(app, sam)
    token = factories.bearer(client, sam)
    sc = contextvars.Context().run(socketio.test_client, app, namespace="/notifications",
                                   flask_test_client=browser)
    assert sc.is_connected("/notifications")
    assert suspend_on_the_page(app, admin, sam).status_code == 302

    assert not sc.is_connected("/notifications")
    assert browser.get("/account").status_code == 302  # to the login page
    response = client.get("/api/v1/me", headers=token)
    assert response.status_code == 401
    assert response.get_json()["message"] == "That access token is not valid, or it was revoked."
    response = AuthActions(app.test_client()).login(sam.email)
    assert response.status_code == 422 and accounts.SUSPENDED in response.get_data(as_text=True)
    response = client.post("/api/v1/auth/tokens", json={"email": sam.email,
                                                         "password": factories.PASSWORD})
    assert response.status_code == 422 and response.get_json()["message"] == accounts.SUSPENDED
    failures = db.session.scalars(select(AuditEvent.details).where(
        AuditEvent.action == "auth.login_failed", AuditEvent.subject_id == sam.id)).all()
    assert failures == [{"failure": "suspended"}] * 2
    assert accounts.load_session_user(sam.get_id()) is None  # even with a current nonce


def test_wrong_password_of_a_suspended_member_says_nothing_of_the_suspension(app, admin, sam):
    accounts.suspend(admin, sam.id, REASON)
    response = AuthActions(app.test_client()).login(sam.email, "not-the-password-at-all")
    assert response.status_code == 422
    assert accounts.BAD_CREDENTIALS in response.get_data(as_text=True)
    assert "suspended" not in response.get_data(as_text=True)


PAGES = ("/directory?q=Quillfeather", "/directory?q=trauma", "/people-to-meet", "/home",
         "/connections", "/api/v1/directory?q=Quillfeather", "/api/v1/directory?q=trauma",
         "/api/v1/people-to-meet", "/api/v1/connections")


def where_shown(app, viewer) -> set[str]:
    """The lists (pages and API) that show Sam to this viewer."""
    browser, headers = device_of(app, viewer), factories.bearer(app.test_client(), viewer)
    shown = set()
    for path in PAGES:
        response = browser.get(path, headers=headers if path.startswith("/api/") else {})
        assert response.status_code == 200, path
        if "Sam Quillfeather" in response.get_data(as_text=True):
            shown.add(path)
    return shown


def test_other_members_find_a_suspended_member_nowhere(app, client, admin, sam, peer):
    stranger = factories.clinician("Stu Stranger", discipline="psychiatrist",
                                   specialties=["trauma-ptsd"])
    before = where_shown(app, peer) | where_shown(app, stranger)
    assert before == set(PAGES)  # each list would show Sam, to one of them at least

    accounts.suspend(admin, sam.id, REASON)
    assert where_shown(app, peer) == where_shown(app, stranger) == set()
    browser, headers = device_of(app, peer), factories.bearer(client, peer)
    assert browser.get(f"/people/{sam.id}").status_code == 404
    assert client.get(f"/api/v1/profiles/{sam.id}", headers=headers).status_code == 404
    assert browser.get(f"/connections/request/{sam.id}").status_code == 404
    assert client.post("/api/v1/connections", json={"user_id": sam.id},
                       headers=headers).status_code == 404
    # An admin still sees them, to review the case.
    admin_browser = device_of(app, admin)
    assert "Sam Quillfeather" in admin_browser.get(f"/people/{sam.id}").get_data(as_text=True)
    assert "Sam Quillfeather" in admin_browser.get("/directory?q=Quillfeather").get_data(
        as_text=True)


def test_restoring_through_the_api_brings_everything_back(app, client, admin, sam, peer):
    headers = factories.bearer(client, admin)
    token = factories.bearer(client, sam)
    response = client.post(f"/api/v1/admin/members/{sam.id}/suspension",
                           json={"reason": REASON}, headers=headers)
    assert response.status_code == 201
    assert response.get_json()["id"] == sam.id and response.get_json()["suspended_at"]
    again = client.post(f"/api/v1/admin/members/{sam.id}/suspension",
                        json={"reason": REASON}, headers=headers)
    assert again.status_code == 409

    response = client.delete(f"/api/v1/admin/members/{sam.id}/suspension", headers=headers)
    assert response.status_code == 200 and response.get_json()["suspended_at"] is None
    assert client.delete(f"/api/v1/admin/members/{sam.id}/suspension",
                         headers=headers).status_code == 409
    assert client.get("/api/v1/me", headers=token).get_json()["id"] == sam.id
    assert AuthActions(app.test_client()).login(sam.email).status_code == 302
    browser = device_of(app, peer)
    assert browser.get(f"/people/{sam.id}").status_code == 200
    assert "Quillfeather" in browser.get("/directory?q=Quillfeather").get_data(as_text=True)
    assert [e.action for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_id == sam.id, AuditEvent.action.like("account.%")))] == [
        "account.suspended", "account.restored"]


def test_the_members_list_searches_and_puts_the_suspended_first(app, admin, sam):
    others = [factories.make_user(name=f"Quill Person {n}") for n in range(52)]
    accounts.suspend(admin, sam.id, REASON)
    browser = device_of(app, admin)
    page = browser.get("/admin/members?q=QUILL").get_data(as_text=True)
    listed = [int(i) for i in re.findall(r'data-member="(\d+)"', page)]
    assert listed[0] == sam.id and len(listed) == 50  # Quillfeather, then the newest
    assert "53 members." in page and 'href="/admin/members?q=QUILL&amp;page=2"' in page
    second = browser.get("/admin/members?q=QUILL&page=2").get_data(as_text=True)
    assert second.count("data-member=") == 3 and others[0].email in second
    assert "No members match." in browser.get("/admin/members?q=%25").get_data(as_text=True)
