"""members can be suspended

An admin suspends a member: they cannot sign in, their sessions and API tokens stop working,
and other members no longer find them. `users.suspended_at` says since when (NULL: not
suspended); the audit trail keeps who did it and why.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 15:51:12.708675

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_suspended_at'), ['suspended_at'], unique=False)


def downgrade():
    # Not in batch mode: on SQLite that copies `users` and drops the original, and with
    # foreign keys on, dropping `users` deletes every row that refers to it (profiles,
    # tokens, connections ...). SQLite 3.35+ drops a plain column in place.
    op.drop_index(op.f('ix_users_suspended_at'), table_name='users')
    op.drop_column('users', 'suspended_at')
