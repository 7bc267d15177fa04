"""A profile's region and a license's jurisdiction are ISO 3166-2 codes from a list, chosen
in a select grouped by country (which works without JavaScript), stored as codes, shown as
names; a value kept from before the list stays as it was typed."""

import re

import pytest
from sqlalchemy import select

from peerlink.notifications.models import Notification
from peerlink.profiles import services as profiles
from tests import factories
from tests.factories import bearer, fill_profile, profile_of, seed_terms

PLACE = {"display_name": "Rae Region", "visibility": "members", "city": "Oakland"}


@pytest.fixture
def member(app, logged_in):
    seed_terms()
    return logged_in


def selected(page: str, name: str) -> list[str]:
    field = re.search(rf'<select id="field-{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"[^>]*selected>', field)


def test_the_editor_offers_every_countrys_subdivisions_grouped_by_country(client, member):
    page = client.get("/profile/edit").get_data(as_text=True)
    field = re.search(r'<select id="field-region".*?</select>', page, re.S).group(0)
    assert 'data-filter-by="field-country"' in field  # the script narrows it, if it runs
    assert '<optgroup label="United States" data-country="US">' in field
    assert '<option value="US-CA">California</option>' in field
    assert '<optgroup label="Canada" data-country="CA">' in field
    assert field.count("<optgroup") == 200 and field.count("<option") == 3591
    assert "js/region-select.js" in page


def test_a_region_is_saved_as_its_code_and_shown_by_name(client, auth, member):
    response = auth.post("/profile/edit", {**PLACE, "country": "US", "region": "US-CA"})
    assert response.status_code == 302
    assert (profile_of(member).region, profile_of(member).country) == ("US-CA", "US")
    page = client.get(f"/people/{member.id}").get_data(as_text=True)
    assert "<dd>Oakland, California, United States</dd>" in page
    assert selected(client.get("/profile/edit").get_data(as_text=True), "region") == ["US-CA"]


def test_a_region_alone_sets_its_country(client, auth, member):
    assert auth.post("/profile/edit", {**PLACE, "country": "", "region": "CA-ON"}
                     ).status_code == 302
    assert (profile_of(member).region, profile_of(member).country) == ("CA-ON", "CA")


@pytest.mark.parametrize(("country", "region", "says"), [
    ("US", "CA-ON", "Ontario is in Canada, not United States: choose a region of United "
                    "States, or change the country."),
    ("US", "Narnia", "Choose a state or region of United States from the list."),
    ("", "Narnia", "Choose a state or region from the list (or your country first)."),
    ("AQ", "Somewhere", "Antarctica has no states or regions in the list: leave this empty."),
])
def test_a_region_outside_the_list_or_the_country_is_a_field_error(client, auth, member,
                                                                   country, region, says):
    response = auth.post("/profile/edit", {**PLACE, "country": country, "region": region})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'<p class="field-error" id="error-region">{says}</p>' in page.replace("&#39;", "'")
    assert profile_of(member).region == "" and profile_of(member).city == ""


def test_a_region_from_before_the_list_is_kept_as_typed_until_changed(client, auth, member):
    fill_profile(member, region="Bay Area-ish", country="US")  # as stored before the list
    page = client.get("/profile/edit").get_data(as_text=True)
    assert '<option value="Bay Area-ish" selected>Bay Area-ish (as you typed it)</option>' in page
    assert auth.post("/profile/edit", {**PLACE, "country": "US", "region": "Bay Area-ish"}
                     ).status_code == 302
    assert profile_of(member).region == "Bay Area-ish"
    assert "Oakland, Bay Area-ish, United States" in \
        client.get(f"/people/{member.id}").get_data(as_text=True)
    # Another value outside the list is refused; one from the list replaces it.
    assert auth.post("/profile/edit", {**PLACE, "country": "US", "region": "East Bay"}
                     ).status_code == 422
    auth.post("/profile/edit", {**PLACE, "country": "US", "region": "US-CA"})
    assert profile_of(member).region == "US-CA"
    assert "as you typed it" not in client.get("/profile/edit").get_data(as_text=True)


def test_the_api_takes_the_code_and_tolerates_the_name(client, member):
    headers = bearer(client, member)

    def patch(**body):
        return client.patch("/api/v1/profiles/me", json=body, headers=headers)

    body = patch(region="California", country="US").get_json()
    assert (body["region"], body["region_name"], body["country"]) == ("US-CA", "California", "US")
    assert patch(region="ON", country="CA").get_json()["region"] == "CA-ON"
    assert patch(region="qc").get_json()["region"] == "CA-QC"  # within the profile's country
    body = patch(region="Ohio", country="").get_json()  # a name only one region has
    assert (body["region"], body["country"]) == ("US-OH", "US")
    response = patch(country="CA")  # Ohio is not in Canada
    assert response.status_code == 422
    assert "Ohio is in United States, not Canada" in response.get_json()["errors"]["json"][
        "region"][0]
    assert patch(region="", country="CA").get_json()["region"] == ""


# --- license jurisdictions ------------------------------------------------------------------


def test_the_license_form_lists_jurisdictions_with_the_members_country_first(client, auth,
                                                                             member):
    fill_profile(member, country="CA")
    page = client.get("/profile/license").get_data(as_text=True)
    field = re.search(r'<select id="field-jurisdiction".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)"', field)
    assert groups[0] == "Canada" and len(groups) == 249
    assert '<option value="CA">Canada (national license)</option>' in field
    assert '<option value="CA-ON">Ontario</option>' in field
    assert "required" in field


def test_a_license_is_stored_by_code_and_named_in_full(client, auth, member, db):
    fill_profile(member, country="US")
    assert auth.post("/profile/license", {"jurisdiction": "US-CA", "number": "PSY-1"}
                     ).status_code == 302
    assert profile_of(member).license_jurisdiction == "US-CA"
    page = client.get("/profile/license").get_data(as_text=True)
    assert "<dt>Jurisdiction</dt><dd>California, United States</dd>" in page
    moderator = factories.make_user(role="moderator")
    review = profiles.latest_license_review(profile_of(member))
    profiles.decide_license(moderator, review.id, decision="verified")
    assert db.session.scalar(select(Notification.message).where(
        Notification.user_id == member.id)).startswith(
        "Your California, United States license is verified")
    assert "<dt>Licensed in</dt><dd>California, United States</dd>" in \
        client.get(f"/people/{member.id}").get_data(as_text=True)
    # A national license.
    assert auth.post("/profile/license", {"jurisdiction": "GB", "number": "HCPC-1"}
                     ).status_code == 302
    assert profile_of(member).license_jurisdiction == "GB"


def test_a_jurisdiction_outside_the_list_is_a_field_error(client, auth, member):
    response = auth.post("/profile/license", {"jurisdiction": "Narnia", "number": "PSY-1"})
    assert response.status_code == 422
    assert "Choose the state, province or country that issued your license from the list." \
        in response.get_data(as_text=True)
    assert profile_of(member).license_number == ""
