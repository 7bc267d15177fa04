"""A group's life in the browser: a member creates a group and a thread, another joins and
replies, the first is notified, pins the thread and removes a reported post with a reason
its author then reads; and a group started from an event page, which the group page and
the event page then show each other."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def _log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()


def test_a_group_from_creation_to_moderation(page, app):
    factories.seed_terms()
    ana = factories.clinician("Ana Alvarez", discipline="lpc")
    ben = factories.clinician("Ben Brooks", discipline="psychiatric-np")
    cy = factories.clinician("Cy Carter", discipline="lcsw")

    log_in(page, ana.email)
    page.get_by_role("link", name="Groups").first.click()
    page.get_by_role("link", name="Start a group").click()
    page.get_by_label("Name").fill("Rural telehealth clinicians")
    page.get_by_label("Description").fill("Broadband, licensure and loneliness.")
    page.get_by_role("button", name="Create the group").click()
    expect(page.get_by_role("heading", name="Rural telehealth clinicians")).to_be_visible()
    group_id = int(re.search(r"/groups/(\d+)", page.url).group(1))
    page.get_by_role("link", name="Start a thread").click()
    page.get_by_label("Title").fill("Video drops mid-session")
    page.get_by_label("Message").fill("What is your **backup plan** when the video drops?")
    page.get_by_role("button", name="Post the thread").click()
    expect(page.get_by_text("backup plan")).to_be_visible()
    thread_url = page.url
    thread_id = int(re.search(r"/groups/threads/(\d+)", thread_url).group(1))
    _log_out(page)

    from peerlink.extensions import db
    from peerlink.groups.models import Group, Thread

    factories.add_member(db.session.get(Group, group_id), cy)
    factories.make_reply(db.session.get(Thread, thread_id), cy,
                         "Just text the client's home number, everyone does.")

    log_in(page, ben.email)
    page.goto("/groups?q=rural")
    page.get_by_role("link", name="Rural telehealth clinicians").click()
    page.get_by_role("button", name="Join the group").click()
    expect(page.get_by_text("Welcome to the group.")).to_be_visible()
    page.get_by_role("link", name="Video drops mid-session").click()
    page.get_by_label("Your reply").fill("I agree a phone fallback in advance, in writing.")
    page.get_by_role("button", name="Post the reply").click()
    expect(page.get_by_text("Reply posted.")).to_be_visible()
    assert accessibility_violations(page) == []
    page.locator("article", has_text="everyone does").get_by_role(
        "link", name="Report this post").click()
    page.get_by_label("What is wrong with it?").fill("Texting clients outside policy.")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("The group's moderators will look at it.")).to_be_visible()
    _log_out(page)

    log_in(page, ana.email)
    page.goto("/notifications")
    expect(page.get_by_text("Ben Brooks replied in “Video drops mid-session”")).to_be_visible()
    page.goto(thread_url)
    page.get_by_role("button", name="Pin the thread").click()
    expect(page.get_by_text("Thread pinned.")).to_be_visible()
    expect(page.locator("[data-pinned]")).to_be_visible()
    page.goto(f"/groups/{group_id}/reports")
    expect(page.get_by_text("Texting clients outside policy.")).to_be_visible()
    page.get_by_role("link", name="Remove the post").click()
    page.get_by_label("Reason").fill("Please keep to your clinic's contact policy.")
    page.get_by_role("button", name="Remove the post").click()
    expect(page.get_by_text("Post removed; its author is told why.")).to_be_visible()
    _log_out(page)

    log_in(page, cy.email)
    page.goto(thread_url)
    expect(page.locator("[data-removal-reason]")).to_have_text(
        "Please keep to your clinic's contact policy.")


def test_a_group_started_from_an_event_page(page, app):
    organizer = factories.clinician("Olu Organizer", role="organizer", discipline="lpc")
    event = factories.make_event(organizer, title="Perinatal Mental Health Forum")
    ana = factories.clinician("Ana Alvarez", discipline="lpc")

    log_in(page, ana.email)
    page.goto(f"/events/{event.id}")
    page.get_by_role("link", name="Start a group for this event").click()
    expect(page.get_by_text("The group will be linked to")).to_be_visible()
    expect(page.get_by_label("Event follow-up")).to_be_checked()
    page.get_by_label("Name").fill("Forum follow-up: postpartum screening")
    page.get_by_role("button", name="Create the group").click()
    expect(page.get_by_role("heading", name="Forum follow-up: postpartum screening")
           ).to_be_visible()
    events = page.locator("[data-group-events]")
    expect(events.get_by_role("link", name="Perinatal Mental Health Forum")).to_be_visible()
    events.get_by_role("link", name="Perinatal Mental Health Forum").click()
    groups = page.locator("[data-event-groups]")
    expect(groups.get_by_role("link", name="Forum follow-up: postpartum screening")
           ).to_be_visible()
    assert accessibility_violations(page) == []
