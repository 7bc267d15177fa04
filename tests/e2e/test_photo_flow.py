"""A member adds a photo on her phone; a peer sees it on her directory card and profile."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in
from tests.factories import image_bytes

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def expect_loaded(page, image) -> None:
    """The browser fetched and decoded the picture (a refused or broken one never gets a
    width); waits while it loads."""
    image.scroll_into_view_if_needed()  # a lazy one is fetched once it is near the screen
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=image.element_handle())


def test_a_photo_shows_on_the_directory_card_and_the_profile_at_phone_width(browser,
                                                                            live_server, app):
    author = factories.clinician("Ines Castellanos", discipline="psychiatric-np",
                                 specialties=["perinatal"])
    peer = factories.clinician("Obi Mensah", discipline="lcsw")

    context = browser.new_context(base_url=live_server, viewport=PHONE)
    page = context.new_page()
    log_in(page, author.email)
    page.goto(f"/people/{author.id}")
    expect(page.locator(".profile-header [data-member-initials]")).to_have_text("IC")
    page.get_by_role("link", name="Add a photo").click()
    # A text file with a photo's name is refused, with the message at the field.
    page.get_by_label("Photo", exact=True).set_input_files(
        {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": b"just some notes"})
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_role("alert")).to_contain_text("not one")
    expect(page.get_by_label("Photo", exact=True)).to_have_attribute("aria-invalid", "true")
    assert accessibility_violations(page) == []
    page.get_by_label("Photo", exact=True).set_input_files(
        {"name": "me.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG", (900, 700))})
    page.get_by_role("button", name="Upload photo").click()
    expect(page).to_have_url(re.compile(rf"/people/{author.id}$"))
    expect(page.get_by_text("Your photo is saved.")).to_be_visible()
    own = page.get_by_role("img", name="Photo of Ines Castellanos")
    expect(own).to_be_visible()
    expect_loaded(page, own)
    context.close()

    context = browser.new_context(base_url=live_server, viewport=PHONE)
    page = context.new_page()
    log_in(page, peer.email)
    page.goto("/directory?q=perinatal")
    card = page.locator(".directory-card", has_text="Ines Castellanos")
    photo = card.locator("img[data-member-photo]")
    expect(photo).to_be_visible()
    expect_loaded(page, photo)
    box = photo.bounding_box()
    assert box["width"] == box["height"] == 48
    assert card.locator("[data-member-initials]").count() == 0
    assert accessibility_violations(page) == []
    card.get_by_role("link", name="Ines Castellanos", exact=True).click()
    profile_photo = page.get_by_role("img", name="Photo of Ines Castellanos")
    expect(profile_photo).to_be_visible()
    expect_loaded(page, profile_photo)
    # At phone width the photo sits above the name, both inside the screen.
    box, name = profile_photo.bounding_box(), page.get_by_role("heading", level=1).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert name["y"] >= box["y"] + box["height"]
    assert accessibility_violations(page) == []
    context.close()
