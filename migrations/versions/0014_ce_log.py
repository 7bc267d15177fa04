"""the CE log: entries, certificates, renewal requirements, their templates, reminders

Hours are whole hundredths of an hour (centihours), exact on SQLite and PostgreSQL alike.
Subject minimums are a JSON object {subject code: centihours}; the subject codes are listed in
peerlink.ce_log.subjects. The license templates are added by `flask ce-log seed-templates`
(and `flask seed-demo`), which admins then edit.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 19:02:37.542854

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('ce_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('license_type', sa.String(length=120), nullable=False),
    sa.Column('cycle_years', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('total_centihours', sa.Integer(), nullable=False),
    sa.Column('self_study_cap_centihours', sa.Integer(), nullable=True),
    sa.Column('live_minimum_centihours', sa.Integer(), nullable=True),
    sa.Column('subject_minimums', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ce_templates')),
    sa.UniqueConstraint('name', name=op.f('uq_ce_templates_name'))
    )
    op.create_table('ce_certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('line', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pdf', 'jpeg', 'png', 'webp')", name=op.f('ck_ce_certificates_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ce_certificates_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ce_certificates')),
    sa.UniqueConstraint('name', name=op.f('uq_ce_certificates_name')),
    sa.UniqueConstraint('user_id', 'line', name='one_per_line')
    )
    op.create_table('ce_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('centihours', sa.Integer(), nullable=False),
    sa.Column('live', sa.Boolean(), nullable=False),
    sa.Column('subjects', sa.JSON(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('centihours > 0', name=op.f('ck_ce_entries_positive_hours')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ce_entries_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ce_entries'))
    )
    with op.batch_alter_table('ce_entries', schema=None) as batch_op:
        batch_op.create_index('ix_ce_entries_user_completed', ['user_id', 'completed_on'], unique=False)

    op.create_table('ce_requirements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('license_name', sa.String(length=120), nullable=False),
    sa.Column('cycle_start', sa.Date(), nullable=False),
    sa.Column('cycle_end', sa.Date(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('total_centihours', sa.Integer(), nullable=False),
    sa.Column('self_study_cap_centihours', sa.Integer(), nullable=True),
    sa.Column('live_minimum_centihours', sa.Integer(), nullable=True),
    sa.Column('subject_minimums', sa.JSON(), nullable=False),
    sa.CheckConstraint('cycle_start < cycle_end', name=op.f('ck_ce_requirements_cycle_order')),
    sa.CheckConstraint('total_centihours > 0', name=op.f('ck_ce_requirements_positive_total')),
    sa.ForeignKeyConstraint(['template_id'], ['ce_templates.id'], name=op.f('fk_ce_requirements_template_id_ce_templates'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ce_requirements_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ce_requirements'))
    )
    with op.batch_alter_table('ce_requirements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ce_requirements_cycle_end'), ['cycle_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_ce_requirements_user_id'), ['user_id'], unique=False)

    op.create_table('ce_reminders',
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('cycle_end', sa.Date(), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['requirement_id'], ['ce_requirements.id'], name=op.f('fk_ce_reminders_requirement_id_ce_requirements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('requirement_id', 'cycle_end', 'days', name=op.f('pk_ce_reminders'))
    )


def downgrade():
    op.drop_table('ce_reminders')
    with op.batch_alter_table('ce_requirements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ce_requirements_user_id'))
        batch_op.drop_index(batch_op.f('ix_ce_requirements_cycle_end'))

    op.drop_table('ce_requirements')
    with op.batch_alter_table('ce_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_ce_entries_user_completed')

    op.drop_table('ce_entries')
    op.drop_table('ce_certificates')
    op.drop_table('ce_templates')
