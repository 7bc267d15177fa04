"""The migrations build exactly the schema the models describe, on every backend."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from peerlink.extensions import db
from peerlink.migration_filters import include_name


# SQLite cannot reflect migration 0004's expression index; it is left out on purpose.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_migrated_schema_matches_the_models(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                       "include_name": include_name})
        diff = compare_metadata(context, db.metadata)
    assert diff == []
