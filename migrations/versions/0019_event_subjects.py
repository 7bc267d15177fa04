"""CE subjects on events and their sessions

A JSON list of CE subject codes (peerlink.ce_log.subjects), as the CE log stores an entry's
subjects: a session's hours count toward them, or the event's where it is credited as a
whole. Existing events and sessions start with none.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30 20:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('events', 'event_sessions'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('subjects', sa.JSON(), nullable=False,
                                          server_default=sa.text("'[]'")))


def downgrade():
    for table in ('event_sessions', 'events'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('subjects')
