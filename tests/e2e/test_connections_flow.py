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
    factories.connect(ana, ben)
    log_in(page, ana.email)
    page.goto("/connections")
    confirm = page.get_by_role("button", name="Remove connection")
    expect(confirm).to_be_hidden()
    page.get_by_text("Remove…").click()
    expect(page.get_by_text("Remove Ben Brooks from your connections?")).to_be_visible()
    assert accessibility_violations(page) == []
    confirm.click()
    expect(page.get_by_text("Connection removed.")).to_be_visible()
    expect(page.get_by_text("No connections yet.")).to_be_visible()
