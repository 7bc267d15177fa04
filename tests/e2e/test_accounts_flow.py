import re

import pytest
from playwright.sync_api import expect

from tests.e2e.actions import confirmation_link

pytestmark = pytest.mark.e2e


def nav(page):
    return page.get_by_role("navigation", name="Main")


def test_new_visitor_registers_confirms_logs_out_logs_in_and_sees_account(page, app,
                                                                          live_mail):
    page.goto("/")
    page.get_by_role("link", name="Join PeerLink").first.click()
    page.get_by_label("Full name").fill("Noor Haddad")
    page.get_by_label("Email").fill("noor.haddad@example.org")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("alert")).to_contain_text("Use between 12 and 1024 characters.")

    page.get_by_label("Password").fill("saffron-tide-under-the-bridge")
    page.get_by_role("button", name="Create my account").click()
    # Not logged in yet: the same page a taken address would get, until the link is followed.
    expect(page).to_have_url(re.compile(r"/register/check-email$"))
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    expect(page.locator("[data-check-email]")).to_contain_text("noor.haddad@example.org")
    expect(nav(page).get_by_role("link", name="Log in")).to_be_attached()

    page.goto(confirmation_link(live_mail("noor.haddad@example.org")))
    expect(page).to_have_url(re.compile(r"/home$"))
    expect(page.get_by_text("Welcome to PeerLink, Noor Haddad.")).to_be_visible()
    expect(page.get_by_text("Please confirm your email address")).to_have_count(0)

    page.get_by_role("button", name="Log out").click()
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()

    nav(page).get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("noor.haddad@example.org")
    page.get_by_label("Password").fill("the-wrong-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")

    page.get_by_label("Password").fill("saffron-tide-under-the-bridge")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/home$"))
    # Home says what to do next: a new member's profile is still empty.
    expect(page.get_by_role("heading", name="Welcome, Noor Haddad")).to_be_visible()
    expect(page.get_by_role("heading", name="Your profile is 0% complete")).to_be_visible()
    expect(page.get_by_role("link", name="Complete your profile")).to_be_visible()
    nav(page).get_by_role("link", name="Account").click()
    expect(page.locator("[data-account-name]")).to_have_text("Noor Haddad")
    expect(page.locator("[data-account-email]")).to_contain_text("noor.haddad@example.org")


def test_phone_sized_menu_works_by_keyboard(page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    expect(nav(page).get_by_role("link", name="Log in")).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()
