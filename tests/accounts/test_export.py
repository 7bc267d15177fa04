"""A member downloads everything PeerLink holds about them, as one JSON file; other members
appear in it only as their public card."""

import json

import pytest
from sqlalchemy import select

from peerlink.accounts import services as accounts
from peerlink.accounts.models import ApiToken
from peerlink.connections import services as connections
from peerlink.profiles import services as profiles
from tests import factories
from tests.conftest import AuthActions

BIO = "Planted bio: EMDR with first responders in the Ozarks."
OWN_LICENSE = "LIC-EXPORT-4242"
CAL_LICENSE = "LIC-CAL-PRIVATE-0001"
CAL_EMAIL = "cal.private.address@example.org"
MO_EMAIL = "mo.private.address@example.org"


@pytest.fixture
def owner(app):
    """A member with something in every part of the export."""
    owner = factories.clinician("Olivia Exporter", discipline="psychologist", bio=BIO,
                                specialties=["trauma-ptsd"])
    cal = factories.make_user(name="Cal Connection", email=CAL_EMAIL)
    factories.fill_profile(cal, display_name="Cal Connection", discipline="psychiatrist")
    profiles.submit_license(cal, jurisdiction="Ohio", number=CAL_LICENSE)
    factories.connect(owner, cal)
    mo = factories.make_user(name="Mo Member", email=MO_EMAIL)
    factories.fill_profile(mo, display_name="Mo Member")
    connections.request_connection(mo, owner.id, "Met at the summit")
    factories.block(owner, factories.clinician("Bo Blocked"))
    moderator = factories.make_user(role="moderator")
    review = profiles.submit_license(owner, jurisdiction="Oregon", number=OWN_LICENSE)
    profiles.decide_license(moderator, review.id, decision="rejected",
                            reason="The board has no such number")
    profiles.submit_license(owner, jurisdiction="Oregon", number=OWN_LICENSE)
    return owner


def download(client, path="/account/export", headers=None):
    response = client.get(path, headers=headers or {})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="peerlink-export-')
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def test_the_owner_downloads_everything_held_about_them(client, auth, db, owner):
    auth.login(owner.email, "not-the-password-at-all")  # a failed attempt on their account
    auth.login(owner.email)
    assert 'href="/account/export"' in client.get("/account").get_data(as_text=True)
    token, plaintext = accounts.create_api_token(email=owner.email,
                                                 password=factories.PASSWORD, name="Script")
    text = download(client)
    data = json.loads(text)

    assert data["account"]["email"] == owner.email
    assert data["account"]["name"] == "Olivia Exporter"
    assert data["profile"]["bio"] == BIO and data["profile"]["license_number"] == OWN_LICENSE
    assert [(r["status"], r["number"], r["reason"]) for r in data["license_reviews"]] == [
        ("rejected", OWN_LICENSE, "The board has no such number"), ("pending", OWN_LICENSE, "")]
    assert [c["member"]["display_name"] for c in data["connections"]] == ["Cal Connection"]
    [incoming] = data["connection_requests"]["incoming"]
    assert (incoming["note"], incoming["member"]["display_name"]) == (
        "Met at the summit", "Mo Member")
    assert data["connection_requests"]["outgoing"] == []
    assert [b["member"]["display_name"] for b in data["blocks"]] == ["Bo Blocked"]
    assert any("Mo Member asked to connect" in n["message"] for n in data["notifications"])
    assert [t["name"] for t in data["api_tokens"]] == ["Script"]
    events = {(e["action"], e["by_you"], e["ip"]) for e in data["audit_events"]}
    assert {("auth.login_failed", False, None), ("auth.login_succeeded", True, "127.0.0.1"),
            ("token.created", True, None)} <= events

    # Never a secret of the account itself ...
    stored = db.session.scalar(select(ApiToken).where(ApiToken.id == token.id))
    for secret in (owner.password_hash, owner.session_nonce, stored.token_hash, plaintext,
                   factories.PASSWORD):
        assert secret not in text
    assert "password_hash" not in text and "token_hash" not in text
    # ... nor another member's private details.
    for private in (CAL_EMAIL, CAL_LICENSE, MO_EMAIL):
        assert private not in text


def test_the_api_gives_the_same_file(client, owner):
    headers = factories.bearer(client, owner)
    data = json.loads(download(client, "/api/v1/me/export", headers))
    assert data["account"]["email"] == owner.email
    assert data["profile"]["license_number"] == OWN_LICENSE
    assert set(data) == {"exported_at", "account", "api_tokens", "notifications",
                         "audit_events", "profile", "license_reviews", "connections",
                         "connection_requests", "blocks", "ce_log", "groups", "consultations",
                         "event_attendance"}


def test_a_connections_file_holds_nothing_private_of_the_owner(app, owner):
    cal = accounts.find_user_by_email(CAL_EMAIL)
    browser = app.test_client()
    AuthActions(browser).login(cal.email)
    text = download(browser)
    assert "Olivia Exporter" in text  # the connection, as her public card
    for private in (owner.email, OWN_LICENSE, BIO, MO_EMAIL):
        assert private not in text
    assert CAL_LICENSE in text  # their own


def test_visitors_get_no_file(client):
    assert client.get("/api/v1/me/export").status_code == 401
    assert client.get("/account/export").status_code == 302
