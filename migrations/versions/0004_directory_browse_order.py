"""directory browse order: an index that reads profiles verified first, then by name

The directory without words or filters lists everyone in this order; with the index the
first page is read from the index and the database stops after it, instead of sorting
every profile. The expressions must stay exactly those of peerlink.directory.search.
PERSON_ORDER. Expression indexes are not on `db.metadata`: peerlink.migration_filters keeps
autogenerate away from this one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 05:30:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX ix_profiles_directory_order ON profiles ("
               "(CASE WHEN verification_status = 'verified' THEN 0 ELSE 1 END), "
               "lower(display_name), user_id)")


def downgrade():
    op.execute("DROP INDEX ix_profiles_directory_order")
