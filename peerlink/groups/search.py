"""The full-text index of a group's threads, made the directory's way (directory/index.py):
an FTS5 table on SQLite, a weighted tsvector with a GIN index on PostgreSQL (migration
0016). An entry holds the thread's title and the text of its posts still shown, written by
one SQL statement in the caller's transaction whenever a post changes. Search runs only
within a group the member may read, so an unlisted group's threads never reach anyone else.
"""

from sqlalchemy import Integer, bindparam, column, select, text

from peerlink.directory.index import PG_TEXT_CONFIG, is_postgresql
from peerlink.directory.search import search_words
from peerlink.extensions import db
from peerlink.groups.models import Thread

# Built from constants only; the thread ids are bound parameters.
_BODIES = ("coalesce((SELECT {agg}(p.body, ' ') FROM group_posts p WHERE p.thread_id = t.id"
           " AND p.deleted_at IS NULL AND p.removed_at IS NULL), '')")
SQLITE_ENTRY = ("INSERT INTO thread_search (rowid, title, body) SELECT t.id, t.title, "  # noqa: S608 # nosec
                + _BODIES.format(agg="group_concat") + " FROM group_threads t WHERE t.id IN :ids")
PG_ENTRY = ("INSERT INTO thread_search (thread_id, document) SELECT t.id, "  # noqa: S608 # nosec
            f"setweight(to_tsvector('{PG_TEXT_CONFIG}', t.title), 'A') || "
            f"setweight(to_tsvector('{PG_TEXT_CONFIG}', "
            + _BODIES.format(agg="string_agg") + "), 'B') FROM group_threads t "
            "WHERE t.id IN :ids ON CONFLICT (thread_id) DO UPDATE SET document = EXCLUDED.document")
_IDS = bindparam("ids", expanding=True)


def index_threads(thread_ids) -> None:
    """(Re)write these threads' entries in the current transaction."""
    ids = list(thread_ids)
    if not ids:
        return
    db.session.flush()
    if is_postgresql():
        db.session.execute(text(PG_ENTRY).bindparams(_IDS), {"ids": ids})
    else:
        remove_threads(ids)
        db.session.execute(text(SQLITE_ENTRY).bindparams(_IDS), {"ids": ids})


def remove_threads(thread_ids) -> None:
    ids = list(thread_ids)
    if not ids:
        return
    column = "thread_id" if is_postgresql() else "rowid"
    db.session.execute(text(f"DELETE FROM thread_search WHERE {column} IN :ids"  # noqa: S608 # nosec
                            ).bindparams(_IDS), {"ids": ids})


def clear_thread_index() -> None:
    db.session.execute(text("DELETE FROM thread_search"))


def rebuild_thread_index() -> None:
    """Index every thread (after bulk inserts, the demo); the caller commits."""
    clear_thread_index()
    index_threads(db.session.scalars(select(Thread.id)).all())


def _fts_match(words: list[str]) -> str:
    """Every word (letters and digits only, see search_words), the last also as a prefix."""
    return " ".join(f'"{word}"' for word in words) + "*"


def _tsquery(words: list[str]) -> str:
    return " & ".join(words) + ":*"


def matching_thread_ids(q: str | None):
    """SQL: ids of the threads whose title or posts hold every word of `q` (the last as a
    prefix), or None when `q` has no words. The caller limits it to a group."""
    words = search_words(q)
    if not words:
        return None
    if is_postgresql():
        statement = text("SELECT thread_id FROM thread_search WHERE document @@ "  # noqa: S608 # nosec
                         f"to_tsquery('{PG_TEXT_CONFIG}', :match)")
        match = _tsquery(words)
    else:
        statement = text("SELECT rowid FROM thread_search WHERE thread_search MATCH :match")
        match = _fts_match(words)
    return statement.bindparams(match=match).columns(column("thread_id", Integer))
