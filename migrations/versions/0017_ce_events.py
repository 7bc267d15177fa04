"""CE events: events, sessions and their topics, credit bodies, attendance, search index

Events and their sessions (topic terms: the taxonomy's specialties and modalities), the
credit bodies an admin edits and which approved each event, members going to or attending
events and sessions (verified once checked in).

The events' full-text index is like the directory's (0003): SQLite keeps an FTS5 table
`event_search` (rowid = events.id: title, provider, session titles), PostgreSQL a side table
with a weighted tsvector and a GIN index. Neither is on the models; peerlink.events.index
writes every entry.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 19:07:49.827115

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('credit_bodies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credit_bodies')),
    sa.UniqueConstraint('slug', name=op.f('uq_credit_bodies_slug'))
    )
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('provider', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('online', sa.Boolean(), nullable=False),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('credit_hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.Column('organizer_id', sa.Integer(), nullable=True),
    sa.Column('checkin_code', sa.String(length=16), nullable=False),
    sa.Column('previous_checkin_code', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('credit_hours >= 0', name=op.f('ck_events_credit_hours')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_events_ends_after_start')),
    sa.ForeignKeyConstraint(['organizer_id'], ['users.id'], name=op.f('fk_events_organizer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_organizer_id'), ['organizer_id'], unique=False)
        batch_op.create_index('ix_events_starts_at', ['starts_at'], unique=False)

    op.create_table('event_attendances',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('show_on_attendee_list', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('going', 'attended')", name=op.f('ck_event_attendances_status')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_attendances_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_attendances_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'user_id', name=op.f('pk_event_attendances'))
    )
    with op.batch_alter_table('event_attendances', schema=None) as batch_op:
        batch_op.create_index('ix_event_attendances_user', ['user_id'], unique=False)

    op.create_table('event_credit_bodies',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('credit_body_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['credit_body_id'], ['credit_bodies.id'], name=op.f('fk_event_credit_bodies_credit_body_id_credit_bodies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_credit_bodies_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'credit_body_id', name=op.f('pk_event_credit_bodies'))
    )
    with op.batch_alter_table('event_credit_bodies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_credit_bodies_credit_body_id'), ['credit_body_id'], unique=False)

    op.create_table('event_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('room', sa.String(length=120), nullable=False),
    sa.Column('presenters', sa.String(length=500), nullable=False),
    sa.Column('credit_hours', sa.Numeric(precision=6, scale=2), nullable=False),
    sa.CheckConstraint('credit_hours >= 0', name=op.f('ck_event_sessions_credit_hours')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_event_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_sessions_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_sessions'))
    )
    with op.batch_alter_table('event_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_sessions_event_id'), ['event_id'], unique=False)

    op.create_table('event_session_attendances',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_event_session_attendances_session_id_event_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_session_attendances_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_event_session_attendances'))
    )
    with op.batch_alter_table('event_session_attendances', schema=None) as batch_op:
        batch_op.create_index('ix_event_session_attendances_user', ['user_id'], unique=False)

    op.create_table('session_modalities',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_session_modalities_session_id_event_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['modalities.id'], name=op.f('fk_session_modalities_term_id_modalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'term_id', name=op.f('pk_session_modalities'))
    )
    with op.batch_alter_table('session_modalities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_modalities_term_id'), ['term_id'], unique=False)

    op.create_table('session_specialties',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['event_sessions.id'], name=op.f('fk_session_specialties_session_id_event_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['specialties.id'], name=op.f('fk_session_specialties_term_id_specialties'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'term_id', name=op.f('pk_session_specialties'))
    )
    with op.batch_alter_table('session_specialties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_specialties_term_id'), ['term_id'], unique=False)

    if op.get_bind().dialect.name == 'postgresql':
        op.execute("""
            CREATE TABLE event_search (
                event_id INTEGER NOT NULL
                    CONSTRAINT pk_event_search PRIMARY KEY
                    CONSTRAINT fk_event_search_event_id_events
                    REFERENCES events (id) ON DELETE CASCADE,
                document TSVECTOR NOT NULL
            )
        """)
        op.execute("CREATE INDEX ix_event_search_document ON event_search USING gin (document)")
    else:
        op.execute("CREATE VIRTUAL TABLE event_search USING fts5(title, provider, sessions, "
                   "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')")


def downgrade():
    op.execute("DROP TABLE IF EXISTS event_search")
    with op.batch_alter_table('session_specialties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_specialties_term_id'))

    op.drop_table('session_specialties')
    with op.batch_alter_table('session_modalities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_modalities_term_id'))

    op.drop_table('session_modalities')
    with op.batch_alter_table('event_session_attendances', schema=None) as batch_op:
        batch_op.drop_index('ix_event_session_attendances_user')

    op.drop_table('event_session_attendances')
    with op.batch_alter_table('event_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_sessions_event_id'))

    op.drop_table('event_sessions')
    with op.batch_alter_table('event_credit_bodies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_credit_bodies_credit_body_id'))

    op.drop_table('event_credit_bodies')
    with op.batch_alter_table('event_attendances', schema=None) as batch_op:
        batch_op.drop_index('ix_event_attendances_user')

    op.drop_table('event_attendances')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_starts_at')
        batch_op.drop_index(batch_op.f('ix_events_organizer_id'))
        batch_op.drop_index(batch_op.f('ix_events_country'))

    op.drop_table('events')
    op.drop_table('credit_bodies')
