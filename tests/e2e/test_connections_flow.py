import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def test_removing_a_connection_asks_first(page, app):
    factories.seed_terms()
    ana = factories.clinician("Ana Alvarez", discipline="lpc")
    ben = factories.clinician("Ben Brooks", discipline="psychiatric-np")
    cy = factories.clinician("Cy Carter", discipline="lcsw")
    factories.connect(ana, ben)
    factories.connect(ana, cy)
    log_in(page, ana.email)
    page.goto("/connections")
    # Each control names its member, for screen readers as for everyone else.
    confirm = page.get_by_role("button", name="Remove connection with Ben Brooks")
    expect(confirm).to_be_hidden()
    page.get_by_text("Remove… with Ben Brooks").focus()
    page.keyboard.press("Enter")  # by keyboard: open, then move on to the button
    expect(page.get_by_text("Remove Ben Brooks from your connections?")).to_be_visible()
    assert accessibility_violations(page) == []
    confirm.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Connection removed.")).to_be_visible()
    expect(page.get_by_role("link", name="Cy Carter")).to_be_visible()
    expect(page.get_by_role("link", name="Ben Brooks")).to_have_count(0)
