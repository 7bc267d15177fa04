"""people to meet remembers whom a member dismissed

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dismissed_suggestions',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('dismissed_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('member_id <> dismissed_id', name=op.f('ck_dismissed_suggestions_not_self')),
    sa.ForeignKeyConstraint(['dismissed_id'], ['users.id'], name=op.f('fk_dismissed_suggestions_dismissed_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['users.id'], name=op.f('fk_dismissed_suggestions_member_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', 'dismissed_id', name=op.f('pk_dismissed_suggestions'))
    )


def downgrade():
    op.drop_table('dismissed_suggestions')
