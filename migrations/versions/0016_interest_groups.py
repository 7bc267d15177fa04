"""interest groups: groups, memberships, invitations, threads, posts, follows, reports,
and the full-text index of a group's threads

The index is made like the directory's (0003): on SQLite an FTS5 table `thread_search`
(rowid = group_threads.id; title and the text of the thread's visible posts), on PostgreSQL
a side table holding a weighted tsvector with a GIN index, deleted with its thread. Neither
is on `db.metadata` (peerlink.migration_filters). peerlink.groups.search writes the entries.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 19:00:44.300541

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


SQLITE_CREATE = """
CREATE VIRTUAL TABLE thread_search USING fts5(
    title, body,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
)
"""


def upgrade():
    op.create_table('groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('rules', sa.String(length=4000), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('visibility', sa.String(length=10), nullable=False),
    sa.Column('listed', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('topic', 'event_follow_up', 'peer_support')", name=op.f('ck_groups_kind')),
    sa.CheckConstraint("visibility IN ('open', 'private')", name=op.f('ck_groups_visibility')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_groups_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_groups'))
    )
    op.create_table('group_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invitee_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined', 'revoked')", name=op.f('ck_group_invitations_status')),
    sa.CheckConstraint('invitee_id IS NOT NULL OR email IS NOT NULL', name=op.f('ck_group_invitations_someone')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_invitations_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_group_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['invitee_id'], ['users.id'], name=op.f('fk_group_invitations_invitee_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_invitations')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_group_invitations_token_digest'))
    )
    with op.batch_alter_table('group_invitations', schema=None) as batch_op:
        batch_op.create_index('ix_group_invitations_email', ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_invitations_group_id'), ['group_id'], unique=False)
        batch_op.create_index('ix_group_invitations_invitee', ['invitee_id'], unique=False)

    op.create_table('group_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('norms_acknowledged_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("role IN ('owner', 'moderator', 'member')", name=op.f('ck_group_memberships_role')),
    sa.CheckConstraint("status IN ('active', 'requested', 'banned')", name=op.f('ck_group_memberships_status')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_memberships_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_memberships')),
    sa.UniqueConstraint('group_id', 'user_id', name='member_once')
    )
    with op.batch_alter_table('group_memberships', schema=None) as batch_op:
        batch_op.create_index('ix_group_memberships_group_status', ['group_id', 'status'], unique=False)
        batch_op.create_index('ix_group_memberships_user_status', ['user_id', 'status'], unique=False)

    op.create_table('group_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('reply_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_post_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_group_threads_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_threads_group_id_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_threads'))
    )
    with op.batch_alter_table('group_threads', schema=None) as batch_op:
        batch_op.create_index('ix_group_threads_group_order', ['group_id', 'pinned', 'last_post_at'], unique=False)

    op.create_table('group_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('opening', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('edited_at', sa.DateTime(), nullable=True),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.Column('removed_by_id', sa.Integer(), nullable=True),
    sa.Column('removal_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_group_posts_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['removed_by_id'], ['users.id'], name=op.f('fk_group_posts_removed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['group_threads.id'], name=op.f('fk_group_posts_thread_id_group_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_posts'))
    )
    with op.batch_alter_table('group_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_posts_author_id'), ['author_id'], unique=False)
        batch_op.create_index('ix_group_posts_thread_order', ['thread_id', 'opening', 'id'], unique=False)

    op.create_table('group_thread_follows',
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['group_threads.id'], name=op.f('fk_group_thread_follows_thread_id_group_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_thread_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('thread_id', 'user_id', name=op.f('pk_group_thread_follows'))
    )
    with op.batch_alter_table('group_thread_follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_thread_follows_user_id'), ['user_id'], unique=False)

    op.create_table('group_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=1000), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('open', 'resolved', 'dismissed')", name=op.f('ck_group_reports_status')),
    sa.ForeignKeyConstraint(['group_id'], ['groups.id'], name=op.f('fk_group_reports_group_id_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_group_reports_handled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['post_id'], ['group_posts.id'], name=op.f('fk_group_reports_post_id_group_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_group_reports_reporter_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_reports')),
    sa.UniqueConstraint('post_id', 'reporter_id', name='once_per_reporter')
    )
    with op.batch_alter_table('group_reports', schema=None) as batch_op:
        batch_op.create_index('ix_group_reports_group_status', ['group_id', 'status'], unique=False)


    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE TABLE thread_search (
                thread_id INTEGER NOT NULL
                    CONSTRAINT pk_thread_search PRIMARY KEY
                    CONSTRAINT fk_thread_search_thread_id_group_threads
                    REFERENCES group_threads (id) ON DELETE CASCADE,
                document TSVECTOR NOT NULL
            )
        """)
        op.execute("CREATE INDEX ix_thread_search_document ON thread_search "
                   "USING gin (document)")
    else:
        op.execute(SQLITE_CREATE)


def downgrade():
    op.execute("DROP TABLE IF EXISTS thread_search")
    with op.batch_alter_table('group_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_group_reports_group_status')

    op.drop_table('group_reports')
    with op.batch_alter_table('group_thread_follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_thread_follows_user_id'))

    op.drop_table('group_thread_follows')
    with op.batch_alter_table('group_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_group_posts_thread_order')
        batch_op.drop_index(batch_op.f('ix_group_posts_author_id'))

    op.drop_table('group_posts')
    with op.batch_alter_table('group_threads', schema=None) as batch_op:
        batch_op.drop_index('ix_group_threads_group_order')

    op.drop_table('group_threads')
    with op.batch_alter_table('group_memberships', schema=None) as batch_op:
        batch_op.drop_index('ix_group_memberships_user_status')
        batch_op.drop_index('ix_group_memberships_group_status')

    op.drop_table('group_memberships')
    with op.batch_alter_table('group_invitations', schema=None) as batch_op:
        batch_op.drop_index('ix_group_invitations_invitee')
        batch_op.drop_index(batch_op.f('ix_group_invitations_group_id'))
        batch_op.drop_index('ix_group_invitations_email')

    op.drop_table('group_invitations')
    op.drop_table('groups')
