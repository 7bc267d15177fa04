"""The journeys that exist, by keyboard alone: register, fill in the profile, find a peer in
the directory, ask to connect and accept. Only Tab, typing and Enter/Space."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.actions import confirmation_link, log_in

pytestmark = pytest.mark.e2e

MOST_TABS = 120


def tab_to(page, locator) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user moves through the page."""
    handle = locator.element_handle()
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("element => document.activeElement === element", handle):
            return
    raise AssertionError(f"Tab never reached {locator}")


def test_register_and_fill_in_the_profile_by_keyboard(page, app, live_mail):
    factories.seed_terms()
    page.goto("/register")
    tab_to(page, page.get_by_label("Full name"))
    page.keyboard.type("Keiko Tanaka")
    page.keyboard.press("Tab")
    page.keyboard.type("keiko.tanaka@example.org")
    tab_to(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(factories.PASSWORD)
    tab_to(page, page.get_by_role("button", name="Create my account"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/register/check-email$"))
    # The link in the e-mail logs the new member in, in the browser that signed up.
    page.goto(confirmation_link(live_mail("keiko.tanaka@example.org")))
    expect(page).to_have_url(re.compile(r"/home$"))

    page.goto("/profile/edit")
    tab_to(page, page.get_by_label("Credentials"))
    page.keyboard.type("LCSW")
    tab_to(page, page.get_by_role("checkbox", name="Trauma & PTSD"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save profile"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_text("LCSW")).to_be_visible()


def test_find_a_peer_connect_and_accept_by_keyboard(page, app, browser, live_server):
    factories.seed_terms()
    ana = factories.clinician("Ana Alvarez", discipline="lpc", specialties=["trauma-ptsd"])
    ben = factories.clinician("Ben Brooks", discipline="psychiatric-np",
                              specialties=["trauma-ptsd"], bio="EMDR and prescribing.")
    log_in(page, ana.email)
    page.goto("/directory")
    tab_to(page, page.get_by_role("searchbox").first)
    page.keyboard.type("Brooks")
    page.keyboard.press("Enter")
    result = page.get_by_role("link", name="Ben Brooks")
    tab_to(page, result)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/people/{ben.id}$"))
    tab_to(page, page.get_by_role("button", name="Connect with Ben Brooks"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your request is on its way to Ben Brooks.")).to_be_visible()

    context = browser.new_context(base_url=live_server)
    other = context.new_page()
    try:
        log_in(other, ben.email)
        other.goto("/connections")
        tab_to(other, other.get_by_role("button", name="Accept Ana Alvarez's request"))
        other.keyboard.press("Enter")
        expect(other.get_by_text("You are now connected with Ana Alvarez.")).to_be_visible()
    finally:
        context.close()
