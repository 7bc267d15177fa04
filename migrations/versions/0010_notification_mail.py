"""notifications by e-mail: each member's choice per kind, and what the digest owes them

A member chooses, per kind of notification, in PeerLink only, an e-mail at once or the
daily digest (a row only for the kinds they chose; the others follow the kind's default).
A notification waiting for the next digest is marked, so that `flask notifications
send-digests` sends each one once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('delivery', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_notification_preferences_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('digest_pending', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.create_index('ix_notifications_digest_pending', ['digest_pending', 'user_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_digest_pending')
        batch_op.drop_column('digest_pending')
    op.drop_table('notification_preferences')
