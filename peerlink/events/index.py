"""The events' full-text index: title, provider and session titles, the directory's way.

SQLite keeps an FTS5 table, PostgreSQL a weighted tsvector with a GIN index (migration 0017).
An entry is written from the event's rows by one SQL statement in the caller's transaction.
"""

from sqlalchemy import Integer, bindparam, column, text
from sqlalchemy.sql import ColumnElement

from peerlink.directory.index import PG_TEXT_CONFIG, is_postgresql
from peerlink.directory.search import search_words

_SESSIONS = ("coalesce((SELECT {agg}(s.title, ' ') FROM event_sessions s "
             "WHERE s.event_id = e.id), '')")
_IDS = bindparam("ids", expanding=True)

# Built from the constants above only: no input reaches this SQL; ids are bound.
SQLITE_ENTRY = text(
    "INSERT INTO event_search (rowid, title, provider, sessions) "  # noqa: S608 # nosec
    f"SELECT e.id, e.title, e.provider, {_SESSIONS.format(agg='group_concat')} "
    "FROM events e WHERE e.id IN :ids").bindparams(_IDS)
PG_ENTRY = text(
    "INSERT INTO event_search (event_id, document) SELECT e.id, "  # noqa: S608 # nosec
    f"setweight(to_tsvector('{PG_TEXT_CONFIG}', e.title), 'A') "
    f"|| setweight(to_tsvector('{PG_TEXT_CONFIG}', e.provider), 'B') "
    f"|| setweight(to_tsvector('{PG_TEXT_CONFIG}', {_SESSIONS.format(agg='string_agg')}), 'C') "
    "FROM events e WHERE e.id IN :ids "
    "ON CONFLICT (event_id) DO UPDATE SET document = EXCLUDED.document").bindparams(_IDS)
_SQLITE_DELETE = text("DELETE FROM event_search WHERE rowid IN :ids").bindparams(_IDS)


def index_events(event_ids) -> None:
    """(Re)write the entries of these events in the current transaction."""
    from peerlink.extensions import db

    ids = list(event_ids)
    if not ids:
        return
    db.session.flush()
    if is_postgresql():
        db.session.execute(PG_ENTRY, {"ids": ids})
    else:
        db.session.execute(_SQLITE_DELETE, {"ids": ids})
        db.session.execute(SQLITE_ENTRY, {"ids": ids})


def clear_event_index() -> None:
    from peerlink.extensions import db

    db.session.execute(text("DELETE FROM event_search"))


def matching(event_id_column, q: str) -> ColumnElement | None:
    """SQL: the event in `event_id_column` matches every word of `q` (the last also as the
    start of a longer word); None when `q` holds no word. Words only: quotes, operators and
    punctuation never reach the query parser."""
    words = search_words(q)
    if not words:
        return None
    if is_postgresql():
        query = " & ".join([*words[:-1], words[-1] + ":*"])
        # A constant; the words are bound.
        found = text("SELECT event_id AS id FROM event_search WHERE document @@ "  # noqa: S608 # nosec
                     f"to_tsquery('{PG_TEXT_CONFIG}', :event_words)")
    else:
        query = " ".join('"' + word + '"' for word in words) + "*"
        found = text("SELECT rowid AS id FROM event_search WHERE event_search MATCH :event_words")
    return event_id_column.in_(found.bindparams(event_words=query)
                               .columns(column("id", Integer)))
