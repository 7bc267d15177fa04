"""A member adds a renewal requirement from a template and a course to her CE log, reads how
far she is in plain words, and downloads the log as CSV."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def test_a_requirement_from_a_template_an_entry_the_progress_and_the_csv(page, app):
    factories.ce_templates()
    member = factories.clinician("Ruth Abernathy", discipline="lcsw",
                                 license_jurisdiction="US-OR")
    log_in(page, member.email)
    page.get_by_role("link", name="CE log").click()
    expect(page.get_by_role("heading", name="Your CE log")).to_be_visible()
    expect(page.get_by_text("This is not legal advice.").first).to_be_visible()

    page.get_by_label("Start from a template").select_option(
        label="Licensed Clinical Social Worker (LCSW)")
    page.get_by_role("button", name="Add a requirement").click()
    expect(page.get_by_label("License", exact=True)).to_have_value("Oregon LCSW")
    expect(page.get_by_label("Total hours")).to_have_value("36")
    page.get_by_label("Cycle starts").fill("2025-09-01")
    page.get_by_label("Cycle ends").fill("2027-08-31")
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Add requirement").click()
    expect(page.get_by_text("The requirement is in your CE log.")).to_be_visible()

    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("Title").fill("Ethics of dual relationships")
    page.get_by_label("Provider").fill("Oregon NASW")
    page.get_by_label("Completed on").fill("2026-04-02")
    page.get_by_label("Hours").fill("3")
    page.get_by_label("Live (in person or live online)").check()
    page.get_by_label("Ethics").check()
    page.get_by_role("button", name="Add entry").click()
    expect(page.get_by_text("The entry is in your CE log.")).to_be_visible()

    expect(page.locator("[data-progress]")).to_have_text(
        "3 of 36 hours; ethics 3 of 6; cultural competence 0 of 3; 15 live hours still "
        "needed by 31 Aug 2027.")
    expect(page.locator("[data-entries]")).to_contain_text("Ethics of dual relationships")
    assert accessibility_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == "ce-log.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert rows[1][:5] == ["2026-04-02", "Ethics of dual relationships", "Oregon NASW", "3",
                           "Live"]

    page.get_by_role("link", name="Printable transcript").click()
    expect(page).to_have_url(re.compile(r"/ce-log/transcript$"))
    expect(page.get_by_text("Ethics of dual relationships")).to_be_visible()
