"""The directory search service: relevance, filters, paging, injection, privacy, the index."""

import pytest
from sqlalchemy import Integer, and_, select, text, type_coerce

from peerlink.accounts import services as accounts
from peerlink.connections.models import Block
from peerlink.directory.index import rebuild_search_index
from peerlink.directory.search import Filters, count_matches, search_directory, widening_options
from peerlink.errors import NotAuthenticated
from peerlink.extensions import db
from peerlink.profiles import attendance as attendance_hook
from peerlink.profiles.models import Profile
from tests import factories
from tests.factories import (
    block,
    clinician,
    connect,
    count_queries,
    fill_profile,
)


@pytest.fixture
def viewer(app):
    return factories.make_user(name="Viewer Person")


def names(viewer, **query):
    page = query.pop("page", 1)
    per_page = query.pop("per_page", 50)
    result = search_directory(viewer, Filters.from_query(query), page=page, per_page=per_page)
    return [profile.display_name for profile in result.items]


def index_text(user_id: int) -> str:
    if db.engine.dialect.name == "postgresql":
        return db.session.scalar(text("SELECT document::text FROM profile_search "
                                      "WHERE user_id = :id"), {"id": user_id}) or ""
    row = db.session.execute(text("SELECT * FROM profile_search WHERE rowid = :id"),
                             {"id": user_id}).first()
    return " ".join(str(value) for value in row) if row else ""


# --- relevance ------------------------------------------------------------------------------


def test_a_specialty_match_ranks_above_a_bio_mention(viewer):
    clinician("Bio Mention", bio="Outside work I read about grief and grief rituals.")
    clinician("Grief Specialist", specialties=["grief-loss"], bio="I work in a clinic.")
    assert names(viewer, q="grief") == ["Grief Specialist", "Bio Mention"]


def test_a_name_match_ranks_above_a_bio_mention(viewer):
    clinician("Ana Bio", bio="I trained with Dr. Lindqvist, and Lindqvist's book shaped me.")
    clinician("Sara Lindqvist", bio="Perinatal work.")
    assert names(viewer, q="lindqvist") == ["Sara Lindqvist", "Ana Bio"]


def test_every_word_must_match_and_the_last_is_a_prefix(viewer):
    clinician("Teen Trauma", specialties=["trauma-ptsd"], populations=["adolescents"])
    clinician("Adult Trauma", specialties=["trauma-ptsd"], populations=["adults"])
    clinician("Teen Only", populations=["adolescents"])
    assert names(viewer, q="trauma adol") == ["Teen Trauma"]
    assert names(viewer, q="Lindq") == []
    assert set(names(viewer, q="adolesc")) == {"Teen Trauma", "Teen Only"}


def test_a_number_is_matched_whole(viewer):
    # Filter tokens in the index begin with 0: a number never reaches them as a prefix.
    clinician("Room 12", specialties=["trauma-ptsd"], discipline="lcsw", country="US")
    assert names(viewer, q="room 12") == ["Room 12"]
    assert names(viewer, q="room 1") == []
    assert names(viewer, q="0") == [] and names(viewer, q="trauma 0") == []


def test_modalities_and_consultation_topics_are_searchable(viewer):
    clinician("Emdr Person", modalities=["emdr"])
    clinician("Topic Person", consultation_topics=["medication tapering questions"])
    assert names(viewer, q="emdr") == ["Emdr Person"]
    assert names(viewer, q="tapering") == ["Topic Person"]


def test_accented_names_are_found(viewer):
    clinician("José Núñez")
    assert names(viewer, q="núñez") == ["José Núñez"]
    assert names(viewer, q="JOSÉ") == ["José Núñez"]
    if db.engine.dialect.name == "sqlite":  # PostgreSQL would need the unaccent extension
        assert names(viewer, q="nunez") == ["José Núñez"]


def test_without_words_verified_come_first_then_by_name(viewer):
    clinician("Zed Verified", verification_status="verified")
    clinician("alma unverified")
    clinician("Bea Verified", verification_status="verified")
    result = names(viewer)
    assert result[:3] == ["Bea Verified", "Zed Verified", "alma unverified"]
    assert "Viewer Person" in result  # the viewer's own (empty) profile is there too


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def people(viewer):
    return {
        "ana": clinician("Ana", discipline="psychiatric-np", specialties=["trauma-ptsd"],
                         modalities=["medication-management"], populations=["adolescents"],
                         languages=["en", "es"], city="Chicago", region="IL", country="US",
                         open_to_consultation=True, consultation_topics=["SSRIs in teens"],
                         verification_status="verified", bio="Glad to talk shop."),
        "ben": clinician("Ben", discipline="lpc", specialties=["trauma-ptsd", "grief-loss"],
                         modalities=["emdr"], populations=["adults"], languages=["en"],
                         city="Toronto", region="ON", country="CA", bio="Happy to talk."),
        "cy": clinician("Cy", discipline="psychologist", specialties=["anxiety-ocd"],
                        modalities=["erp", "cbt"], populations=["children", "adolescents"],
                        languages=["fr"], region="il", country="US",
                        verification_status="verified", bio="Always up for a talk."),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ({"discipline": "psychiatric-np"}, {"Ana"}),
    ({"specialty": ["trauma-ptsd"]}, {"Ana", "Ben"}),
    ({"specialty": ["trauma-ptsd", "grief-loss"]}, {"Ben"}),
    ({"modality": ["emdr"]}, {"Ben"}),
    ({"population": ["adolescents"]}, {"Ana", "Cy"}),
    ({"language": ["es"]}, {"Ana"}),
    ({"language": ["fr"]}, {"Cy"}),
    ({"region": "IL"}, {"Ana", "Cy"}),
    ({"country": "ca"}, {"Ben"}),
    ({"consultation": True}, {"Ana"}),
    ({"verified": True}, {"Ana", "Cy"}),
    ({"q": "trauma", "country": "US"}, {"Ana"}),
    ({"q": "adolescents", "verified": True, "discipline": "psychologist"}, {"Cy"}),
    ({"q": "teens", "consultation": True}, {"Ana"}),
    ({"q": "trauma", "modality": ["cbt"]}, set()),
])
def test_filters(viewer, people, query, expected):
    assert set(names(viewer, **query)) == expected


FILTERS_ALONE = [
    ({"discipline": "psychiatric-np"}, {"Ana"}),
    ({"specialty": ["trauma-ptsd", "grief-loss"]}, {"Ben"}),
    ({"modality": ["emdr"]}, {"Ben"}),
    ({"population": ["adolescents"]}, {"Ana", "Cy"}),
    ({"language": ["es"]}, {"Ana"}),
    ({"region": "IL"}, {"Ana", "Cy"}),
    ({"region": " i.l "}, {"Ana", "Cy"}),
    ({"country": "ca"}, {"Ben"}),
    ({"consultation": True}, {"Ana"}),
    ({"verified": True}, {"Ana", "Cy"}),
    ({"discipline": "lpc", "verified": True}, set()),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS_ALONE)
def test_filters_answer_the_same_with_words(viewer, people, query, expected):
    """With words the filters are matched as index tokens, without them as SQL: same people."""
    assert set(names(viewer, **query)) == expected
    assert set(names(viewer, q="talk", **query)) == expected


def test_event_filter_goes_through_the_attendance_hook(viewer, people):
    assert names(viewer, event=7) == []  # no such event: nobody attended it
    previous = attendance_hook.attendance()

    class OneEvent(attendance_hook.NoEvents):
        # As the events feature will: in SQL, with the event id as it is given (a value or
        # the directory's bound parameter).
        def attendee_clause(self, event_id, user_id_column):
            return and_(type_coerce(event_id, Integer) == 7,
                        user_id_column.in_([people["ben"].id]))

    attendance_hook.register_attendance_source(OneEvent())
    try:
        assert names(viewer, event=7) == ["Ben"]
        assert names(viewer, event=7, q="grief") == ["Ben"]
        assert names(viewer, event=8) == []
    finally:
        attendance_hook.register_attendance_source(previous)


def test_widening_options_count_what_each_removal_finds(viewer, people):
    filters = Filters.from_query({"q": "trauma", "modality": ["cbt"], "verified": True})
    assert count_matches(viewer, filters) == 0
    options = {(o.name, o.value): o.count for o in widening_options(viewer, filters)}
    assert options == {("modality", "cbt"): 1, ("q", "trauma"): 1, ("verified", True): 0}


# --- paging ---------------------------------------------------------------------------------


def test_pagination_totals(viewer):
    for n in range(7):
        clinician(f"Pager {n}", specialties=["sleep"])
    first = search_directory(viewer, Filters(specialty=("sleep",)), page=1, per_page=3)
    assert (len(first.items), first.total, first.pages) == (3, 7, 3)
    assert first.has_next and not first.has_prev
    last = search_directory(viewer, Filters(specialty=("sleep",)), page=3, per_page=3)
    assert (len(last.items), last.total) == (1, 7)
    assert not last.has_next
    beyond = search_directory(viewer, Filters(specialty=("sleep",)), page=9, per_page=3)
    assert (beyond.items, beyond.total) == ([], 7)
    seen = [p.display_name for page in (1, 2, 3) for p in search_directory(
        viewer, Filters(q="sleep"), page=page, per_page=3).items]
    assert sorted(seen) == [f"Pager {n}" for n in range(7)]


def test_per_page_is_capped(viewer):
    assert search_directory(viewer, Filters(), per_page=5000).per_page == 50


# --- injection ------------------------------------------------------------------------------


NASTY = ['"', '""', "'", "AND (", "*", "trauma*", "NEAR(trauma grief)", "OR", "NOT trauma",
         "-trauma", "^trauma", "name:trauma", "{name bio}: x", "a & b | !c", "x:*", "(((",
         "\\", "'; DROP TABLE profiles; --", "😀", "trauma\x00", "_", "  ", "AND", "a" * 200,
         "ü ß ø", "!!!", "<->", "trauma:A"]


@pytest.mark.parametrize("query", NASTY)
def test_query_syntax_cannot_be_injected(viewer, people, query):
    search_directory(viewer, Filters(q=query))  # must not raise
    assert db.session.scalar(select(Profile.user_id).where(Profile.display_name == "Ana"))


def test_user_words_are_matched_as_words(viewer, people):
    assert set(names(viewer, q='"trauma')) == {"Ana", "Ben"}
    assert set(names(viewer, q="(trauma*)")) == {"Ana", "Ben"}
    assert names(viewer, q="trauma NEAR emdr") == []  # NEAR is a word here, not an operator


# --- privacy --------------------------------------------------------------------------------


def test_blocked_members_never_appear_either_way(viewer):
    blocker = clinician("Blocks Viewer", specialties=["perinatal"])
    blocked = clinician("Blocked By Viewer", specialties=["perinatal"])
    clinician("Free Person", specialties=["perinatal"])
    block(blocker, viewer)
    block(viewer, blocked)
    assert names(viewer, q="perinatal") == ["Free Person"]
    assert names(viewer, specialty=["perinatal"]) == ["Free Person"]
    assert "Viewer Person" not in names(blocker)
    assert "Viewer Person" not in names(blocked)


def test_each_viewer_gets_their_own_privacy_from_the_same_search(viewer):
    # The statements are built once and reused; only the parameters say who is looking.
    private = clinician("Private Sleep", specialties=["sleep"], visibility="connections")
    blocker = clinician("Blocking Sleep", specialties=["sleep"])
    clinician("Open Sleep", specialties=["sleep"])
    friend = factories.make_user(name="Friend")
    admin = factories.make_user(name="Admin Person", role="admin")
    connect(friend, private)
    block(blocker, viewer)
    for query in ({"q": "sleep"}, {"specialty": ["sleep"]}, {"q": "sleep", "country": ""}):
        for _ in range(2):  # alternate, so each viewer runs a statement another one built
            assert set(names(viewer, **query)) == {"Open Sleep"}
            assert set(names(friend, **query)) == {"Open Sleep", "Private Sleep",
                                                   "Blocking Sleep"}
            assert set(names(admin, **query)) == {"Open Sleep", "Private Sleep",
                                                  "Blocking Sleep"}


def test_a_block_not_yet_written_already_counts(viewer):
    blocker = clinician("Pending Blocker", specialties=["sleep"])
    db.session.add(Block(blocker_id=blocker.id, blocked_id=viewer.id))  # not flushed
    assert names(viewer, q="sleep") == [] and names(viewer) == ["Viewer Person"]
    db.session.rollback()


def test_a_search_needs_a_viewer(app):
    with pytest.raises(NotAuthenticated):
        search_directory(None, Filters(q="sleep"))


def test_connections_only_profiles_are_hidden_from_strangers(viewer):
    private = clinician("Private Person", specialties=["geriatric"], visibility="connections")
    attendees = clinician("Attendees Person", specialties=["geriatric"],
                          visibility="connections_and_attendees")
    stranger = factories.make_user(name="Stranger")
    assert names(stranger, q="geriatric") == []
    connect(viewer, private)
    connect(attendees, viewer)
    assert set(names(viewer, q="geriatric")) == {"Private Person", "Attendees Person"}
    assert names(stranger, q="geriatric") == []
    assert names(private, q="geriatric") == ["Private Person"]  # yourself, always


def test_admins_see_every_profile(viewer):
    hidden = clinician("Hidden Person", specialties=["geriatric"], visibility="connections")
    admin = factories.make_user(name="Admin", role="admin")
    block(hidden, admin)
    assert names(admin, q="geriatric") == ["Hidden Person"]
    moderator = factories.make_user(name="Moderator", role="moderator")
    assert names(moderator, q="geriatric") == []


def test_the_license_number_is_never_indexed(viewer):
    user = clinician("Lic Holder", license_jurisdiction="Illinois",
                     license_number="PSY-0718293")
    for query in ("0718293", "PSY 0718293", "PSY-0718293", "071829"):
        assert names(viewer, q=query) == []
        assert names(factories.make_user(role="admin"), q=query) == []
    assert "0718293" not in index_text(user.id)
    assert "lic" in index_text(user.id).lower()


# --- the index follows the data -------------------------------------------------------------


def test_the_index_follows_edits(viewer):
    user = clinician("Olga Marsh", bio="Mostly couples work.", specialties=["couples"])
    assert names(viewer, q="couples") == ["Olga Marsh"]
    fill_profile(user, bio="Now mostly sleep work.", specialties=["sleep"],
                 display_name="Olga Fenwick")
    assert names(viewer, q="couples") == []
    assert names(viewer, q="sleep") == ["Olga Fenwick"]
    assert names(viewer, q="fenwick") == ["Olga Fenwick"]
    assert names(viewer, q="marsh") == []


def test_a_deleted_account_leaves_the_index(viewer):
    user = clinician("Leaving Soon", specialties=["eating-disorders"])
    user_id = user.id
    assert names(viewer, q="leaving") == ["Leaving Soon"]
    accounts.delete_account(user, password=factories.PASSWORD)
    assert index_text(user_id) == ""
    assert names(viewer, q="leaving") == []
    # SQLite may hand the same id to the next account: it must not inherit the old entry.
    newcomer = clinician("Newcomer")
    assert names(viewer, q="eating") == []
    assert "leaving" not in index_text(newcomer.id).lower()


def test_rebuild_indexes_profiles_written_without_the_signal(viewer):
    user = factories.make_user(name="Bulk Loaded")
    profile = db.session.get(Profile, user.id)
    profile.bio = "Inserted in bulk, telehealth only."
    db.session.commit()  # no profile_changed: the index still has the empty profile
    assert names(viewer, q="telehealth") == []
    assert rebuild_search_index() >= 2
    db.session.commit()
    assert names(viewer, q="telehealth") == ["Bulk Loaded"]


def test_the_demo_seed_is_searchable(app):
    from peerlink.demo.clinicians import CLINICIANS
    from peerlink.demo.seed import seed_demo

    assert seed_demo() == len(CLINICIANS)
    admin = db.session.scalar(select(Profile).where(
        Profile.display_name == CLINICIANS[0].name)).user
    assert CLINICIANS[0].name in names(admin, q=CLINICIANS[0].name.split()[-1])


def test_results_are_counted_up_to_the_cap_best_first(viewer, monkeypatch):
    from peerlink.directory import search

    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for n in range(5):
        clinician(f"Mention {n}", bio="Weekly grief group.")
    result = search_directory(viewer, Filters(q="grief"))
    assert (result.total, result.more, result.pages, len(result.items)) == (3, True, 1, 3)
    assert count_matches(viewer, Filters(q="grief")) == 4  # counted up to the cap and one
    exact = search_directory(viewer, Filters(q="grief", region="nowhere"))
    assert (exact.total, exact.more) == (0, False)


# --- a constant number of queries -----------------------------------------------------------


def test_query_count_does_not_grow_with_the_results(viewer):
    for n in range(20):
        clinician(f"Counted {n}", specialties=["trauma-ptsd", "sleep"], modalities=["cbt"],
                  populations=["adults"], languages=["en"], discipline="lcsw",
                  bio="xylophone" if n < 2 else "")
    db.session.expire_all()
    assert viewer.role == "member"  # load the viewer before counting, as a request has
    counts = {}
    for query, expected in ((Filters(q="xylophone"), 2), (Filters(q="counted"), 20),
                            (Filters(specialty=("sleep",)), 20)):
        # On PostgreSQL the first search with a word also learns its stem, and the first in
        # a while the index statistics (search_stats): count a search as it usually runs.
        search_directory(viewer, query, per_page=50)
        with count_queries() as counter:
            result = search_directory(viewer, query, per_page=50)
            for profile in result.items:  # what a card or the API shows
                _ = (profile.discipline and profile.discipline.label,
                     [t.label for t in profile.specialties + profile.modalities
                      + profile.populations + profile.languages])
        assert len(result.items) == expected
        counts[expected, query.q] = counter[0]
    # Two results or twenty: the same queries (a search without words needs one fewer).
    assert counts[2, "xylophone"] == counts[20, "counted"], counts
    assert counts[20, ""] <= counts[20, "counted"], counts
