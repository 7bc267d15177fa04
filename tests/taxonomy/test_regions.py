"""The ISO 3166-2 list behind regions and license jurisdictions, and how typed text is
matched to it."""

import pytest

from peerlink.taxonomy.countries import COUNTRIES, COUNTRY_NAMES
from peerlink.taxonomy.regions import (
    find_jurisdiction,
    find_region,
    jurisdiction_groups,
    jurisdiction_name,
    region_groups,
    region_name,
    search_spellings,
    subdivisions,
)


@pytest.mark.parametrize(("typed", "country", "code"), [
    ("US-CA", "", "US-CA"), ("us-ca", "", "US-CA"), ("US CA", "", "US-CA"),
    ("CA", "US", "US-CA"), ("ca", "US", "US-CA"), ("California", "US", "US-CA"),
    ("  california ", "US", "US-CA"), ("Calif.", "US", "US-CA"), ("N.Y.", "US", "US-NY"),
    ("Washington", "US", "US-WA"), ("Washington, D.C.", "US", "US-DC"),
    ("ON", "CA", "CA-ON"), ("Ont.", "CA", "CA-ON"), ("Québec", "CA", "CA-QC"),
    ("Quebec", "CA", "CA-QC"), ("England", "GB", "GB-ENG"), ("Cymru", "GB", "GB-WLS"),
    ("Leinster", "IE", "IE-L"), ("VIC", "AU", "AU-VIC"), ("Auckland", "NZ", "NZ-AUK"),
    # Not enough to go on: no country for a short code or a name, or nothing like it.
    ("CA", "", None), ("California", "", None), ("Narnia", "US", None), ("", "US", None),
    # A name two regions of one country share matches neither.
    ("Chiayi", "TW", None),
])
def test_typed_text_is_matched_within_its_country(typed, country, code):
    assert find_region(typed, country) == code


def test_anywhere_matches_a_name_only_one_region_has():
    assert find_region("Ohio", anywhere=True) == "US-OH"
    assert find_region("Punjab", anywhere=True) is None  # India and Pakistan both have one
    assert find_region("CA", anywhere=True) is None


def test_a_jurisdiction_may_be_a_whole_country():
    assert find_jurisdiction("GB") == "GB" and find_jurisdiction("Ohio", anywhere=True) == "US-OH"
    assert jurisdiction_name("GB") == "United Kingdom"
    assert jurisdiction_name("US-OH") == "Ohio, United States"
    assert jurisdiction_name("State board, somewhere") == "State board, somewhere"


def test_codes_are_shown_by_name_and_anything_else_as_typed():
    assert region_name("US-CA") == "California"
    assert region_name("GB-WLS") == "Wales"  # not "Wales [Cymru GB-CYM]"
    assert region_name("Calif.") == "Calif." and region_name("") == ""
    assert [r.name for r in subdivisions("TW") if r.name.startswith("Chiayi")] == [
        "Chiayi (City)", "Chiayi (County)"]


def test_every_spelling_of_a_region_is_searchable():
    assert search_spellings("US-CA") == ("California CA", ("US-CA", "CA", "California"))
    assert search_spellings("Calif.") == ("Calif.", ("Calif.",))


def test_the_select_lists_every_country_with_its_subdivisions_by_name():
    groups = {group.country: group for group in region_groups()}
    us = groups["US"]
    assert us.label == "United States" and ("US-CA", "California") in us.options
    assert [name for _, name in us.options] == sorted(name for _, name in us.options)
    assert len(us.options) == 57 and len(groups["CA"].options) == 13
    assert "AQ" not in groups  # Antarctica has none
    national = {group.country: group.options[0] for group in jurisdiction_groups()}
    assert national["GB"] == ("GB", "United Kingdom (national license)")
    assert national["AQ"][0] == "AQ"


def test_countries_come_from_the_same_list_by_their_common_names():
    assert COUNTRY_NAMES["US"] == "United States" and COUNTRY_NAMES["BO"] == "Bolivia"
    assert COUNTRY_NAMES["VG"] == "British Virgin Islands"
    assert all("," not in name for name in COUNTRY_NAMES.values()
               if not name.startswith(("Bonaire", "Saint Helena")))
    names = [name for _, name in COUNTRIES]
    assert names.index("Åland Islands") < names.index("Albania")
