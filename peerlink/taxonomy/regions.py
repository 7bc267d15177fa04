"""States, provinces and the other first-level subdivisions of each country (ISO 3166-2, from
`pycountry`), for a profile's region and a license's jurisdiction.

Stored as the ISO code ("US-CA"), shown as the name ("California"). What members type is
matched here, once: a code ("US-CA", "us-ca"), or, where the country is known, the code's
own part ("CA"), the name ("California", accents and punctuation aside) or a customary
abbreviation ("Calif."). A value stored before the list existed that nothing matches (see
migration 0008) is kept and shown as it was typed.

A license may also be national (the United Kingdom, New Zealand ...): a jurisdiction is a
subdivision code or a country code.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

from peerlink.taxonomy.countries import COUNTRY_NAMES, sort_key


@dataclass(frozen=True)
class Region:
    code: str  # "US-CA"
    country: str  # "US"
    name: str  # "California", as the select and every page show it
    aliases: tuple[str, ...] = ()  # other names it goes by ("Cymru" for Wales)

    @property
    def short(self) -> str:
        """The code's own part: "CA" for US-CA."""
        return self.code.split("-", 1)[1]


# Customary abbreviations the ISO codes do not cover, by country: "Calif." and "Ont." were
# typed into the free-text field this list replaced.
ABBREVIATIONS = {
    "US": {"ala": "AL", "ariz": "AZ", "ark": "AR", "cal": "CA", "calif": "CA", "colo": "CO",
           "conn": "CT", "del": "DE", "fla": "FL", "ill": "IL", "ind": "IN", "kan": "KS",
           "kans": "KS", "mass": "MA", "mich": "MI", "minn": "MN", "miss": "MS", "mont": "MT",
           "neb": "NE", "nebr": "NE", "nev": "NV", "okla": "OK", "ore": "OR", "oreg": "OR",
           "penn": "PA", "penna": "PA", "tenn": "TN", "tex": "TX", "wash": "WA", "wva": "WV",
           "wis": "WI", "wisc": "WI", "wyo": "WY", "washingtondc": "DC"},
    "CA": {"alta": "AB", "man": "MB", "nfld": "NL", "ont": "ON", "pei": "PE", "pq": "QC",
           "que": "QC", "sask": "SK", "nwt": "NT", "yuk": "YT"},
}
# "[Cataluña]", "[Cymru GB-CYM]", "[SE-01]": another name (and an old code) in brackets.
_BRACKETS = re.compile(r"\s*\[([^\]]*)\]")
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
_CODE = re.compile(r"\b[A-Z]{2}-[A-Z0-9]{1,3}\b")


def key(value: str) -> str:
    """How typed text is compared: no accents, no case, letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)
                   and ch.isalnum()).casefold()


def _region(subdivision) -> Region:
    aliases = [alias.strip() for found in _BRACKETS.findall(subdivision.name)
               for alias in _CODE.sub("", found).split(",") if alias.strip()]
    name = _BRACKETS.sub("", subdivision.name).strip()
    plain = _PARENTHESES.sub("", name).strip()  # "Sofia (stolitsa)" is also "Sofia"
    if plain != name:
        aliases.append(plain)
    return Region(code=subdivision.code, country=subdivision.country_code, name=name,
                  aliases=tuple(aliases))


@cache
def _regions() -> dict[str, Region]:
    """Every first-level subdivision by code; a name that two of a country's share (a city
    and the county around it) carries its kind: "Chiayi (City)", "Chiayi (County)"."""
    top = [s for s in pycountry.subdivisions if s.parent_code is None]
    regions = {s.code: _region(s) for s in top}
    counts: dict[tuple[str, str], int] = {}
    for region in regions.values():
        counts[region.country, region.name] = counts.get((region.country, region.name), 0) + 1
    for s in top:
        region = regions[s.code]
        if counts[region.country, region.name] > 1:
            regions[s.code] = Region(region.code, region.country, f"{region.name} ({s.type})",
                                     (*region.aliases, region.name))
    return regions


@cache
def subdivisions(country: str) -> tuple[Region, ...]:
    """The country's first-level subdivisions by name; none for a country without any."""
    return tuple(sorted((region for region in _regions().values() if region.country == country),
                        key=lambda region: sort_key(region.name)))


@cache
def _lookup(country: str) -> dict[str, str | None]:
    """key(what may be typed) -> code within one country; None where two regions share it."""
    found: dict[str, str | None] = {}

    def add(typed: str, code: str, strong: bool = False) -> None:
        k = key(typed)
        if not k:
            return
        if strong or k not in found:
            found[k] = code
        elif found[k] != code:
            found[k] = None  # ambiguous: match neither

    regions = subdivisions(country)
    for region in regions:
        for name in (region.name, *region.aliases):
            add(name, region.code)
    for typed, short in ABBREVIATIONS.get(country, {}).items():
        add(typed, f"{country}-{short}", strong=True)
    for region in regions:  # the code's own part is the surest
        add(region.short, region.code, strong=True)
    return found


@cache
def _names_anywhere() -> dict[str, str | None]:
    """key(name) -> code over every country; None for a name two regions share."""
    found: dict[str, str | None] = {}
    for region in _regions().values():
        for name in (region.name, *region.aliases):
            k = key(name)
            found[k] = region.code if found.get(k, region.code) == region.code else None
    return found


def find_region(value: str, country: str = "", *, anywhere: bool = False) -> str | None:
    """The subdivision code `value` stands for, or None.

    Within a country: its code, short code, name or abbreviation. Without one, only a full
    code ("US-CA") says which region is meant; `anywhere` also accepts a name that no other
    country's region shares ("Ohio"), for input its sender sees the result of."""
    typed = (value or "").strip()
    code = re.sub(r"[\s_]+", "-", typed).upper()
    if code in _regions():
        return code
    if country:
        return _lookup(country.upper()).get(key(typed))
    if anywhere:
        return _names_anywhere().get(key(typed))
    return None


def region_country(code: str) -> str | None:
    region = _regions().get(code)
    return region.country if region else None


def find_jurisdiction(value: str, country: str = "", *, anywhere: bool = False) -> str | None:
    """A license's jurisdiction: a subdivision code, or a country code for a national one."""
    found = find_region(value, country, anywhere=anywhere)
    if found:
        return found
    typed = (value or "").strip()
    if typed.upper() in COUNTRY_NAMES:
        return typed.upper()
    return None


def region_name(value: str) -> str:
    """"California" for US-CA; a value the list does not know, as it was typed."""
    region = _regions().get(value or "")
    return region.name if region else (value or "")


def jurisdiction_name(value: str) -> str:
    """"California, United States" for US-CA, "United Kingdom" for GB; else as typed."""
    region = _regions().get(value or "")
    if region:
        return f"{region.name}, {COUNTRY_NAMES.get(region.country, region.country)}"
    return COUNTRY_NAMES.get(value or "", value or "")


def search_spellings(value: str) -> tuple[str, tuple[str, ...]]:
    """For the directory's index: the words a location search finds the region by, and every
    spelling a region filter may be given in ("US-CA", "CA", "California", aliases). A value
    the list does not know is its own only spelling."""
    region = _regions().get(value or "")
    if region is None:
        return value or "", (value,) if value else ()
    names = (region.name, *region.aliases)
    return " ".join((*names, region.short)), (region.code, region.short, *names)


# --- for the editor's selects ----------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    country: str
    label: str
    options: tuple[tuple[str, str], ...]


@cache
def region_groups() -> tuple[Group, ...]:
    """Every country that has subdivisions, by name, each with its subdivisions by name."""
    return tuple(Group(code, name, tuple((r.code, r.name) for r in subdivisions(code)))
                 for code, name in COUNTRY_NAMES.items() if subdivisions(code))


@cache
def jurisdiction_groups() -> tuple[Group, ...]:
    """Every country, by name: first the whole country (a national license), then its
    subdivisions."""
    return tuple(Group(code, name, ((code, f"{name} (national license)"),
                                    *((r.code, r.name) for r in subdivisions(code))))
                 for code, name in COUNTRY_NAMES.items())
