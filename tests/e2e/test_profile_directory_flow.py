
import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def test_a_clinician_edits_her_profile_and_a_peer_finds_her(browser, live_server, app):
    from peerlink.taxonomy.services import seed_taxonomies

    seed_taxonomies()
    author = factories.make_user(name="Ines Castellanos")
    peer = factories.make_user(name="Obi Mensah")

    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    log_in(page, author.email)
    page.goto("/profile/edit")
    page.get_by_label("Discipline").select_option(label="Psychiatric nurse practitioner")
    page.get_by_label("Credentials").fill("DNP, PMHNP-BC")
    page.get_by_label("Perinatal mental health").check()
    page.get_by_label("City").fill("Albuquerque")
    page.get_by_label("Country").select_option("US")
    region = page.get_by_label("State, province or region")
    expect(region.locator("optgroup")).to_have_count(1)  # narrowed to the United States
    region.select_option(label="New Mexico")
    page.get_by_label("A short bio").fill("I run a **reproductive psychiatry** clinic.")
    page.get_by_label("I am open to consultation requests from peers").check()
    # The preview renders the bio and saves nothing; the form comes back as typed.
    page.get_by_role("button", name="Preview bio").click()
    preview = page.locator("[data-bio-preview]")
    expect(preview.locator("strong", has_text="reproductive psychiatry")).to_be_visible()
    expect(page.get_by_label("City")).to_have_value("Albuquerque")
    expect(page.get_by_label("State, province or region")).to_have_value("US-NM")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Save profile").click()
    # Open to consultation needs topics: the editor says so and keeps what was typed.
    expect(page.get_by_role("alert")).to_contain_text("topic")
    expect(page.get_by_label("City")).to_have_value("Albuquerque")
    page.get_by_label("Topics you will consult on").fill("Lactation and SSRIs")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", name="Ines Castellanos")).to_be_visible()
    expect(page.locator("strong", has_text="reproductive psychiatry")).to_be_visible()
    context.close()

    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    log_in(page, peer.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    page.get_by_label("Search").fill("reproductive")
    page.get_by_role("button", name="Search").click()
    card = page.locator(".directory-card", has_text="Ines Castellanos")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Psychiatric nurse practitioner")
    expect(card).to_contain_text("Open to consultation")
    expect(card).to_contain_text("Albuquerque, New Mexico, United States")
    assert accessibility_violations(page) == []
    card.get_by_role("link", name="Ines Castellanos", exact=True).click()
    expect(page.get_by_text("Lactation and SSRIs")).to_be_visible()
    context.close()


def test_the_editor_offers_the_devices_time_zone(browser, live_server, app):
    from peerlink.taxonomy.services import seed_taxonomies

    seed_taxonomies()
    member = factories.make_user(name="Rosa Delgado")
    # Chromium may report a zone by its old name: the offer still finds it in the list.
    context = browser.new_context(base_url=live_server, timezone_id="Asia/Calcutta")
    page = context.new_page()
    log_in(page, member.email)
    page.goto("/profile/edit")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("")  # nothing is chosen for the member
    offer = page.get_by_role("button", name="Use this device's time zone: India — Kolkata")
    offer.click()
    expect(zone).to_have_value("Asia/Kolkata")
    expect(offer).to_be_hidden()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("India — Kolkata")).to_be_visible()
    # Once a zone is chosen there is nothing to offer.
    page.goto("/profile/edit")
    expect(zone).to_have_value("Asia/Kolkata")
    expect(page.get_by_role("button", name="Use this device's time zone")).to_have_count(0)
    context.close()


def test_the_region_select_follows_the_country_and_works_without_javascript(browser,
                                                                          live_server, app):
    member = factories.make_user(name="Kofi Asante")
    context = browser.new_context(base_url=live_server)
    page = context.new_page()
    log_in(page, member.email)
    page.goto("/profile/edit")
    region, country = page.get_by_label("State, province or region"), page.get_by_label("Country")
    expect(region.locator("optgroup")).to_have_count(200)  # no country yet: every one
    region.select_option("CA-ON")  # choosing a region chooses its country
    expect(country).to_have_value("CA")
    expect(region.locator("optgroup")).to_have_count(1)
    country.select_option("US")  # Ontario is not a choice in the United States
    expect(region).to_have_value("")
    assert accessibility_violations(page) == []
    context.close()

    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    log_in(page, member.email)
    page.goto("/profile/edit")
    region = page.get_by_label("State, province or region")
    expect(region.locator("optgroup")).to_have_count(200)
    region.select_option("GB-SCT")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Scotland, United Kingdom")).to_be_visible()
    context.close()
