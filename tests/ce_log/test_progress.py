"""Progress toward a requirement: caps, live minimums, subject minimums, the cycle, and hours
from sources and manual entries together."""

from datetime import date
from decimal import Decimal

from peerlink.ce_log import services
from peerlink.ce_log.progress import hours, progress
from peerlink.ce_log.sources import EarnedCredit
from tests.factories import ce_entry, ce_requirement, make_user


def _progress(user, requirement):
    return progress(requirement, services.log_lines(user.id))


def test_the_sentence_counts_hours_subjects_and_live_hours_still_needed(app):
    ana = make_user()
    requirement = ce_requirement(ana, total="40", live_minimum="10", subjects={"ethics": "6"})
    ce_entry(ana, hours="6", live=True, subjects=["ethics"], completed_on=date(2026, 1, 5))
    ce_entry(ana, hours="3", live=False, subjects=["ethics"], completed_on=date(2026, 2, 5))
    ce_entry(ana, hours="3", live=False, completed_on=date(2026, 3, 5))
    result = _progress(ana, requirement)
    assert result.counted == Decimal(12)
    assert result.live_needed == Decimal(4)
    assert result.sentence == ("12 of 40 hours; ethics 6 of 6; 4 live hours still needed "
                               "by 31 Aug 2027")
    assert not result.met


def test_self_study_above_the_cap_does_not_count_toward_the_total(app):
    ana = make_user()
    requirement = ce_requirement(ana, total="20", self_study_cap="5")
    ce_entry(ana, hours="4", live=False)
    ce_entry(ana, hours="4.5", live=False)
    ce_entry(ana, hours="2", live=True)
    result = _progress(ana, requirement)
    assert result.self_study == Decimal("8.5")
    assert result.self_study_counted == Decimal(5)
    assert result.counted == Decimal(7)
    assert result.self_study_over_cap == Decimal("3.5")
    assert result.cap_note == ("3.5 self-study hours above the 5-hour cap do not count "
                               "toward the total.")
    assert result.sentence.startswith("7 of 20 hours; due by")


def test_a_zero_cap_counts_only_live_hours(app):
    ana = make_user()
    requirement = ce_requirement(ana, total="10", self_study_cap="0")
    ce_entry(ana, hours="6", live=False)
    ce_entry(ana, hours="1", live=True)
    assert _progress(ana, requirement).counted == Decimal(1)


def test_live_minimum_is_met_by_live_hours_only(app):
    ana = make_user()
    requirement = ce_requirement(ana, total="10", live_minimum="5")
    ce_entry(ana, hours="9", live=False)
    ce_entry(ana, hours="1", live=True)
    result = _progress(ana, requirement)
    assert result.hours_needed == 0
    assert result.live_needed == Decimal(4)
    assert "4 live hours still needed by 31 Aug 2027" in result.sentence
    assert not result.met


def test_subject_minimums_each_count_their_own_hours(app):
    ana = make_user()
    requirement = ce_requirement(ana, total="10", subjects={
        "ethics": "3", "suicide-prevention": "2", "cultural-competence": "1"})
    ce_entry(ana, hours="2", subjects=["ethics", "suicide-prevention"])
    ce_entry(ana, hours="1.5", subjects=["ethics"])
    result = _progress(ana, requirement)
    by_code = {subject.code: subject for subject in result.subjects}
    assert by_code["ethics"].earned == Decimal("3.5") and by_code["ethics"].met
    assert by_code["suicide-prevention"].earned == 2 and by_code["suicide-prevention"].met
    assert by_code["cultural-competence"].earned == 0 and not by_code["cultural-competence"].met
    # Shown capped at what is required, in the registry's order.
    assert result.sentence == ("3.5 of 10 hours; ethics 3 of 3; suicide prevention 2 of 2; "
                               "cultural competence 0 of 1; due by 31 Aug 2027")


def test_entries_outside_the_cycle_do_not_count(app):
    ana = make_user()
    requirement = ce_requirement(ana, total="10", cycle_start=date(2025, 9, 1),
                                 cycle_end=date(2027, 8, 31))
    ce_entry(ana, hours="1", completed_on=date(2025, 8, 31))  # the day before
    ce_entry(ana, hours="2", completed_on=date(2025, 9, 1))  # first day
    ce_entry(ana, hours="3", completed_on=date(2027, 8, 31))  # last day
    ce_entry(ana, hours="4", completed_on=date(2027, 9, 1))  # the day after
    assert _progress(ana, requirement).counted == Decimal(5)


def test_earned_credits_and_manual_entries_count_together(app, credit_source):
    ana, ben = make_user(), make_user()
    requirement = ce_requirement(ana, total="12", live_minimum="6", self_study_cap="4",
                                 subjects={"ethics": "2"})
    credit_source.credits[ana.id] = [
        EarnedCredit(key="event-session:1", title="EMDR track", provider="Trauma Summit",
                     completed_on=date(2026, 5, 2), hours=Decimal("4.5"), live=True,
                     subjects=("ethics",)),
        EarnedCredit(key="event-session:2", title="Recorded keynote", provider="Trauma Summit",
                     completed_on=date(2026, 5, 3), hours=Decimal(3), live=False)]
    credit_source.credits[ben.id] = [
        EarnedCredit(key="event-session:1", title="EMDR track", provider="Trauma Summit",
                     completed_on=date(2026, 5, 2), hours=Decimal(9), live=True)]
    ce_entry(ana, hours="2", live=False)
    ce_entry(ana, hours="1.5", live=True)
    lines = services.log_lines(ana.id)
    assert {line.key for line in lines if line.earned} == {"event-session:1", "event-session:2"}
    result = progress(requirement, lines)
    # live 4.5 + 1.5 = 6; self-study 3 + 2 = 5, capped at 4
    assert result.live == 6 and result.self_study_counted == 4
    assert result.counted == 10
    assert result.sentence == "10 of 12 hours; ethics 2 of 2; due by 31 Aug 2027"


def test_a_key_appears_once_even_if_two_sources_give_it(app, credit_source):
    from peerlink.ce_log.sources import register_credit_source, unregister_credit_source
    from tests.ce_log.conftest import ListedCredits

    ana = make_user()
    credit = EarnedCredit(key="event-session:7", title="Ethics panel", provider="Summit",
                          completed_on=date(2026, 1, 1), hours=Decimal(2), live=True)
    credit_source.credits[ana.id] = [credit]
    second = ListedCredits({ana.id: [credit]})
    register_credit_source(second)
    try:
        assert [line.key for line in services.log_lines(ana.id)] == ["event-session:7"]
    finally:
        unregister_credit_source(second)


def test_without_a_source_only_manual_entries_exist(app):
    ana = make_user()
    ce_entry(ana, hours="2")
    assert [line.earned for line in services.log_lines(ana.id)] == [False]


def test_everything_met_says_so(app):
    ana = make_user()
    requirement = ce_requirement(ana, total="4", live_minimum="2", subjects={"ethics": "1"})
    ce_entry(ana, hours="4", live=True, subjects=["ethics"])
    result = _progress(ana, requirement)
    assert result.met
    assert result.sentence == ("4 of 4 hours; ethics 1 of 1; all met for the cycle ending "
                               "31 Aug 2027")


def test_hours_are_written_plainly():
    assert [hours(Decimal(value)) for value in ("4", "4.00", "1.50", "0.25", "12.5")] == \
        ["4", "4", "1.5", "0.25", "12.5"]
