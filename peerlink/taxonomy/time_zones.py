"""The time zones members choose from, named the way people say them.

The list is the IANA database's zone.tab (from the `tzdata` package): one zone per place
still in use, each tied to a country, e.g. "United States — Los Angeles, Pacific". It leaves
out the legacy aliases and technical names `zoneinfo.available_timezones()` also holds
("US/Pacific", "EST5EDT", "Etc/GMT+5", "Factory"), which the API still accepts.
"""

from functools import cache
from importlib import resources

from peerlink.taxonomy.countries import COUNTRY_NAMES

UTC_LABEL = "Coordinated Universal Time (UTC)"


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@cache
def time_zone_choices() -> tuple[tuple[str, str], ...]:
    """(zone, label) pairs sorted by label, then UTC."""
    table = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    choices = []
    for line in table.splitlines():
        if not line or line.startswith("#"):
            continue
        country, _coordinates, zone, *comment = line.split("\t")
        label = f"{COUNTRY_NAMES.get(country, country)} — {_city(zone)}"
        choices.append((zone, f"{label}, {comment[0]}" if comment else label))
    return (*sorted(choices, key=lambda choice: choice[1]), ("UTC", UTC_LABEL))


@cache
def _labels() -> dict[str, str]:
    return dict(time_zone_choices())


def time_zone_label(zone: str) -> str:
    """How a zone reads on a page; a zone outside the list (an alias) reads as its name."""
    return _labels().get(zone) or zone.replace("_", " ")


def choices_keeping(current: str | None) -> tuple[tuple[str, str], ...]:
    """The list, plus the member's current zone if it is an alias the list leaves out, so
    saving the form never changes it unasked."""
    if current and current not in _labels():
        return ((current, time_zone_label(current)), *time_zone_choices())
    return time_zone_choices()


@cache
def current_names() -> dict[str, str]:
    """Old zone name -> the listed zone it now is ("Asia/Calcutta" -> "Asia/Kolkata"), from
    the link lines of tzdata.zi: browsers may still report the old names."""
    table = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text("utf-8")
    links = {}
    for line in table.splitlines():
        if line.startswith("L "):  # "L <current name> <old name>"
            _, target, old = line.split()
            links[old] = target
    names = {}
    for old, target in links.items():
        for _ in range(len(links)):  # a link may point at another link
            if target in _labels() or target not in links:
                break
            target = links[target]
        if target in _labels():
            names[old] = target
    return names
