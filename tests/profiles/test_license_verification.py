"""License verification: submit, review, decide, notify; the number stays with owner and admins."""

import pytest
from sqlalchemy import select

from peerlink.notifications.models import Notification
from peerlink.profiles.models import LicenseReview
from tests import factories
from tests.factories import bearer, fill_profile, profile_of

NUMBER = "LPC-55120-PRIVATE"


@pytest.fixture
def member(app):
    member = factories.make_user(name="Noor Haddad")
    fill_profile(member, discipline="lpc", credentials="LPC")
    return member


@pytest.fixture
def moderator(app):
    return factories.make_user(name="Mo Derator", role="moderator")


@pytest.fixture
def admin(app):
    return factories.make_user(name="Ad Min", role="admin")


def as_user(client, auth, user):
    auth.logout()
    auth.login(user.email)


def submit(client, auth, member, number=NUMBER, jurisdiction="Ohio"):
    as_user(client, auth, member)
    return auth.post("/profile/license", {"jurisdiction": jurisdiction, "number": number})


def notifications_of(db, user):
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)))


def test_submitting_queues_a_review_and_shows_the_owner_their_number(client, auth, db, member):
    response = submit(client, auth, member)
    assert response.status_code == 302
    profile = profile_of(member)
    assert (profile.verification_status, profile.license_jurisdiction,
            profile.license_number) == ("pending", "US-OH", NUMBER)  # "Ohio", as its code
    review = db.session.scalar(select(LicenseReview))
    assert (review.status, review.jurisdiction, review.number) == ("pending", "US-OH", NUMBER)
    page = client.get("/profile/license").get_data(as_text=True)
    assert NUMBER in page and "Waiting for a moderator" in page
    assert "<dt>Jurisdiction</dt><dd>Ohio, United States</dd>" in page


def test_bad_license_input_names_the_field_and_saves_nothing(client, auth, db, member):
    response = submit(client, auth, member, number="<script>")
    assert response.status_code == 422
    assert 'href="#field-number"' in response.get_data(as_text=True)
    assert db.session.scalar(select(LicenseReview)) is None
    assert profile_of(member).verification_status == "unverified"
    page = submit(client, auth, member, number="").get_data(as_text=True)
    assert "Enter your license number" in page  # one message for an empty box, not two
    assert "Use letters, digits" not in page


def test_resubmitting_while_pending_replaces_the_waiting_review(client, auth, db, member):
    submit(client, auth, member)
    submit(client, auth, member, number="LPC-55121")
    reviews = list(db.session.scalars(select(LicenseReview)))
    assert [r.number for r in reviews] == ["LPC-55121"]


def test_the_queue_shows_moderators_the_jurisdiction_but_never_the_number(client, auth, member,
                                                                          moderator):
    submit(client, auth, member)
    as_user(client, auth, moderator)
    response = client.get("/moderation/licenses")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Noor Haddad" in page and "Ohio" in page and "LPC" in page
    assert NUMBER not in page
    assert NUMBER not in client.get(f"/people/{member.id}").get_data(as_text=True)


def test_admins_see_the_number_in_the_queue(client, auth, member, admin):
    submit(client, auth, member)
    as_user(client, auth, admin)
    assert NUMBER in client.get("/moderation/licenses").get_data(as_text=True)


def test_members_cannot_open_the_queue_or_decide(client, auth, db, member):
    submit(client, auth, member)
    other = factories.make_user()
    as_user(client, auth, other)
    assert client.get("/moderation/licenses").status_code == 403
    review = db.session.scalar(select(LicenseReview))
    response = auth.post(f"/moderation/licenses/{review.id}/decision", {"decision": "verified"})
    assert response.status_code == 403
    assert profile_of(member).verification_status == "pending"


def test_verifying_notifies_the_member_and_shows_the_badge(client, auth, db, member, moderator):
    submit(client, auth, member)
    review = db.session.scalar(select(LicenseReview))
    as_user(client, auth, moderator)
    response = auth.post(f"/moderation/licenses/{review.id}/decision", {"decision": "verified"})
    assert response.status_code == 302
    db.session.refresh(review)
    assert (review.status, review.reviewer_id) == ("verified", moderator.id)
    assert profile_of(member).verified
    [note] = notifications_of(db, member)
    assert note.kind == "license" and "verified" in note.message and note.link == "/profile/license"
    assert "License verified" in client.get(f"/people/{member.id}").get_data(as_text=True)
    assert "Nothing waiting" in client.get("/moderation/licenses").get_data(as_text=True)


def test_rejecting_needs_a_reason_then_the_member_can_resubmit(client, auth, db, member,
                                                               moderator):
    submit(client, auth, member)
    review = db.session.scalar(select(LicenseReview))
    as_user(client, auth, moderator)
    response = auth.post(f"/moderation/licenses/{review.id}/decision", {"decision": "rejected"})
    assert response.status_code == 422
    assert "Tell the member why" in response.get_data(as_text=True)
    assert profile_of(member).verification_status == "pending"
    assert notifications_of(db, member) == []

    response = auth.post(f"/moderation/licenses/{review.id}/decision",
                         {"decision": "rejected", "reason": "The Ohio board lists no such number."})
    assert response.status_code == 302
    assert profile_of(member).verification_status == "rejected"
    [note] = notifications_of(db, member)
    assert "The Ohio board lists no such number." in note.message

    assert submit(client, auth, member, number="LPC-99999").status_code == 302
    page = client.get("/profile/license").get_data(as_text=True)
    assert profile_of(member).verification_status == "pending"
    assert db.session.query(LicenseReview).filter_by(status="pending").count() == 1
    assert "LPC-99999" in page


def test_moderators_cannot_verify_their_own_license(client, auth, db, moderator):
    submit(client, auth, moderator)
    review = db.session.scalar(select(LicenseReview))
    queue = client.get("/moderation/licenses").get_data(as_text=True)
    assert "This is your own license" in queue  # no form that could only end in a refusal
    assert f"/moderation/licenses/{review.id}/decision" not in queue
    response = auth.post(f"/moderation/licenses/{review.id}/decision", {"decision": "verified"})
    assert response.status_code == 403
    assert profile_of(moderator).verification_status == "pending"


# --- the same through the API ---------------------------------------------------------------


def test_api_submit_and_review_flow(client, db, member, moderator, admin):
    mine = bearer(client, member)
    response = client.post("/api/v1/profiles/me/license", headers=mine,
                           json={"jurisdiction": "Ohio", "number": NUMBER})
    assert response.status_code == 201
    body = response.get_json()
    assert body["license_number"] == NUMBER and body["verification_status"] == "pending"
    assert body["latest_license_review"]["status"] == "pending"

    as_moderator = client.get("/api/v1/license-reviews?status=pending",
                              headers=bearer(client, moderator))
    assert as_moderator.status_code == 200
    [item] = as_moderator.get_json()
    assert item["display_name"] == "Noor Haddad" and item["jurisdiction"] == "US-OH"
    assert item["jurisdiction_name"] == "Ohio, United States"
    assert "number" not in item and NUMBER not in as_moderator.get_data(as_text=True)
    assert item["discipline"]["slug"] == "lpc"

    as_admin = client.get("/api/v1/license-reviews", headers=bearer(client, admin)).get_json()
    assert as_admin[0]["number"] == NUMBER

    assert client.get("/api/v1/license-reviews", headers=mine).status_code == 403

    decide = f"/api/v1/license-reviews/{item['id']}/decision"
    refused = client.post(decide, headers=bearer(client, moderator), json={"decision": "rejected"})
    assert refused.status_code == 422 and "reason" in refused.get_json()["errors"]["json"]
    done = client.post(decide, headers=bearer(client, moderator),
                       json={"decision": "verified"})
    assert done.status_code == 200 and done.get_json()["status"] == "verified"
    assert "number" not in done.get_json()
    again = client.post(decide, headers=bearer(client, admin), json={"decision": "rejected",
                                                                     "reason": "Changed mind"})
    assert again.status_code == 409
    assert len(notifications_of(db, member)) == 1
    assert client.get("/api/v1/license-reviews?status=pending",
                      headers=bearer(client, moderator)).get_json() == []
    decided = client.get("/api/v1/license-reviews?status=verified",
                         headers=bearer(client, moderator))
    assert [r["id"] for r in decided.get_json()] == [item["id"]]
    assert "X-Pagination" in decided.headers


def test_api_unknown_review_is_404_and_bad_decision_422(client, moderator):
    headers = bearer(client, moderator)
    assert client.post("/api/v1/license-reviews/999/decision", headers=headers,
                       json={"decision": "verified"}).status_code == 404
    response = client.post("/api/v1/license-reviews/999/decision", headers=headers,
                           json={"decision": "maybe"})
    assert response.status_code == 422 and "decision" in response.get_json()["errors"]["json"]


def test_the_number_is_in_no_other_members_api_response(client, member, moderator):
    client.post("/api/v1/profiles/me/license", headers=bearer(client, member),
                json={"jurisdiction": "Ohio", "number": NUMBER})
    for viewer in (factories.make_user(), moderator):
        response = client.get(f"/api/v1/profiles/{member.id}", headers=bearer(client, viewer))
        assert response.status_code == 200 and NUMBER not in response.get_data(as_text=True)
