import csv
import io
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def test_check_in_find_a_peer_by_specialty_meet_them_and_log_the_hours(page, app):
    organizer = factories.clinician("Olga Organizer", role="organizer", discipline="psychologist")
    event = factories.make_event(organizer, title="Trauma Summit 2026")
    emdr = factories.make_session(organizer, event, title="EMDR", credit_hours="2")
    ana = factories.clinician("Ana Alvarez", discipline="lpc", specialties=["anxiety-ocd"])
    ben = factories.clinician("Ben Brooks", discipline="psychiatric-np", pronouns="he/him",
                              specialties=["trauma-ptsd"])
    factories.clinician("Cy Carter", discipline="lcsw", specialties=["grief-loss"])
    factories.attend(ben, event, sessions=[emdr])
    factories.ce_requirement(ana, license_name="Oregon LPC", total="40")
    code = event.checkin_code

    log_in(page, ana.email)
    page.goto(f"/events/{event.id}")
    # Ana joins the EMDR session, then checks in with the organizer's code.
    page.get_by_role("button", name="Join EMDR").click()
    expect(page.get_by_text("Added to your sessions.")).to_be_visible()
    page.get_by_role("link", name="Check in with the code").click()
    page.get_by_label("Check-in code").fill("WRONG234")
    page.get_by_role("button", name="Check in").click()
    expect(page.locator("#error-code")).to_contain_text("not this event's check-in code")
    page.get_by_label("Check-in code").fill(code.lower())
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text("your attendance is verified").first).to_be_visible()
    assert accessibility_violations(page) == []

    # She finds Ben among the attendees by his specialty.
    page.locator("[data-attendee-filters] #field-specialty").select_option("trauma-ptsd")
    page.get_by_role("button", name="Filter attendees").click()
    attendees = page.locator("[data-attendees]")
    expect(attendees.get_by_role("link", name="Ben Brooks")).to_be_visible()
    expect(attendees.get_by_text("You were both in EMDR.")).to_be_visible()

    # People to meet gives the shared track as the reason.
    page.goto("/people-to-meet")
    reason = page.get_by_text("You were both in the EMDR track at Trauma Summit 2026")
    expect(reason).to_be_visible()

    # The verified session's hours count toward her renewal in the CE log, and export.
    page.get_by_role("link", name="CE log").click()
    expect(page.locator("[data-entries]")).to_contain_text("EMDR (Trauma Summit 2026)")
    expect(page.locator("[data-progress]")).to_contain_text("2 of 40 hours")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    rows = csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8")))
    earned = ["EMDR (Trauma Summit 2026)", "Midwest Trauma Institute", "2"]
    assert any(row[1:4] == earned for row in rows)


def test_organizer_gives_a_session_its_ce_subjects(page, app):
    organizer = factories.clinician("Olga Organizer", role="organizer", discipline="psychologist")
    event = factories.make_event(organizer, title="Ethics Day", hours=8)
    start = event.starts_at.astimezone(ZoneInfo(event.time_zone)) + timedelta(minutes=10)
    log_in(page, organizer.email)
    page.goto(f"/events/{event.id}/sessions/new")
    page.get_by_label("Title").fill("Boundaries online")
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Ends").fill((start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    subjects = page.get_by_role("group", name="CE subjects its hours count toward")
    subjects.get_by_label("Ethics", exact=True).check()
    subjects.get_by_label("Suicide prevention", exact=True).check()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator("[data-session-subjects]")).to_have_text(
        "CE subjects: Ethics, Suicide prevention")
