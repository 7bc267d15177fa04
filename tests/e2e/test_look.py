"""What a clinician sees at a glance: one line of menu for an admin at 1280 px, and an Accept
that does not look like Decline."""

import pytest

from peerlink.connections import services as connections
from tests import factories
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def test_an_admins_menu_fits_on_the_brands_line_at_1280(page, app):
    admin = factories.clinician("Ada Admin", role="admin")
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, admin.email)
    brand = page.locator(".brand").bounding_box()
    nav = page.locator("#site-nav ul").bounding_box()
    assert nav["y"] < brand["y"] + brand["height"], "the menu wrapped below the brand"
    assert nav["height"] < 2 * brand["height"], "the menu itself wraps onto two lines"


def test_accept_and_decline_look_different(page, app):
    ana = factories.clinician("Ana Alvarez")
    ben = factories.clinician("Ben Brooks")
    connections.request_connection(ben, ana.id)
    log_in(page, ana.email)
    page.goto("/connections")
    style = "el => getComputedStyle(el).backgroundColor"
    accept = page.get_by_role("button", name="Accept Ben Brooks's request").evaluate(style)
    decline = page.get_by_role("button", name="Decline Ben Brooks's request").evaluate(style)
    assert accept != decline
