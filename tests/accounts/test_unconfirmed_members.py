"""Until a member confirms their e-mail address they may edit their profile and browse, but
nobody finds them (directory, people to meet) and they ask nobody to connect: one rule,
through the page and the API alike."""

import re

import pytest
from sqlalchemy import func, select

from peerlink.accounts import services as accounts
from peerlink.accounts import tokens
from peerlink.connections.models import Connection
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from tests import factories
from tests.factories import bearer, clinician, fill_profile, make_user


@pytest.fixture
def ana(app):
    return clinician("Ana Alvarez", discipline="psychiatric-np", specialties=["trauma-ptsd"])


@pytest.fixture
def uma(app):
    """A new member who has filled in a profile Ana would match, but not confirmed yet."""
    user = make_user(name="Uma Newcomer", confirmed=False)
    fill_profile(user, display_name="Uma Newcomer", discipline="lpc",
                 specialties=["trauma-ptsd"], bio="Trauma-focused therapy.")
    return user


def confirm(user) -> None:
    token = tokens.sign(tokens.CONFIRM_EMAIL, {"uid": user.id, "email": user.email})
    accounts.confirm_email(token)


def found(client) -> dict[str, bool]:
    """Where Ana finds Uma: the directory page (browsing, words, a filter), its API, and
    people to meet (page and API)."""
    def page(path):
        return "Uma Newcomer" in client.get(path).get_data(as_text=True)

    def api(path):
        body = client.get(path).get_json()
        items = body["items"] if isinstance(body, dict) else body
        return any("Uma Newcomer" in str(item) for item in items)

    return {"browse": page("/directory"), "words": page("/directory?q=Newcomer"),
            "filter": page("/directory?specialty=trauma-ptsd&discipline=lpc"),
            "api": api("/api/v1/directory?q=trauma"),
            "people to meet": page("/people-to-meet"),
            "people to meet api": api("/api/v1/people-to-meet")}


def test_an_unconfirmed_member_is_listed_nowhere_until_confirmed(client, auth, ana, uma):
    auth.login(ana.email)
    assert found(client) == dict.fromkeys(found(client), False)
    confirm(uma)
    assert found(client) == dict.fromkeys(found(client), True)


def test_an_unconfirmed_member_is_told_to_confirm_before_asking_to_connect(client, auth, ana,
                                                                          uma, outbox):
    auth.login(uma.email)
    profile_page = client.get(f"/people/{ana.id}").get_data(as_text=True)
    assert "Confirm your email address to connect with Ana Alvarez." in profile_page
    assert "Connect<span" not in profile_page

    response = auth.post("/connections/request", {"user_id": str(ana.id), "note": "Hello"})
    assert response.status_code == 403
    assert "Please confirm your email address first" in response.get_data(as_text=True)
    assert client.get(f"/connections/request/{ana.id}").status_code == 403

    headers = bearer(client, uma)
    response = client.post("/api/v1/connections", json={"user_id": ana.id}, headers=headers)
    assert response.status_code == 403
    assert response.get_json()["message"] == accounts.CONFIRM_FIRST
    # Refused before the body is read: a malformed one is still a 403, not a field error.
    response = client.post("/api/v1/connections", json={"user_id": "x"}, headers=headers)
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Connection)) == 0
    assert db.session.scalar(select(func.count()).select_from(Notification)) == 0

    confirm(uma)
    response = client.post("/api/v1/connections", json={"user_id": ana.id}, headers=headers)
    assert response.status_code == 201 and response.get_json()["status"] == "pending"


def test_an_unconfirmed_member_edits_their_profile_browses_and_can_resend_the_link(
        client, auth, ana, uma, outbox):
    auth.login(uma.email)
    response = auth.post("/profile/edit", {"display_name": "Uma N. Newcomer",
                                           "credentials": "LPC", "visibility": "members"})
    assert response.status_code == 302
    assert factories.profile_of(uma).credentials == "LPC"
    directory = client.get("/directory?q=Alvarez").get_data(as_text=True)
    assert "Ana Alvarez" in directory
    assert "data-confirm-banner" in directory
    assert "Until then other members do not find you" in directory

    outbox.clear()
    response = auth.post("/confirm/resend", {"next": "/directory?q=Alvarez"})
    assert response.status_code == 302 and response.headers["Location"] == "/directory?q=Alvarez"
    assert len(outbox) == 1 and outbox[0].to == [uma.email]
    link = re.search(r"http://localhost(/confirm/\S+)", outbox[0].body).group(1)
    client.get(link)
    assert "data-confirm-banner" not in client.get("/directory").get_data(as_text=True)
