"""Stored times (UTC) as a member reads them: in their own time zone.

Which zone is the member's is the profiles feature's business. It registers a lookup at
start-up, as events registers attendance, so the account and notification pages, which
sit below profiles, show local times without importing it. Until then, and for visitors
or an unusable zone, times read in UTC.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import g
from flask_login import current_user
from markupsafe import Markup

_time_zone_of: Callable[[int], str] = lambda user_id: ""  # noqa: E731


def register_time_zone_source(time_zone_of: Callable[[int], str]) -> None:
    """`time_zone_of(user_id)` gives the member's IANA zone name, or "" for none."""
    global _time_zone_of
    _time_zone_of = time_zone_of


def _zone_named(name: str) -> tzinfo:
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError, OSError):  # no such zone; a bad name
        return UTC


def _my_zone() -> tzinfo:
    if "time_zone" not in g:
        g.time_zone = _zone_named(_time_zone_of(current_user.id)
                                  if current_user.is_authenticated else "")
    return g.time_zone


def my_time_zone_name() -> str:
    """The IANA name of the zone `in_my_time_zone` writes in ("UTC" for none or an unusable
    one): for scripts that write times as the server does (static/js/chat.js)."""
    zone = _my_zone()
    return zone.key if isinstance(zone, ZoneInfo) else "UTC"


# One way to write a moment on every page and in every message: "30 Nov 2026" and
# "30 Nov 2026, 14:05 CET".
DATE_FORMAT = "%-d %b %Y"
DATE_TIME_FORMAT = "%-d %b %Y, %H:%M %Z"


def _aware(moment: datetime) -> datetime:
    """A naive time is taken to be UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def format_date(moment: datetime | date, zone: tzinfo = UTC) -> str:
    """The date as every page writes it, for messages built without a member's zone. A
    calendar day (a `date`: a renewal deadline) belongs to no zone and is written as it is."""
    if not isinstance(moment, datetime):
        return moment.strftime(DATE_FORMAT)
    return _aware(moment).astimezone(zone).strftime(DATE_FORMAT)


def in_my_time_zone(moment: datetime | None, with_time: bool = True) -> str:
    """The moment as text in the member's own zone: "30 Nov 2026, 14:05 CET"."""
    if moment is None:
        return ""
    return _aware(moment).astimezone(_my_zone()).strftime(
        DATE_TIME_FORMAT if with_time else DATE_FORMAT)


def in_time_zone_of(user_id: int, moment: datetime, with_time: bool = True) -> str:
    """The moment as text in a given member's zone: for e-mails, written without a request
    (a digest sent by a CLI job)."""
    return _aware(moment).astimezone(_zone_named(_time_zone_of(user_id))).strftime(
        DATE_TIME_FORMAT if with_time else DATE_FORMAT)


def local_time(moment: datetime | date | None, with_time: bool = True) -> Markup:
    """The Jinja filter `local_time`: a <time> element, machine-readable in UTC and written
    in the member's zone. `{{ sent_at | local_time }}`, `{{ joined | local_time(False) }}`.
    A calendar day (a `date`) is the same day everywhere: written as it is, without a time."""
    if moment is None:
        return Markup("")
    if not isinstance(moment, datetime):
        return Markup('<time datetime="{}">{}</time>').format(moment.isoformat(),
                                                              format_date(moment))
    return Markup('<time datetime="{}">{}</time>').format(
        _aware(moment).astimezone(UTC).isoformat(), in_my_time_zone(moment, with_time))
