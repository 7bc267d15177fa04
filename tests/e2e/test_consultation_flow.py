"""A case consultation in two browsers: the requester writes a request with a date of birth
and a phone number, sees both marked with advice, fixes them and sends; the peer accepts a
time; both download the calendar file (in their own zone) and talk in the private room."""

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from peerlink.consultations.models import Consultation
from peerlink.extensions import db
from tests import factories
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e

FLAGGED = ("A woman born 3/14/1987 with panic attacks since a move; her sister calls "
           "(503) 555-0142 when it starts.")
CLEAN = ("A woman in her 30s with panic attacks since a move in 2024; her sister calls her "
         "when it starts. Twelve sessions of CBT, PHQ-9 of 11.")


def test_request_fix_accept_download_and_talk(page, browser, live_server, app):
    rita = factories.clinician("Rita Requester", timezone="America/New_York")
    pete = factories.clinician("Pete Peer", timezone="Europe/London")
    factories.connect(rita, pete)
    other = browser.new_context(base_url=live_server, accept_downloads=True)
    pete_page = other.new_page()
    pete_page.set_default_timeout(10_000)
    try:
        log_in(page, rita.email)
        page.goto(f"/people/{pete.id}")
        page.get_by_role("link", name="Request a consultation").click()
        page.get_by_label("Topic").fill("Panic disorder after a relapse")
        page.get_by_label("De-identified case summary").fill(FLAGGED)
        page.get_by_label("Your question").fill("ACT, or back to exposure?")
        page.get_by_label("Time 1", exact=True).fill("2027-03-16T10:00")
        page.get_by_label("Time 2", exact=True).fill("2027-03-17T10:00")
        page.get_by_label("I confirm this case is de-identified", exact=False).check()
        page.get_by_role("button", name="Send the request").click()

        marked = page.locator('[data-phi-field="summary"] .phi-text mark')
        expect(marked).to_have_count(2)
        # The one PHI partial: each mark also tells a screen reader what it may be.
        expect(marked.nth(0)).to_have_text("3/14/1987 (flagged: a date)")
        expect(marked.nth(1)).to_have_text("(503) 555-0142 (flagged: a phone or fax number)")
        expect(page.locator('[data-phi-advice="date"]')).to_contain_text("in her 40s")
        db.session.expire_all()
        assert db.session.scalar(select(Consultation.id)) is None

        page.get_by_label("De-identified case summary").fill(CLEAN)
        page.get_by_label("I confirm this case is de-identified", exact=False).check()
        page.get_by_role("button", name="Send the request").click()
        expect(page.locator("[data-consultation-state]")).to_have_attribute(
            "data-consultation-state", "requested")
        consultation_id = int(page.url.rstrip("/").rsplit("/", 1)[1])

        log_in(pete_page, pete.email)
        pete_page.goto(f"/consultations/{consultation_id}")
        expect(pete_page.get_by_text("16 Mar 2027, 14:00 GMT")).to_be_visible()
        pete_page.get_by_role("button", name="Accept this time").click()
        expect(pete_page.locator("[data-consultation-state]")).to_have_attribute(
            "data-consultation-state", "scheduled")

        page.reload()
        expect(page.locator("[data-scheduled]")).to_contain_text("16 Mar 2027, 10:00 EDT")
        for who in (page, pete_page):
            with who.expect_download() as download:
                who.locator("[data-ics-link]").click()
            text = Path(download.value.path()).read_text(encoding="utf-8")
            assert f"UID:consultation-{consultation_id}@peerlink" in text
            assert ("TZID=America/New_York" in text) == (who is page)
            assert ("TZID=Europe/London" in text) == (who is pete_page)

        page.locator("[data-consultation-room]").click()
        pete_page.locator("[data-consultation-room]").click()
        box = page.get_by_label("Message", exact=True)
        box.fill("Thanks for taking this. Where would you start?")
        box.press("Enter")
        expect(pete_page.locator("[data-messages] .message-body").last).to_have_text(
            "Thanks for taking this. Where would you start?")
    finally:
        other.close()
