"""/api/v1/profiles: the same privacy as the pages, whitelisted fields, field errors."""

import pytest

from peerlink.extensions import db
from peerlink.profiles.signals import profile_changed
from peerlink.taxonomy.models import Specialty
from tests import factories
from tests.factories import bearer, block, connect, fill_profile, profile_of, seed_terms

SECRET_NUMBER = "LMFT-20931-SECRET"
LIMITED_KEYS = {"id", "display_name", "discipline", "credentials", "verified", "limited"}


@pytest.fixture
def owner(app):
    owner = factories.make_user(name="Kai Moana", email="kai@example.org")
    fill_profile(owner, discipline="lmft", credentials="LMFT", specialties=["couples"],
                 languages=["en"], country="NZ", timezone="Pacific/Auckland",
                 bio="Couples work, *mostly*.", license_jurisdiction="California",
                 license_number=SECRET_NUMBER, verification_status="verified")
    return owner


def get_profile(client, viewer, owner):
    return client.get(f"/api/v1/profiles/{owner.id}", headers=bearer(client, viewer))


def test_a_stranger_gets_the_full_profile_without_email_or_number(client, owner):
    response = get_profile(client, factories.make_user(), owner)
    assert response.status_code == 200
    body = response.get_json()
    assert body["limited"] is False and body["id"] == owner.id
    assert body["discipline"] == {"slug": "lmft", "label": "Marriage and family therapist (LMFT)"}
    assert body["specialties"] == [{"slug": "couples", "label": "Couples & relationships"}]
    assert body["bio_html"] == "<p>Couples work, <em>mostly</em>.</p>\n"
    assert body["verified"] is True and body["email"] is None
    assert "license_number" not in body and SECRET_NUMBER not in response.get_data(as_text=True)
    assert "visibility" not in body and "verification_status" not in body
    assert body["license_jurisdiction"] == "California"


def test_an_unverified_jurisdiction_is_not_claimed_to_others(client, owner):
    profile = profile_of(owner)
    profile.verification_status = "pending"
    db.session.commit()
    stranger_view = get_profile(client, factories.make_user(), owner).get_json()
    assert stranger_view["license_jurisdiction"] is None
    own = client.get("/api/v1/profiles/me", headers=bearer(client, owner)).get_json()
    assert own["license_jurisdiction"] == "California"


def test_a_private_profile_gives_strangers_the_limited_schema(client, owner):
    fill_profile(owner, visibility="connections")
    body = get_profile(client, factories.make_user(), owner).get_json()
    assert set(body) == LIMITED_KEYS
    assert body["limited"] is True and body["credentials"] == "LMFT"


def test_a_connection_gets_the_full_profile_and_the_email_when_allowed(client, owner):
    fill_profile(owner, visibility="connections", show_email_to_connections=True)
    friend = factories.make_user()
    connect(friend, owner)
    response = get_profile(client, friend, owner)
    body = response.get_json()
    assert body["limited"] is False and body["email"] == "kai@example.org"
    assert SECRET_NUMBER not in response.get_data(as_text=True)


@pytest.mark.parametrize("blocker", ["owner", "viewer"])
def test_blocked_either_way_is_404(client, owner, blocker):
    viewer = factories.make_user()
    block(owner, viewer) if blocker == "owner" else block(viewer, owner)
    response = get_profile(client, viewer, owner)
    assert response.status_code == 404
    assert "Kai" not in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["admin", "moderator"])
def test_staff_never_get_the_number_from_the_profile_endpoint(client, owner, role):
    fill_profile(owner, visibility="connections")
    response = get_profile(client, factories.make_user(role=role), owner)
    body = response.get_json()
    assert body["limited"] is (role == "moderator")
    assert SECRET_NUMBER not in response.get_data(as_text=True)


def test_anonymous_is_401(client, owner):
    assert client.get(f"/api/v1/profiles/{owner.id}").status_code == 401
    assert client.get("/api/v1/profiles/me").status_code == 401


def test_my_profile_includes_my_license_and_a_completeness_hint(client, owner):
    body = client.get("/api/v1/profiles/me", headers=bearer(client, owner)).get_json()
    assert body["license_number"] == SECRET_NUMBER
    assert body["verification_status"] == "verified" and body["visibility"] == "members"
    assert 0 < body["completeness"]["percent"] < 100
    assert "at least one modality" in body["completeness"]["missing"]
    assert "your discipline" not in body["completeness"]["missing"]


def test_patch_changes_only_what_is_sent_and_tells_the_index(client, owner):
    headers = bearer(client, owner)
    changed = []
    with profile_changed.connected_to(lambda profile, **_: changed.append(profile.user_id)):
        response = client.patch("/api/v1/profiles/me", headers=headers, json={
            "pronouns": "he/him", "specialties": ["trauma-ptsd", "grief-loss"],
            "practice_setting": "private-practice", "country": "us",
            "timezone": "America/Denver", "open_to_consultation": True,
            "consultation_topics": ["Couples after loss", "  ", "Couples after loss"],
            "visibility": "connections_and_attendees"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [s["slug"] for s in body["specialties"]] == ["trauma-ptsd", "grief-loss"]
    assert body["practice_setting"]["slug"] == "private-practice"
    assert body["country"] == "US" and body["consultation_topics"] == ["Couples after loss"]
    assert body["credentials"] == "LMFT" and body["languages"][0]["slug"] == "en"
    assert changed == [owner.id]
    profile = profile_of(owner)
    assert profile.pronouns == "he/him" and profile.visibility == "connections_and_attendees"


def test_patch_can_clear_single_terms(client, owner):
    response = client.patch("/api/v1/profiles/me", headers=bearer(client, owner),
                            json={"discipline": "", "country": "", "timezone": ""})
    assert response.status_code == 200
    assert response.get_json()["discipline"] is None and profile_of(owner).country == ""


def _retire(slug):
    term = db.session.query(Specialty).filter_by(slug=slug).one()
    term.active = False
    db.session.commit()


BAD_FIELDS = [
    ("specialties", ["trauma-ptsd", "not-a-specialty"], "not-a-specialty"),
    ("specialties", ["grief-loss"], "grief-loss"),  # retired below
    ("languages", ["klingon"], "klingon"),
    ("discipline", "wizard", "wizard"),
    ("practice_setting", "moon-base", "moon-base"),
    ("timezone", "Mars/Olympus_Mons", "time zone"),
    ("country", "USA", "country"),
    ("country", "XX", "country"),
    ("bio", "x" * 4001, "4000"),
    ("visibility", "everyone", "Choose who"),
    ("display_name", "", "name"),
]


@pytest.mark.parametrize(("field", "value", "says"), BAD_FIELDS)
def test_each_bad_field_is_422_naming_it_and_changes_nothing(client, owner, field, value, says):
    seed_terms()
    _retire("grief-loss")
    headers = bearer(client, owner)
    before = client.get("/api/v1/profiles/me", headers=headers).get_json()
    response = client.patch("/api/v1/profiles/me", headers=headers,
                            json={"display_name": "Changed Name", "city": "Wellington",
                                  field: value})
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert list(errors) == [field]
    assert says in " ".join(errors[field])
    assert client.get("/api/v1/profiles/me", headers=headers).get_json() == before


def test_open_to_consultation_needs_a_topic(client, owner):
    headers = bearer(client, owner)
    response = client.patch("/api/v1/profiles/me", headers=headers,
                            json={"open_to_consultation": True, "display_name": "Changed"})
    assert response.status_code == 422
    assert "consultation_topics" in response.get_json()["errors"]["json"]
    assert profile_of(owner).display_name == "Kai Moana"
    assert not profile_of(owner).open_to_consultation
    # Topics already on the profile count; clearing them while open is refused.
    ok = client.patch("/api/v1/profiles/me", headers=headers,
                      json={"open_to_consultation": True, "consultation_topics": ["Couples"]})
    assert ok.status_code == 200
    again = client.patch("/api/v1/profiles/me", headers=headers, json={"consultation_topics": []})
    assert again.status_code == 422 and profile_of(owner).consultation_topics == ["Couples"]


def test_a_retired_term_already_held_can_be_kept(client, owner):
    _retire("couples")
    response = client.patch("/api/v1/profiles/me", headers=bearer(client, owner),
                            json={"specialties": ["couples", "trauma-ptsd"]})
    assert response.status_code == 200
    assert {t.slug for t in profile_of(owner).specialties} == {"couples", "trauma-ptsd"}


def test_the_spec_documents_both_profile_schemas(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert {"Profile", "LimitedProfile", "OwnProfile", "LicenseReview"} <= set(schemas)
    assert "license_number" not in schemas["Profile"]["properties"]
    assert "license_number" in schemas["OwnProfile"]["properties"]
    one_of = spec["paths"]["/api/v1/profiles/{user_id}"]["get"]["responses"]["200"]
    refs = {item["$ref"] for item in one_of["content"]["application/json"]["schema"]["oneOf"]}
    assert refs == {"#/components/schemas/Profile", "#/components/schemas/LimitedProfile"}
