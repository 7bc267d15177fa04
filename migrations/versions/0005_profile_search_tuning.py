"""directory search on PostgreSQL: a short GIN pending list, no parallel workers

PostgreSQL only; nothing to do on SQLite.

A GIN index first appends new entries to a pending list that every search reads in full
until it is merged, up to gin_pending_list_limit (4 MB by default): after a bulk rebuild,
450 pages per query whatever the words. 64 kB keeps writes batched and the list short.

A directory search reads at most a few hundred rows, and starting parallel workers for it
costs more than it saves, so the planner is told not to use them on the index table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 18:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_profile_search_document SET (gin_pending_list_limit = 64)")
    op.execute("SELECT gin_clean_pending_list('ix_profile_search_document')")
    op.execute("ALTER TABLE profile_search SET (parallel_workers = 0)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE profile_search RESET (parallel_workers)")
    op.execute("ALTER INDEX ix_profile_search_document RESET (gin_pending_list_limit)")
