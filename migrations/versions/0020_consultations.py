"""Case consultations

Requests, their proposed slots, every change of state, private notes and CE credits.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 23:38:29.837268

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('peer_id', sa.Integer(), nullable=True),
    sa.Column('audience', sa.String(length=10), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=True),
    sa.Column('specialty_id', sa.Integer(), nullable=True),
    sa.Column('modality_id', sa.Integer(), nullable=True),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=False),
    sa.Column('attested_at', sa.DateTime(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('decline_reason', sa.String(length=500), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('purged_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('requester_id <> peer_id', name=op.f('ck_consultations_not_with_oneself')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_consultations_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['modality_id'], ['modalities.id'], name=op.f('fk_consultations_modality_id_modalities'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['peer_id'], ['users.id'], name=op.f('fk_consultations_peer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_consultations_requester_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['specialty_id'], ['specialties.id'], name=op.f('fk_consultations_specialty_id_specialties'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_peer_id'), ['peer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index('ix_consultations_state_expires_at', ['state', 'expires_at'], unique=False)

    op.create_table('consultation_credits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_credits_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consultation_credits_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_credits')),
    sa.UniqueConstraint('consultation_id', 'user_id', name='credited_once')
    )
    with op.batch_alter_table('consultation_credits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_credits_consultation_id'), ['consultation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_credits_user_id'), ['user_id'], unique=False)

    op.create_table('consultation_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_consultation_notes_author_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_notes_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_notes')),
    sa.UniqueConstraint('consultation_id', 'author_id', name='one_note_each')
    )
    with op.batch_alter_table('consultation_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_notes_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_notes_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_slots_consultation_id_consultations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_consultation_slots_proposed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_slots')),
    sa.UniqueConstraint('consultation_id', 'round', 'starts_at', name='slot_once_per_round')
    )
    with op.batch_alter_table('consultation_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_slots_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_transitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_state', sa.String(length=20), nullable=True),
    sa.Column('to_state', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_consultation_transitions_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_transitions_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_transitions'))
    )
    with op.batch_alter_table('consultation_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_transitions_consultation_id'), ['consultation_id'], unique=False)



def downgrade():
    with op.batch_alter_table('consultation_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_transitions_consultation_id'))

    op.drop_table('consultation_transitions')
    with op.batch_alter_table('consultation_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_slots_consultation_id'))

    op.drop_table('consultation_slots')
    with op.batch_alter_table('consultation_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_notes_consultation_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_notes_author_id'))

    op.drop_table('consultation_notes')
    with op.batch_alter_table('consultation_credits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_credits_user_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_credits_consultation_id'))

    op.drop_table('consultation_credits')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index('ix_consultations_state_expires_at')
        batch_op.drop_index(batch_op.f('ix_consultations_requester_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_peer_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_group_id'))

    op.drop_table('consultations')
