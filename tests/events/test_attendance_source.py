"""The events feature as profiles' attendance source: privacy's "connections and attendees",
the directory's event filter and people to meet all hear of verified, listed attendance."""

from peerlink.connections.people_to_meet import suggest
from peerlink.directory.search import Filters, search_directory
from peerlink.events.attendance import ATTENDANCE
from peerlink.profiles.attendance import attendance, events_recorded
from peerlink.profiles.privacy import can_view_full_profile
from tests.factories import attend, clinician, make_session, profile_of


def test_the_events_feature_answers_for_attendance(app):
    assert attendance() is ATTENDANCE and events_recorded()


def test_people_to_meet_names_the_shared_track(ana, ben, organizer, summit):
    emdr = make_session(organizer, summit, title="EMDR")
    attend(ana, summit, sessions=[emdr])
    attend(ben, summit, sessions=[emdr])
    [first, *_] = suggest(ana)
    assert first.member.display_name == "Ben Brooks"
    assert first.shared_events == ["Trauma Summit 2026"]
    assert first.reason == ("You were both in the EMDR track at Trauma Summit 2026; you both "
                            "work with trauma & PTSD; he prescribes.")


def test_unlisted_attendance_is_never_named(ana, ben, summit):
    attend(ana, summit)
    attend(ben, summit, listed=False)
    # Ben keeps off the list: Ana is not told he was there; Ana is listed, so Ben is.
    assert all(not rec.shared_events for rec in suggest(ana))
    assert [rec.shared_events for rec in suggest(ben)] == [["Trauma Summit 2026"]]


def test_unverified_attendance_is_no_reason(ana, ben, organizer):
    from tests.factories import make_event

    later = make_event(organizer, title="Later Summit", starts_in_hours=24)
    attend(ana, later, verified=False)
    attend(ben, later, verified=False)
    assert all(not rec.shared_events for rec in suggest(ana))


def test_attendees_setting_admits_co_attendees(ana, organizer, summit):
    quiet = clinician("Quinn Quiet", discipline="lcsw", visibility="connections_and_attendees")
    assert not can_view_full_profile(ana, profile_of(quiet))
    attend(quiet, summit)
    assert not can_view_full_profile(ana, profile_of(quiet))  # ana was not there
    attend(ana, summit)
    assert can_view_full_profile(ana, profile_of(quiet))


def test_directory_event_filter(ana, ben, summit):
    attend(ben, summit)
    found = search_directory(ana, Filters(event=summit.id))
    assert [entry.user_id for entry in found.items] == [ben.id]
