import pytest
from sqlalchemy import Integer, and_, select, type_coerce

from peerlink.accounts.models import User
from peerlink.connections import blocks, people_to_meet
from peerlink.connections import services as connections
from peerlink.connections.people_to_meet import group_by_event, reason, suggest
from peerlink.extensions import db
from peerlink.profiles.attendance import NoEvents, attendance, register_attendance_source
from tests import factories
from tests.factories import clinician, count_queries


@pytest.fixture
def counselor(app):
    return clinician("Casey Counselor", discipline="lpc", pronouns="they/them",
                     specialties=["trauma-ptsd", "anxiety-ocd"], modalities=["cbt", "emdr"],
                     populations=["adolescents", "adults"])


def names(results) -> list[str]:
    return [r.member.display_name for r in results]


def test_a_counselor_sees_the_psychiatric_np_before_another_counselor(counselor):
    clinician("Paula Prescriber", discipline="psychiatric-np", pronouns="she/her",
              specialties=["trauma-ptsd"], populations=["adolescents"])
    clinician("Olga Other", discipline="lpc", pronouns="she/her",
              specialties=["trauma-ptsd"], populations=["adolescents"])
    results = suggest(counselor)
    assert names(results) == ["Paula Prescriber", "Olga Other"]
    top, other = results
    assert top.complementary and not other.complementary
    assert top.reason == "You both work with trauma & PTSD and adolescents; she prescribes."
    assert other.reason == "You both work with trauma & PTSD and adolescents."
    assert top.score > other.score


def test_a_prescriber_sees_therapists_first(app):
    prescriber = clinician("Pat Psychiatrist", discipline="psychiatrist",
                           specialties=["mood-disorders"])
    clinician("Theo Therapist", discipline="lcsw", pronouns="he/him",
              specialties=["mood-disorders"])
    clinician("Nora Psychiatrist", discipline="psychiatrist", pronouns="she/her",
              specialties=["mood-disorders"])
    results = suggest(prescriber)
    assert names(results) == ["Theo Therapist", "Nora Psychiatrist"]
    assert results[0].reason == ("You both work with depression & bipolar disorders; "
                                 "he provides therapy.")


def test_shared_specialties_outrank_a_single_overlap(counselor):
    clinician("Sam Single", discipline="lpc", specialties=["trauma-ptsd"])
    clinician("Dana Double", discipline="lpc", specialties=["trauma-ptsd", "anxiety-ocd"])
    clinician("Mo Modality", discipline="lpc", modalities=["cbt"])
    clinician("Nobody Shared", discipline="lpc", specialties=["perinatal"])
    results = suggest(counselor)
    assert names(results) == ["Dana Double", "Sam Single", "Mo Modality"]
    assert results[0].shared_specialties == ["Trauma & PTSD", "Anxiety & OCD"]
    assert results[2].reason == "You both use CBT."


def test_ties_break_by_name_then_id(counselor):
    for name in ("Beth Same", "Adam Same", "Carl Same"):
        clinician(name, discipline="lpc", specialties=["trauma-ptsd"])
    assert names(suggest(counselor)) == ["Adam Same", "Beth Same", "Carl Same"]


def test_excludes_self_connections_requests_blocks_and_hidden_profiles(counselor):
    def peer(name, **extra):
        return clinician(name, discipline="psychiatric-np", specialties=["trauma-ptsd"], **extra)

    connected, asked, asked_me = peer("Con Nected"), peer("Ask Ed"), peer("Asks Me")
    declined, blocked, blocker = peer("Dec Lined"), peer("Blo Cked"), peer("Blo Cker")
    peer("Hidden Stranger", visibility="connections")
    peer("Attendees Only", visibility="connections_and_attendees")
    visible = peer("Vis Ible")
    connections.accept_request(connected, connections.request_connection(counselor,
                                                                          connected.id).id)
    connections.request_connection(counselor, asked.id)
    connections.request_connection(asked_me, counselor.id)
    connections.decline_request(counselor, connections.request_connection(declined,
                                                                          counselor.id).id)
    blocks.block(counselor, blocked.id)
    blocks.block(blocker, counselor.id)
    assert names(suggest(counselor)) == ["Vis Ible"]
    # From the other side the counselor is suggested to the visible member only.
    assert "Casey Counselor" in names(suggest(visible))
    assert "Casey Counselor" not in names(suggest(blocked))
    assert "Casey Counselor" not in names(suggest(blocker))


def test_a_connection_may_see_connections_only_profiles_but_is_not_suggested(counselor):
    private = clinician("Private Person", discipline="psychiatrist",
                        specialties=["trauma-ptsd"], visibility="connections")
    assert suggest(counselor) == []
    connections.accept_request(private, connections.request_connection(counselor,
                                                                        private.id).id)
    assert suggest(counselor) == []  # visible now, but already connected


def test_an_admin_never_gets_a_blocked_member_suggested(app):
    admin = clinician("Ada Admin", role="admin", discipline="psychologist",
                      specialties=["trauma-ptsd"])
    hidden = clinician("Hidden Stranger", discipline="psychiatrist",
                       specialties=["trauma-ptsd"], visibility="connections")
    blocker = clinician("Blo Cker", discipline="psychiatrist", specialties=["trauma-ptsd"])
    blocks.block(blocker, admin.id)
    # Admins may see every full profile (moderation), so the hidden one is suggested...
    assert names(suggest(admin)) == [hidden.name]


def test_nothing_shared_means_no_suggestion(app):
    empty = clinician("Empty Profile")
    clinician("Someone Else", discipline="psychiatrist", specialties=["trauma-ptsd"])
    assert suggest(empty) == []


def test_query_count_does_not_grow_with_candidates(counselor):
    def build(count, prefix):
        for n in range(count):
            clinician(f"{prefix} Peer{n:02d}", discipline="psychiatric-np" if n % 2 else "lpc",
                      specialties=["trauma-ptsd", "anxiety-ocd"][: 1 + n % 2],
                      modalities=["cbt"], populations=["adults"])
        db.session.expire_all()
        assert counselor.role == "member"  # reload the viewer outside the counted block

    build(3, "Few")
    with count_queries() as few:
        small = suggest(counselor)
    build(12, "Many")
    with count_queries() as many:
        large = suggest(counselor)
    assert len(small) == 3 and len(large) == 15
    # Viewer terms, discipline, ranking, shared labels, what privacy.py reads itself, and
    # the events and sessions both attended (the events feature).
    assert few[0] == many[0] <= 7
    assert all(r.reason for r in large)


def test_capped_at_the_limit(counselor):
    for n in range(5):
        clinician(f"Peer Number{n}", discipline="lpc", specialties=["trauma-ptsd"])
    assert len(suggest(counselor, limit=3)) == 3
    assert people_to_meet.LIMIT == 20


def test_reason_wording():
    labels = {"specialty": ["Trauma & PTSD"], "population": ["Adolescents", "LGBTQ+ people"],
              "modality": ["CBT", "EMDR"]}
    assert reason("she/her", [], labels, "psychiatric-np") == (
        "You both work with trauma & PTSD, adolescents and LGBTQ+ people and use CBT and EMDR; "
        "she prescribes.")
    assert reason("he/him", ["Trauma Track 2026"], {"specialty": [], "population": [],
                                                    "modality": []}, "lcsw") == (
        "You both attended Trauma Track 2026; he provides therapy.")
    assert reason("", ["Trauma Track 2026"], labels, None) == (
        "You both attended Trauma Track 2026, work with trauma & PTSD, adolescents and "
        "LGBTQ+ people and use CBT and EMDR.")
    assert reason("they/them", [], {"specialty": [], "population": [], "modality": []},
                  "psychiatrist") == "They prescribe."
    assert reason("", [], {"specialty": ["A", "B", "C", "D", "E"], "population": [],
                           "modality": []}, None) == "You both work with a, b, c and 2 more."
    assert reason("she/her", [], {"specialty": [], "population": [],
                                  "modality": ["Motivational interviewing", "IFS"]}, None) == (
        "You both use motivational interviewing and IFS.")
    assert reason("ze/zir", [], {"specialty": [], "population": [], "modality": []},
                  "psychiatrist") == "They prescribe."


class FakeEvents(NoEvents):
    """Two events: the counselor and some members attended them."""

    def __init__(self, viewer_id: int, attended: dict[int, list[str]]):
        self.viewer_id, self.attended = viewer_id, attended

    def co_attendee_clause(self, viewer_id, user_id_column):
        # In SQL, with the viewer id as it is given (a value or privacy's bound parameter).
        return and_(type_coerce(viewer_id, Integer) == self.viewer_id,
                    user_id_column.in_(list(self.attended)))

    def shared_events(self, viewer_id, other_ids):
        return {i: self.attended[i] for i in other_ids if i in self.attended}


@pytest.fixture
def events():
    previous = attendance()

    def install(source):
        register_attendance_source(source)

    yield install
    register_attendance_source(previous)  # the events feature's, registered at start-up


def test_shared_events_rank_first_and_group_the_page(counselor, events):
    met = clinician("Met Atconference", discipline="lpc", pronouns="he/him",
                    specialties=["trauma-ptsd"])
    met_twice = clinician("Twice Met", discipline="psychiatrist", pronouns="she/her")
    clinician("Not There", discipline="psychiatric-np", specialties=["trauma-ptsd",
                                                                       "anxiety-ocd"])
    events(FakeEvents(counselor.id, {met.id: ["Trauma Track 2026"],
                                     met_twice.id: ["Trauma Track 2026", "DBT Intensive"]}))
    assert isinstance(attendance(), FakeEvents)
    results = suggest(counselor)
    # Co-attendees first (the prescriber among them first), then the rest.
    assert names(results) == ["Twice Met", "Met Atconference", "Not There"]
    assert results[0].reason == ("You both attended Trauma Track 2026 and DBT Intensive; "
                                 "she prescribes.")
    assert results[0].shared_events == ["Trauma Track 2026", "DBT Intensive"]
    assert results[1].reason == ("You both attended Trauma Track 2026 "
                                 "and work with trauma & PTSD.")
    assert results[2].shared_events == []
    groups = group_by_event(results)
    assert [(event, names(people)) for event, people in groups] == [
        ("Trauma Track 2026", ["Twice Met", "Met Atconference"]),
        (None, ["Not There"])]


def test_a_dismissed_suggestion_is_remembered(client, auth):
    counselor = clinician("Casey Counselor", discipline="lpc", specialties=["trauma-ptsd"])
    clinician("Dana Dismissed", discipline="lcsw", specialties=["trauma-ptsd"])
    kept = clinician("Kim Kept", discipline="lcsw", specialties=["trauma-ptsd"])
    dismissed = db.session.scalar(select(User).where(User.name == "Dana Dismissed"))
    auth.login(counselor.email)
    page = client.get("/people-to-meet").get_data(as_text=True)
    assert "Not now<span class=\"visually-hidden\"> Dana Dismissed" in page
    answer = auth.post(f"/people-to-meet/{dismissed.id}/dismiss",
                       {"next": "/people-to-meet"}, follow_redirects=True)
    assert "We will not suggest Dana Dismissed again." in answer.get_data(as_text=True)
    assert names(suggest(counselor)) == ["Kim Kept"]
    headers = factories.bearer(client, counselor)
    assert client.put(f"/api/v1/people-to-meet/{kept.id}/dismissal",
                      headers=headers).status_code == 204
    assert client.put(f"/api/v1/people-to-meet/{kept.id}/dismissal",
                      headers=headers).status_code == 204  # twice is harmless
    assert suggest(counselor) == []
    assert client.get("/api/v1/people-to-meet", headers=headers).get_json() == []


def test_a_complementary_discipline_alone_is_no_reason(app):
    counselor = clinician("Casey Counselor", discipline="lpc", specialties=["trauma-ptsd"])
    clinician("Pat Prescriber", discipline="psychiatrist", specialties=["eating-disorders"])
    assert suggest(counselor) == []


def test_a_short_list_says_why(client, auth):
    counselor = clinician("Casey Counselor", discipline="lpc", specialties=["trauma-ptsd"])
    clinician("Only One", discipline="lcsw", specialties=["trauma-ptsd"])
    auth.login(counselor.email)
    page = client.get("/people-to-meet").get_data(as_text=True)
    assert "1 person shares something with you for now" in page
    assert "a specialty, a method or a population in common" in page
