"""The peer directory's full-text index, kept in step with profiles.

SQLite keeps an FTS5 table, PostgreSQL a weighted tsvector with a GIN index; migration 0003
creates both. An entry is written from the profile's rows by one SQL statement inside the
caller's transaction, so the index holds exactly the columns that statement selects: never
the license number.
"""

import json
from functools import lru_cache

from sqlalchemy import Engine, Integer, bindparam, column, event, func, select, table, text
from sqlalchemy.dialects.postgresql import TSVECTOR

from peerlink.accounts.signals import account_deleting
from peerlink.extensions import db
from peerlink.profiles.models import Profile
from peerlink.profiles.signals import profile_changed
from peerlink.taxonomy.models import LISTED_BY_FILTER
from peerlink.taxonomy.regions import key, search_spellings

PG_TEXT_CONFIG = "english"
# The FTS5 columns, in table order; `facets` holds the filters as tokens (see FACETS).
FTS_COLUMNS = ("name", "discipline", "specialties", "modalities", "populations", "topics",
               "location", "bio", "facets")
TEXT_COLUMNS = "{" + " ".join(FTS_COLUMNS[:-1]) + "}"

sqlite_index = table("profile_search", column("rowid", Integer))
pg_index = table("profile_search", column("user_id", Integer), column("document", TSVECTOR))



def is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _labels(aggregate: str, link: str, terms: str) -> str:
    # Only ever called with the constant names below: no input reaches this SQL.
    return (f"coalesce((SELECT {aggregate}(t.label, ' ') FROM {link} l JOIN {terms} t "  # noqa: S608 # nosec
            f"ON t.id = l.term_id WHERE l.profile_id = p.user_id), '')")


_DISCIPLINE = ("coalesce((SELECT d.label FROM disciplines d WHERE d.id = p.discipline_id), '')"
               " || ' ' || p.credentials")

# Every filter is also a token in the index, so a search with words and filters is one
# intersection inside the full-text index instead of a profile lookup per matching word:
# 0d<discipline id> 0s<specialty id> 0m<modality id> 0p<population id> 0l<language id>
# 0r<a spelling of the region> 0c<country> 0o1 (open to consultation) 0v1 (verified).
# The leading digit keeps them apart from words anyone would type. A region has a token for
# each spelling a filter may use (0rusca 0rca 0rcalifornia for US-CA; see region_facets).
FACET_PREFIXES = {"specialty": "0s", "modality": "0m", "population": "0p", "language": "0l"}


def region_token(value: str) -> str:
    """The filter token for one spelling of a region: letters and digits, no accents or case
    ("N.Y." and "ny" are one)."""
    return "0r" + key(value)


@lru_cache(maxsize=4096)
def region_words(value: str) -> str:
    """What a word search finds a profile's region by: "California CA" for US-CA."""
    return search_spellings(value)[0]


@lru_cache(maxsize=4096)
def region_facets(value: str) -> str:
    """The region's filter tokens, one per spelling: "0rusca 0rca 0rcalifornia"."""
    spellings = (spelling for spelling in search_spellings(value)[1] if key(spelling))
    return " ".join(dict.fromkeys(region_token(spelling) for spelling in spellings))


# On SQLite the two are functions registered on every connection (see below); PostgreSQL
# reads them from a JSON parameter, region -> [words, facets], cross-joined once as r.m.
SQLITE_REGION_WORDS = "peerlink_region_words"
SQLITE_REGION_FACETS = "peerlink_region_facets"
PG_REGIONS = "CROSS JOIN (SELECT CAST(:regions AS jsonb) AS m) r"


def _facets(aggregate: str, region: str) -> str:
    # Built from the constants above only: no input reaches this SQL.
    links = " || ' ' || ".join(
        f"coalesce((SELECT {aggregate}('{prefix}' || l.term_id, ' ') "  # noqa: S608 # nosec
        f"FROM {LISTED_BY_FILTER[name].link.name} l WHERE l.profile_id = p.user_id), '')"
        for name, prefix in FACET_PREFIXES.items())
    return (f"'0d' || coalesce(p.discipline_id, 0) || ' ' || {links}"
            f" || ' ' || {region} || ' 0c' || lower(p.country)"
            " || CASE WHEN p.open_to_consultation THEN ' 0o1' ELSE '' END"
            " || CASE WHEN p.verification_status = 'verified' THEN ' 0v1' ELSE '' END")


SQLITE_ENTRY = f"""
INSERT INTO profile_search (rowid, {', '.join(FTS_COLUMNS)})
SELECT p.user_id, p.display_name, {_DISCIPLINE},
    {_labels('group_concat', 'profile_specialties', 'specialties')},
    {_labels('group_concat', 'profile_modalities', 'modalities')},
    {_labels('group_concat', 'profile_populations', 'populations')},
    coalesce((SELECT group_concat(j.value, ' ') FROM json_each(p.consultation_topics) j), ''),
    p.city || ' ' || {SQLITE_REGION_WORDS}(p.region) || ' ' || p.country,
    p.bio,
    {_facets('group_concat', f'{SQLITE_REGION_FACETS}(p.region)')}
FROM profiles p
"""  # noqa: S608 (built from constants only) # nosec

PG_ENTRY = f"""
INSERT INTO profile_search (user_id, document)
SELECT p.user_id,
    setweight(to_tsvector('{PG_TEXT_CONFIG}', p.display_name), 'A')
    || setweight(to_tsvector('{PG_TEXT_CONFIG}',
           {_labels('string_agg', 'profile_specialties', 'specialties')}), 'A')
    || setweight(to_tsvector('{PG_TEXT_CONFIG}', {_DISCIPLINE} || ' '
           || {_labels('string_agg', 'profile_modalities', 'modalities')} || ' '
           || {_labels('string_agg', 'profile_populations', 'populations')} || ' '
           || coalesce((SELECT string_agg(j.value, ' ')
                        FROM json_array_elements_text(p.consultation_topics) j(value)), '')),
           'B')
    || setweight(to_tsvector('{PG_TEXT_CONFIG}',
           p.city || ' ' || coalesce(r.m -> p.region ->> 0, p.region) || ' ' || p.country), 'C')
    || setweight(to_tsvector('{PG_TEXT_CONFIG}', p.bio), 'D')
    || to_tsvector('simple', {_facets('string_agg', "coalesce(r.m -> p.region ->> 1, '')")})
FROM profiles p {PG_REGIONS}
"""  # noqa: S608 (built from constants only) # nosec

_ONLY_IDS = " WHERE p.user_id IN :ids"
_IDS = bindparam("ids", expanding=True)
_PG_DELETE = text("DELETE FROM profile_search WHERE user_id IN :ids").bindparams(_IDS)
_SQLITE_DELETE = text("DELETE FROM profile_search WHERE rowid IN :ids").bindparams(_IDS)
_PG_REGIONS_OF = text("SELECT DISTINCT region FROM profiles WHERE user_id IN :ids"
                      ).bindparams(_IDS)
_PG_ALL_REGIONS = text("SELECT DISTINCT region FROM profiles")


def _pg_regions(statement, params: dict) -> str:
    """The JSON parameter PG_ENTRY reads: each region of the profiles it indexes, with its
    words and filter tokens."""
    values = db.session.scalars(statement, params)
    return json.dumps({value: [region_words(value), region_facets(value)] for value in values})


def index_profiles(user_ids) -> None:
    """(Re)write the index entries of these profiles in the current transaction."""
    ids = list(user_ids)
    if not ids:
        return
    db.session.flush()  # the entry is built from the rows, so they must be written first
    if is_postgresql():
        # Constant SQL (bandit B608 reads the concatenation as built from input); ids are bound.
        db.session.execute(text(PG_ENTRY + _ONLY_IDS + " ON CONFLICT (user_id) DO UPDATE "  # nosec
                                "SET document = EXCLUDED.document").bindparams(_IDS),
                           {"ids": ids, "regions": _pg_regions(_PG_REGIONS_OF, {"ids": ids})})
    else:
        remove_from_index(ids)
        db.session.execute(text(SQLITE_ENTRY + _ONLY_IDS).bindparams(_IDS), {"ids": ids})


def remove_from_index(user_ids) -> None:
    ids = list(user_ids)
    statement = _PG_DELETE if is_postgresql() else _SQLITE_DELETE
    db.session.execute(statement, {"ids": ids})


def clear_search_index() -> None:
    db.session.execute(text("DELETE FROM profile_search"))


def rebuild_search_index() -> int:
    """Index every profile from scratch (after bulk inserts); the caller commits."""
    db.session.flush()
    clear_search_index()
    if is_postgresql():
        db.session.execute(text(PG_ENTRY), {"regions": _pg_regions(_PG_ALL_REGIONS, {})})
    else:
        db.session.execute(text(SQLITE_ENTRY))
        # Merge the b-trees written by the bulk insert: fewer segments, faster queries.
        db.session.execute(text("INSERT INTO profile_search(profile_search) VALUES('optimize')"))
    return db.session.scalar(select(func.count()).select_from(Profile))


@event.listens_for(Engine, "connect")
def _register_sqlite_region_functions(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__ == "sqlite3":
        dbapi_connection.create_function(SQLITE_REGION_WORDS, 1,
                                         lambda v: region_words(v or ""), deterministic=True)
        dbapi_connection.create_function(SQLITE_REGION_FACETS, 1,
                                         lambda v: region_facets(v or ""), deterministic=True)


@profile_changed.connect
def _reindex_changed_profile(profile, **extra) -> None:
    index_profiles([profile.user_id])


@account_deleting.connect
def _forget_deleted_account(user, **extra) -> None:
    # PostgreSQL's foreign key would cascade; an FTS5 table has none, so do it here for both.
    remove_from_index([user.id])
    if not is_postgresql():
        # FTS5 keeps a deleted entry's words in its segments until they are merged, and a
        # deleted member's name must not outlive them there: merge them all now (about 2 s
        # for 50,000 profiles; deletions are rare). PostgreSQL's dead rows are unreadable.
        db.session.execute(text("INSERT INTO profile_search(profile_search) VALUES('optimize')"))
