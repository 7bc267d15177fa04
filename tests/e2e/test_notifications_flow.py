import pytest
from playwright.sync_api import expect

from peerlink.extensions import db
from peerlink.notifications.services import notify
from tests import factories
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def test_opening_notifications_in_one_tab_clears_the_badge_in_the_others(page, app):
    ana = factories.clinician("Ana Alvarez", discipline="lpc")
    for name in ("Ben Brooks", "Cy Carter"):
        notify(ana.id, "connection_accepted", f"{name} accepted your connection request.")
    db.session.commit()
    log_in(page, ana.email)
    badge = page.locator("[data-unread-count]")
    expect(badge).to_be_visible()
    expect(badge).to_have_text("2 unread")

    other_tab = page.context.new_page()
    other_tab.goto("/notifications/")
    expect(other_tab.get_by_text("Ben Brooks accepted your connection request.")).to_be_visible()
    expect(other_tab.locator("[data-unread-count]")).to_be_hidden()
    # The first tab was not reloaded: it heard the new count.
    expect(badge).to_be_hidden()
    assert page.url.endswith("/home")
