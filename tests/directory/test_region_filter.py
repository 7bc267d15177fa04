"""The directory's region filter takes a region's code and tolerates its name or short code;
the index holds every spelling, so "CA", "US-CA" and "California" find the same people."""

import pytest

from peerlink.directory.search import Filters, search_directory
from tests.factories import clinician, fill_profile, make_user


@pytest.fixture
def people(app):
    return {
        "cal": clinician("Cal Coastal", discipline="lcsw", region="US-CA", country="US"),
        "cora": clinician("Cora Coastal", discipline="lpc", region="US-CA", country="US"),
        "otto": clinician("Otto Ontario", discipline="lpc", region="CA-ON", country="CA"),
        # Kept from before the list: no country, so "CA" could not be matched.
        "lee": clinician("Lee Legacy", discipline="lpc", region="CA", country=""),
        "gia": clinician("Gia Georgia", discipline="lpc", region="US-GA", country="US"),
    }


@pytest.fixture
def viewer(app):
    return make_user(name="Vi Viewer")


def names(viewer, **filters) -> set[str]:
    return {entry.display_name for entry in search_directory(viewer, Filters(**filters)).items}


CALIFORNIANS = {"Cal Coastal", "Cora Coastal"}


@pytest.mark.parametrize("filters", [
    {"region": "US-CA"}, {"region": "us-ca"}, {"region": "California"}, {"region": "california"},
    {"region": "CA", "country": "US"}, {"region": "Calif.", "country": "US"},
    {"region": "California", "country": "US"},
])
def test_every_spelling_of_a_region_finds_the_same_people(viewer, people, filters):
    assert names(viewer, **filters) == CALIFORNIANS


def test_a_short_code_alone_also_finds_what_was_typed_before_the_list(viewer, people):
    assert names(viewer, region="CA") == CALIFORNIANS | {"Lee Legacy"}
    assert names(viewer, region="Ontario") == names(viewer, region="ON") == {"Otto Ontario"}
    assert names(viewer, region="GA") == names(viewer, region="Georgia") == {"Gia Georgia"}


def test_words_find_a_region_by_name(viewer, people):
    assert names(viewer, q="California") == CALIFORNIANS
    assert names(viewer, q="Coastal", region="US-CA") == CALIFORNIANS


def test_a_member_who_changes_region_moves_in_the_index(viewer, people):
    fill_profile(people["cora"], region="CA-ON", country="CA")
    assert names(viewer, region="California") == {"Cal Coastal"}
    assert names(viewer, region="Ontario") == {"Otto Ontario", "Cora Coastal"}


def test_the_page_and_the_api_agree_and_the_chip_names_the_region(client, auth, viewer, people):
    auth.login(viewer.email)
    page = client.get("/directory?region=US-CA").get_data(as_text=True)
    assert "State or region: California" in page
    assert "Cal Coastal" in page and "Otto Ontario" not in page
    assert "California, United States</p>" in page  # the card names it too
    body = client.get("/api/v1/directory?region=California").get_json()
    assert {item["display_name"] for item in body["items"]} == CALIFORNIANS
    assert {(item["region"], item["region_name"]) for item in body["items"]} == {
        ("US-CA", "California")}
