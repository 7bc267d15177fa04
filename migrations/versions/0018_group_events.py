"""Groups linked to CE events

A link table owned by groups: a group follows one or more events; both sides cascade.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 20:08:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('group_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_group_events_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_events_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_events')),
    sa.UniqueConstraint('group_id', 'event_id', name='linked_once')
    )
    with op.batch_alter_table('group_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_events_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('group_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_events_event_id'))

    op.drop_table('group_events')
