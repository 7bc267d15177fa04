"""ISO 3166-1 alpha-2 country codes and names, for the profile's country field.

From `pycountry` (the Debian iso-codes data), like the subdivisions in regions.py, so a
region's country and the country list always agree. Names are the common ones ("Bolivia",
"Iran"), and the few ISO writes inverted ("Virgin Islands, British") are turned round.
"""

import unicodedata

import pycountry

# ISO's inverted or bracketed names, as people say them.
_SPOKEN = {
    "CD": "Congo (Democratic Republic)",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "PS": "Palestine",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "U.S. Virgin Islands",
}


def sort_key(name: str) -> str:
    """Names in alphabetical order whatever their accents: "Åland Islands" among the A's."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _name(country) -> str:
    return _SPOKEN.get(country.alpha_2) or getattr(country, "common_name", None) or country.name


COUNTRIES: tuple[tuple[str, str], ...] = tuple(sorted(
    ((country.alpha_2, _name(country)) for country in pycountry.countries),
    key=lambda pair: sort_key(pair[1])))

COUNTRY_NAMES: dict[str, str] = dict(COUNTRIES)
