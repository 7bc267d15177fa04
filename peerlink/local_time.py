"""Stored times (UTC) as a member reads them: in their own time zone.

Which zone is the member's is the profiles feature's business. It registers a lookup at
start-up, as events registers attendance, so the account and notification pages, which
sit below profiles, show local times without importing it. Until then, and for visitors
or an unusable zone, times read in UTC.
"""

from collections.abc import Callable
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import g
from flask_login import current_user

_time_zone_of: Callable[[int], str] = lambda user_id: ""  # noqa: E731


def register_time_zone_source(time_zone_of: Callable[[int], str]) -> None:
    """`time_zone_of(user_id)` gives the member's IANA zone name, or "" for none."""
    global _time_zone_of
    _time_zone_of = time_zone_of


def _my_zone() -> tzinfo:
    if "time_zone" not in g:
        name = _time_zone_of(current_user.id) if current_user.is_authenticated else ""
        try:
            g.time_zone = ZoneInfo(name) if name else UTC
        except (ZoneInfoNotFoundError, ValueError, OSError):  # no such zone; a bad name
            g.time_zone = UTC
    return g.time_zone


def in_my_time_zone(moment: datetime | None, fmt: str = "%-d %b %Y, %H:%M %Z") -> str:
    """The Jinja filter `in_my_time_zone`; a naive time is taken to be UTC."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_my_zone()).strftime(fmt)
