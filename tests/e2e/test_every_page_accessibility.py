"""Every page the app serves, found from the declared routes (which the security harness
checks against the URL map), scanned with axe-core logged out and in, at desktop and phone
widths: no serious or critical violation. Once, on SQLite: what a page looks like does not
depend on the database holding its rows (the other browser tests run on both)."""

import pytest

from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in_as_someone_else
from tests.security.cast import ANONYMOUS, GROUP_OWNER, make_cast
from tests.security.rules import declared_rules

pytestmark = [pytest.mark.e2e, pytest.mark.sqlite_only]

# Not pages: JSON, files, health answers.
NOT_PAGES = ("/api/v1/openapi.json", "/healthz", "/readyz", "/static/<path:filename>",
             "/favicon.ico", "/account/export", "/photos/<name>-<int:size>.webp",
             "/ce-log/export.csv", "/ce-log/lines/<key>/certificate/file",
             "/events/<int:event_id>/calendar.ics", "/events/mine.ics",
             "/consultations/<int:consultation_id>/calendar.ics")
WIDTHS = ({"width": 1280, "height": 900}, {"width": 390, "height": 844})
SERIOUS = ("serious", "critical")
SIGNED_IN_VIEWERS = ("owner", "admin", GROUP_OWNER)


def pages():
    return [rule for rule in declared_rules() if rule.method == "GET"
            and rule.rule not in NOT_PAGES
            and (not rule.rule.startswith("/api/") or rule.rule == "/api/v1/docs")]


def _url(rule, cast) -> str:
    url = rule.rule
    for name, value in rule.path(cast).items():
        url = url.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
    return url


def _viewer(rule, signed_in: bool) -> str | None:
    """Who looks at the page: a visitor, or the owner where they may, an admin else, and the
    private group's owner for the pages only its members see."""
    if not signed_in:
        return ANONYMOUS if ANONYMOUS in rule.allow else None
    return next((viewer for viewer in SIGNED_IN_VIEWERS if viewer in rule.allow), None)


@pytest.mark.parametrize("signed_in", [False, True], ids=["logged-out", "logged-in"])
def test_every_page_passes_axe(page, app, signed_in):
    cast = make_cast()
    problems, checked = [], 0
    for viewer in (SIGNED_IN_VIEWERS if signed_in else (ANONYMOUS,)):
        if viewer != ANONYMOUS:
            page.set_viewport_size(WIDTHS[0])
            log_in_as_someone_else(page, cast.user(viewer).email)
        for rule in pages():
            if _viewer(rule, signed_in) != viewer:
                continue
            for size in WIDTHS:
                page.set_viewport_size(size)
                page.goto(_url(rule, cast) + ("?q=trauma" if "directory" in rule.rule else ""))
                problems += [f"{rule.rule} as {viewer} at {size['width']}px: {violation}"
                             for violation in accessibility_violations(page, impacts=SERIOUS)]
            checked += 1
    assert checked >= (6 if not signed_in else 20)
    assert problems == []
