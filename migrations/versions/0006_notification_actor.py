"""notifications remember who caused them

A notification such as "Ben asked to connect with you" names another member. With the
member recorded, a block can remove what each side was told about the other (a blocked
member sees nothing of the member who blocked them), and deleting an account removes the
notifications that name it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 21:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notifications_actor_id_users'), 'users',
                                    ['actor_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_notifications_actor_id'), ['actor_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_actor_id'))
        batch_op.drop_constraint(batch_op.f('fk_notifications_actor_id_users'),
                                 type_='foreignkey')
        batch_op.drop_column('actor_id')
