"""profiles hold a photo

The random name of the member's profile photo, whose resized files live under UPLOAD_DIR.
Unique, and indexed for the route that serves a photo by its name.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


# Plain ALTER TABLE both ways, not batch mode: SQLite (3.35+) adds and drops a column in
# place, where a batch copy of `profiles` would lose its expression index (migration 0004).
def upgrade():
    op.add_column('profiles', sa.Column('photo', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_profiles_photo'), 'profiles', ['photo'], unique=True)


def downgrade():
    op.drop_index(op.f('ix_profiles_photo'), table_name='profiles')
    op.drop_column('profiles', 'photo')
