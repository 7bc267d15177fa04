"""a partial index on the accounts not confirmed yet

Lists (the directory, people to meet) leave out members who have not confirmed their e-mail
address: `users.id NOT IN (unconfirmed ids)`. The index holds only those few rows, so the
condition costs a glance at a tiny index rather than a read of every account per search.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_users_unconfirmed', 'users', ['id'], unique=False,
                    sqlite_where=sa.text('email_confirmed_at IS NULL'),
                    postgresql_where=sa.text('email_confirmed_at IS NULL'))


def downgrade():
    op.drop_index('ix_users_unconfirmed', table_name='users')
