"""PostgreSQL: how the directory index is read (search_stats), and that it never changes results."""

import pytest
from sqlalchemy import text

from peerlink.directory import statistics as search_stats
from peerlink.directory.search import Filters, search_directory
from peerlink.extensions import db
from tests import factories
from tests.factories import block, clinician, connect

# The choice between index and scan is PostgreSQL's; SQLite's FTS5 streams its doclists.
pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def members(app):
    """Twelve clinicians: all in trauma work, a third also in grief; some hidden from the viewer."""
    viewer = factories.make_user(name="Viewer Person")
    people = []
    for n in range(12):
        people.append(clinician(
            f"Person {n:02}", specialties=["trauma-ptsd"] + (["grief-loss"] if n % 3 == 0 else []),
            discipline="lcsw" if n % 2 else "psychologist", verification_status="verified"
            if n % 4 == 0 else "unverified", region="TX" if n < 6 else "OR", country="US",
            visibility="connections" if n in (4, 5) else "members"))
    connect(viewer, people[4])
    block(people[7], viewer)
    db.session.execute(text("ANALYZE profile_search"))
    search_stats._cache().read_at = float("-inf")  # read the fresh statistics
    return viewer, people


def test_shares_come_from_the_index_statistics(members):
    assert search_stats.matching_share(["trauma"], [], "english") == pytest.approx(12 / 13)
    # "grief" stems to "grief"; 4 of 13 entries; two words multiply.
    assert search_stats.matching_share(["Grief"], [], "english") == pytest.approx(4 / 13)
    assert search_stats.matching_share(["trauma", "grief"], [], "english") == pytest.approx(
        12 / 13 * 4 / 13)
    # A stop word has no lexeme, a word nobody uses is not in the statistics: both rare.
    assert search_stats.matching_share(["the"], [], "english") == 0.0
    assert search_stats.matching_share(["xylophone"], [], "english") == 0.0
    assert search_stats.scan_is_faster(["trauma"], [], "english")
    assert not search_stats.scan_is_faster(["xylophone"], [], "english")


QUERIES = [Filters(q="trauma"), Filters(q="grief"), Filters(q="trauma grief"),
           Filters(q="traum"), Filters(q="person", region="TX"),
           Filters(q="trauma", verified=True), Filters(region="TX"),
           Filters(discipline="lcsw", country="US"), Filters(q="xylophone")]


def _results(viewer):
    return [[(entry.user_id, entry.display_name) for entry in
             search_directory(viewer, query, per_page=50).items] for query in QUERIES]


def test_scanning_and_reading_the_index_find_the_same_people(members, monkeypatch):
    viewer, people = members
    monkeypatch.setattr(search_stats, "SCAN_FROM", 0.0)  # scan every time
    scanned = _results(viewer)
    monkeypatch.setattr(search_stats, "SCAN_FROM", 2.0)  # never scan
    indexed = _results(viewer)
    assert scanned == indexed
    found = {user_id for page in scanned for user_id, _ in page}
    # The privacy rule holds either way: the blocker and the connections-only stranger are
    # never found; the connection is.
    assert people[7].id not in found and people[5].id not in found
    assert people[4].id in found
    assert [name for _, name in scanned[1]] == ["Person 00", "Person 03", "Person 06",
                                                 "Person 09"]


def test_missing_statistics_mean_reading_the_index(app):
    # A new database before its first ANALYZE: no statistics, every word counts as rare.
    clinician("Only One", specialties=["trauma-ptsd"])
    search_stats._cache().read_at = float("-inf")
    assert not search_stats.scan_is_faster(["trauma"], [], "english")


def test_a_prefix_counts_every_lexeme_it_begins(members):
    # "traum" begins "trauma" (12 of 13 entries); nothing begins "xylo".
    assert search_stats.matching_share(["traum"], [], "english", prefix=True) == pytest.approx(
        12 / 13)
    assert search_stats.matching_share(["xylo"], [], "english", prefix=True) == 0.0
    assert search_stats.matching_share(["traum"], [], "english") == 0.0


def test_stop_words_alone_match_nobody_even_with_filters(members):
    viewer, _ = members
    # The english index has no "the": the words part would vanish and leave the filters.
    assert search_directory(viewer, Filters(q="the", region="TX")).items == []
    assert search_directory(viewer, Filters(q="the")).items == []
    assert [e.display_name for e in search_directory(viewer, Filters(q="the person",
                                                                      region="TX")).items]
