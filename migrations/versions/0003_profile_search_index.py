"""full-text index for the peer directory

SQLite: an FTS5 virtual table `profile_search` (rowid = profiles.user_id), one column per
part of the profile so bm25 can weigh a name above a bio.
PostgreSQL: a side table `profile_search` (user_id -> profiles, ON DELETE CASCADE) holding a
weighted tsvector, with a GIN index.

Neither is on `db.metadata`; peerlink.migration_filters keeps autogenerate away from them.
The app writes every entry (peerlink.directory.search). Profiles arrive with this same
release, so the index starts empty; `flask reindex-directory` rebuilds it at any time.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 06:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


SQLITE_CREATE = """
CREATE VIRTUAL TABLE profile_search USING fts5(
    name, discipline, specialties, modalities, populations, topics, location, bio, facets,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
)
"""


def upgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE TABLE profile_search (
                user_id INTEGER NOT NULL
                    CONSTRAINT pk_profile_search PRIMARY KEY
                    CONSTRAINT fk_profile_search_user_id_profiles
                    REFERENCES profiles (user_id) ON DELETE CASCADE,
                document TSVECTOR NOT NULL
            )
        """)
        op.execute("CREATE INDEX ix_profile_search_document ON profile_search "
                   "USING gin (document)")
    else:
        op.execute(SQLITE_CREATE)


def downgrade():
    op.execute("DROP TABLE IF EXISTS profile_search")
