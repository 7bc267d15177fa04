"""Migration 0003: the index goes away on downgrade, comes back on upgrade, and
`flask reindex-directory` fills it from the profiles already there."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from peerlink.accounts.models import User
from peerlink.directory.search import Filters, search_directory
from peerlink.extensions import db
from peerlink.profiles.models import Profile
from tests import factories


def _has_index_table() -> bool:
    return "profile_search" in inspect(db.engine).get_table_names()


def test_downgrade_drops_the_index_and_reindexing_fills_it_from_existing_profiles(app):
    viewer_id = factories.make_user(name="Viewer").id
    other = factories.make_user(name="Existing Member")
    db.session.get(Profile, other.id).bio = "Written before the index existed: hypnotherapy."
    db.session.commit()
    db.session.remove()

    downgrade(revision="0002")
    assert not _has_index_table()
    upgrade()
    assert _has_index_table()
    viewer = db.session.get(User, viewer_id)
    assert search_directory(viewer, Filters(q="hypnotherapy")).items == []

    result = app.test_cli_runner().invoke(args=["reindex-directory"])
    assert result.exit_code == 0 and "Indexed 2 profiles." in result.output
    db.session.remove()
    viewer = db.session.get(User, viewer_id)
    result = search_directory(viewer, Filters(q="hypnotherapy"))
    assert [p.display_name for p in result.items] == ["Existing Member"]
    if db.engine.dialect.name == "postgresql":
        indexes = db.session.scalars(text(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'profile_search'")).all()
        assert any("gin (document)" in definition for definition in indexes)
