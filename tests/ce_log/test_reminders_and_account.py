"""Deadline reminders (`flask ce-log send-reminders`), the member's export, and what
account deletion removes."""

from datetime import date, timedelta

from sqlalchemy import select

from peerlink.accounts import services as accounts
from peerlink.ce_log.models import CECertificate, CEEntry, CERequirement
from peerlink.ce_log.reminders import send_reminders
from peerlink.notifications.models import Notification
from tests.factories import (
    PASSWORD,
    ce_entry,
    ce_requirement,
    give_certificate,
    make_user,
)

TODAY = date(2027, 6, 2)


def _notifications(db, user):
    return db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "ce_deadline")).all()


def test_one_reminder_per_threshold_however_often_the_job_runs(app, db):
    ana = make_user()
    end = TODAY + timedelta(days=90)
    ce_requirement(ana, total="10", cycle_start=date(2025, 9, 1), cycle_end=end,
                   live_minimum="4", subjects={"ethics": "2"})
    ce_entry(ana, hours="3", live=False, completed_on=date(2026, 1, 1))
    assert send_reminders(TODAY - timedelta(days=1)) == 0  # 91 days: not yet
    assert send_reminders(TODAY) == 1
    assert send_reminders(TODAY) == 0
    assert send_reminders(TODAY + timedelta(days=1)) == 0
    (first,) = _notifications(db, ana)
    assert first.message == (
        "Your Oregon LCSW CE cycle ends in 90 days: still needed 7 hours, 4 live hours, "
        "ethics 2. 3 of 10 hours; ethics 0 of 2; 4 live hours still needed by "
        "31 Aug 2027.")
    assert first.link == "/ce-log"
    assert send_reminders(end - timedelta(days=30)) == 1
    assert send_reminders(end - timedelta(days=7)) == 1
    assert send_reminders(end - timedelta(days=3)) == 0
    assert len(_notifications(db, ana)) == 3


def test_a_late_first_run_sends_only_the_nearest_threshold(app, db):
    ana = make_user()
    end = TODAY + timedelta(days=20)
    ce_requirement(ana, total="10", cycle_end=end)
    assert send_reminders(TODAY) == 1
    assert "ends in 20 days" in _notifications(db, ana)[0].message
    assert send_reminders(end - timedelta(days=7)) == 1  # the 7-day one still comes


def test_a_met_requirement_and_a_far_deadline_send_nothing(app, db):
    ana, ben = make_user(), make_user()
    ce_requirement(ana, total="2", cycle_end=TODAY + timedelta(days=5))
    ce_entry(ana, hours="2")
    ce_requirement(ben, total="2", cycle_end=TODAY + timedelta(days=400))
    assert send_reminders(TODAY) == 0
    assert _notifications(db, ana) == [] and _notifications(db, ben) == []


def test_the_command_says_what_it_sent(app):
    ana = make_user()
    ce_requirement(ana, total="10", cycle_start=date.today() - timedelta(days=300),
                   cycle_end=date.today() + timedelta(days=6))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["ce-log", "send-reminders"]).output.strip() == \
        "Sent 1 CE deadline reminder."
    assert runner.invoke(args=["ce-log", "send-reminders"]).output.strip() == \
        "No CE deadline reminders were due."


def test_the_export_holds_the_ce_log(app):
    ana = make_user()
    ce_entry(ana, title="Grief and loss", hours="2", subjects=["clinical-practice"])
    ce_requirement(ana, total="20")
    data = accounts.export_account(ana)
    (entry,) = data["ce_log"]["entries"]
    assert (entry["title"], entry["hours"], entry["subjects"]) == \
        ("Grief and loss", "2.00", ["clinical-practice"])
    assert data["ce_log"]["requirements"][0]["progress"]["sentence"].startswith("2 of 20 hours")


def test_deleting_the_account_removes_the_log_and_certificate_files(app, db, upload_dir):
    ana, ben = make_user(), make_user()
    give_certificate(ana, ce_entry(ana).key)
    give_certificate(ben, ce_entry(ben).key)
    ce_requirement(ana)
    assert len(list((upload_dir / "certificates").iterdir())) == 2
    accounts.delete_account(ana, password=PASSWORD)
    for model in (CEEntry, CERequirement, CECertificate):
        assert {row.user_id for row in db.session.scalars(select(model))} <= {ben.id}
    assert len(list((upload_dir / "certificates").iterdir())) == 1
