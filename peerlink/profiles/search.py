"""The peer directory's full-text search: its index, kept in step with profiles, and the query.

SQLite keeps an FTS5 table, PostgreSQL a weighted tsvector with a GIN index; migration 0003
creates both. An entry is written from the profile's rows by one SQL statement inside the
caller's transaction, so the index holds exactly the columns that statement selects: never
the license number.

Who appears in results is decided by `privacy.full_profile_visible_to`, in the same query.
"""

import re
from dataclasses import dataclass, field, replace
from math import ceil

from sqlalchemy import (
    Engine,
    Integer,
    bindparam,
    column,
    event,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from peerlink.accounts.signals import account_deleting
from peerlink.extensions import db
from peerlink.profiles import privacy
from peerlink.profiles.attendance import attendance
from peerlink.profiles.directory_entries import DirectoryEntry, directory_entries
from peerlink.profiles.models import (
    Discipline,
    Language,
    Modality,
    Population,
    Profile,
    Specialty,
    profile_languages,
    profile_modalities,
    profile_populations,
    profile_specialties,
)
from peerlink.profiles.signals import profile_changed

MAX_PER_PAGE = 50
MAX_WORDS = 12
# A "word" as both tokenizers see it: letters and digits. Everything else (quotes, *, -,
# parentheses, AND/OR/NEAR as syntax) never reaches the query parser, so input cannot inject.
WORD = re.compile(r"[^\W_]+")
PG_TEXT_CONFIG = "english"
# The FTS5 columns, in table order; `facets` holds the filters as tokens (see FACETS).
FTS_COLUMNS = ("name", "discipline", "specialties", "modalities", "populations", "topics",
               "location", "bio", "facets")
TEXT_COLUMNS = "{" + " ".join(FTS_COLUMNS[:-1]) + "}"

sqlite_index = table("profile_search", column("rowid", Integer))
pg_index = table("profile_search", column("user_id", Integer), column("document", TSVECTOR))

# Term links for the filters: query-string name -> (link table, term model).
TERM_FILTERS = {
    "specialty": (profile_specialties, Specialty),
    "modality": (profile_modalities, Modality),
    "population": (profile_populations, Population),
    "language": (profile_languages, Language),
}


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


# --- the index -----------------------------------------------------------------------------


def _labels(aggregate: str, link: str, terms: str) -> str:
    # Only ever called with the constant names below: no input reaches this SQL.
    return (f"coalesce((SELECT {aggregate}(t.label, ' ') FROM {link} l JOIN {terms} t "  # noqa: S608
            f"ON t.id = l.term_id WHERE l.profile_id = p.user_id), '')")


_DISCIPLINE = ("coalesce((SELECT d.label FROM disciplines d WHERE d.id = p.discipline_id), '')"
               " || ' ' || p.credentials")

# Every filter is also a token in the index, so a search with words and filters is one
# intersection inside the full-text index instead of a profile lookup per matching word:
# 0d<discipline id> 0s<specialty id> 0m<modality id> 0p<population id> 0l<language id>
# 0r<region, letters and digits> 0c<country> 0o1 (open to consultation) 0v1 (verified).
# The leading digit keeps them apart from words anyone would type.
FACET_LINKS = {"specialty": ("0s", "profile_specialties"),
               "modality": ("0m", "profile_modalities"),
               "population": ("0p", "profile_populations"),
               "language": ("0l", "profile_languages")}
SQLITE_ALNUM = "peerlink_alnum"  # registered on every SQLite connection, see below


def alnum(value: str) -> str:
    """Lower-case letters and digits only: how a region is compared, in Python and SQL."""
    return "".join(ch for ch in value.lower() if ch.isalnum())


def _facets(aggregate: str, region: str) -> str:
    # Built from the constants above only: no input reaches this SQL.
    links = " || ' ' || ".join(
        f"coalesce((SELECT {aggregate}('{prefix}' || l.term_id, ' ') FROM {link} l "  # noqa: S608
        f"WHERE l.profile_id = p.user_id), '')" for prefix, link in FACET_LINKS.values())
    return (f"'0d' || coalesce(p.discipline_id, 0) || ' ' || {links}"
            f" || ' 0r' || {region} || ' 0c' || lower(p.country)"
            " || CASE WHEN p.open_to_consultation THEN ' 0o1' ELSE '' END"
            " || CASE WHEN p.verification_status = 'verified' THEN ' 0v1' ELSE '' END")


PG_ALNUM_REGION = "regexp_replace(lower(p.region), '[^[:alnum:]]+', '', 'g')"

SQLITE_ENTRY = f"""
INSERT INTO profile_search (rowid, {', '.join(FTS_COLUMNS)})
SELECT p.user_id, p.display_name, {_DISCIPLINE},
    {_labels('group_concat', 'profile_specialties', 'specialties')},
    {_labels('group_concat', 'profile_modalities', 'modalities')},
    {_labels('group_concat', 'profile_populations', 'populations')},
    coalesce((SELECT group_concat(j.value, ' ') FROM json_each(p.consultation_topics) j), ''),
    p.city || ' ' || p.region || ' ' || p.country,
    p.bio,
    {_facets('group_concat', f'{SQLITE_ALNUM}(p.region)')}
FROM profiles p
"""  # noqa: S608 (built from constants only)

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
           p.city || ' ' || p.region || ' ' || p.country), 'C')
    || setweight(to_tsvector('{PG_TEXT_CONFIG}', p.bio), 'D')
    || to_tsvector('simple', {_facets('string_agg', PG_ALNUM_REGION)})
FROM profiles p
"""  # noqa: S608 (built from constants only)

_ONLY_IDS = " WHERE p.user_id IN :ids"
_IDS = bindparam("ids", expanding=True)
_PG_DELETE = text("DELETE FROM profile_search WHERE user_id IN :ids").bindparams(_IDS)
_SQLITE_DELETE = text("DELETE FROM profile_search WHERE rowid IN :ids").bindparams(_IDS)


def index_profiles(user_ids) -> None:
    """(Re)write the index entries of these profiles in the current transaction."""
    ids = list(user_ids)
    if not ids:
        return
    db.session.flush()  # the entry is built from the rows, so they must be written first
    if _is_postgresql():
        db.session.execute(text(PG_ENTRY + _ONLY_IDS + " ON CONFLICT (user_id) DO UPDATE "
                                "SET document = EXCLUDED.document").bindparams(_IDS),
                           {"ids": ids})
    else:
        remove_from_index(ids)
        db.session.execute(text(SQLITE_ENTRY + _ONLY_IDS).bindparams(_IDS), {"ids": ids})


def remove_from_index(user_ids) -> None:
    ids = list(user_ids)
    statement = _PG_DELETE if _is_postgresql() else _SQLITE_DELETE
    db.session.execute(statement, {"ids": ids})


def clear_search_index() -> None:
    db.session.execute(text("DELETE FROM profile_search"))


def rebuild_search_index() -> int:
    """Index every profile from scratch (after bulk inserts); the caller commits."""
    db.session.flush()
    clear_search_index()
    if _is_postgresql():
        db.session.execute(text(PG_ENTRY))
    else:
        db.session.execute(text(SQLITE_ENTRY))
        # Merge the b-trees written by the bulk insert: fewer segments, faster queries.
        db.session.execute(text("INSERT INTO profile_search(profile_search) VALUES('optimize')"))
    return db.session.scalar(select(func.count()).select_from(Profile))


@event.listens_for(Engine, "connect")
def _register_sqlite_alnum(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__ == "sqlite3":
        dbapi_connection.create_function(SQLITE_ALNUM, 1, lambda v: alnum(v or ""),
                                         deterministic=True)


@profile_changed.connect
def _reindex_changed_profile(profile, **extra) -> None:
    index_profiles([profile.user_id])


@account_deleting.connect
def _forget_deleted_account(user, **extra) -> None:
    # PostgreSQL's foreign key would cascade; an FTS5 table has none, so do it here for both.
    remove_from_index([user.id])


# --- the query -----------------------------------------------------------------------------


def search_words(q: str | None) -> list[str]:
    return WORD.findall(q or "")[:MAX_WORDS]


def _fts_match(words: list[str], prefix: bool) -> str:
    """An FTS5 query: every word quoted as a string, the last one as a prefix if asked."""
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def _fts_facets(tokens: list[str]) -> str:
    return "{facets} : (" + " AND ".join(f'"{token}"' for token in tokens) + ")"


def _tsquery(words: list[str], prefix: bool) -> str:
    """Every word, the last as a prefix if asked."""
    return " & ".join([*words[:-1], words[-1] + (":*" if prefix else "")])


_TERM_MODELS = {"discipline": Discipline, **{name: model for name, (_, model)
                                             in TERM_FILTERS.items()}}


def _term_ids(slugs: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """slug -> id for the filters' terms, in one query; unknown slugs are simply absent."""
    ids = {name: {} for name in _TERM_MODELS}
    wanted = [select(literal(name), model.slug, model.id).where(model.slug.in_(slugs[name]))
              for name, model in _TERM_MODELS.items() if slugs.get(name)]
    if wanted:
        for name, slug, term_id in db.session.execute(union_all(*wanted)):
            ids[name][slug] = term_id
    return ids


@dataclass(frozen=True)
class Filters:
    """What narrows a search; names match DirectoryQuerySchema's fields."""

    q: str = ""
    discipline: str | None = None
    specialty: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    population: tuple[str, ...] = ()
    language: tuple[str, ...] = ()
    region: str = ""
    country: str = ""
    event: int | None = None
    consultation: bool = False
    verified: bool = False

    @classmethod
    def from_query(cls, query: dict) -> "Filters":
        known = {name: query[name] for name in cls.__dataclass_fields__ if name in query}
        for name in TERM_FILTERS:
            if name in known:
                known[name] = tuple(known[name])
        return cls(**known)

    def facet_tokens(self) -> list[str]:
        """The filters as index tokens (FACETS); the event filter is not in the index."""
        tokens = []
        slugs = {"discipline": [self.discipline] if self.discipline else [],
                 **{name: getattr(self, name) for name in TERM_FILTERS}}
        ids = _term_ids(slugs)
        if self.discipline:
            tokens.append(f"0d{ids['discipline'].get(self.discipline, 0)}")
        for name, (prefix, _) in FACET_LINKS.items():
            tokens.extend(f"{prefix}{ids[name].get(slug, 0)}" for slug in getattr(self, name))
        if self.region:
            tokens.append(f"0r{alnum(self.region)}")
        if self.country:
            tokens.append(f"0c{self.country.lower()}")
        if self.consultation:
            tokens.append("0o1")
        if self.verified:
            tokens.append("0v1")
        return tokens

    def unindexed_clauses(self) -> list:
        if self.event is None:
            return []
        return [attendance().attendee_clause(self.event, Profile.user_id)]


@dataclass
class DirectoryPage:
    items: list[DirectoryEntry]
    page: int
    per_page: int
    # Exact up to MAX_RESULTS; past it `more` is set and the page says "500+".
    total: int
    more: bool = False
    filters: Filters = field(default_factory=Filters)

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


class IndexDrivenJoin(Join):
    """The full-text index joined to profiles, read index-first."""

    inherit_cache = True


@compiles(IndexDrivenJoin, "sqlite")
def _cross_join(join, compiler, **kw):
    # SQLite's planner would walk profiles by a filter's index (discipline, verified ...)
    # and evaluate the MATCH once per row: 50 ms instead of 2. CROSS JOIN is SQLite's way
    # of fixing the loop order, so the index drives and profiles are read by primary key.
    return compiler.visit_join(join, **kw).replace(" JOIN ", " CROSS JOIN ", 1)


# A search ranks at most this many matches, and counts at most this many. Ranking every
# match of a word that half the members use ("trauma") costs a score per match; nobody
# reads past page 25, and a clinician facing "500+" adds a filter.
MAX_RESULTS = 500


# SQLite ranks by where the words are found, most telling columns first. (FTS5's bm25
# would count, for every query, all the rows holding each word and each filter token to
# weigh them: milliseconds per common word, paid by every search.)
# Without words, and within a SQLite tier: verified licenses first, then by name. Written
# as literal SQL so that it is, to the letter, what migration 0004 indexes.
PERSON_ORDER = (
    literal_column("CASE WHEN profiles.verification_status = 'verified' THEN 0 ELSE 1 END"),
    func.lower(Profile.display_name))
SQLITE_TIERS = ("{name specialties}",
                "{name discipline specialties modalities populations topics}",
                TEXT_COLUMNS)


_MATCH = bindparam("match")


def _index_match(words: list[str], facets: list[str]):
    """The match condition (on the parameter :match), its sort keys, the indexed id, and
    the :match value of each tier, best tier first.

    Whole words first; only then the last word as a prefix ("psychiat"). A prefix makes
    the index merge every word that starts with it before it returns a row, while whole
    words stream and stop at the cap, so a common word ("trauma") never pays for a prefix.
    PostgreSQL sorts a tier by ts_rank_cd over the weighted document (name and specialties
    weigh most); SQLite's tiers are column groups. Without words, people sort by
    PERSON_ORDER.
    """
    if _is_postgresql():
        query = func.to_tsquery(PG_TEXT_CONFIG, _MATCH)
        facet_query = func.to_tsquery("simple", " & ".join(facets)) if facets else None
        if not words:
            return (pg_index.c.document.op("@@")(facet_query), list(PERSON_ORDER),
                    pg_index.c.user_id, [None])
        match = query if facet_query is None else query.op("&&")(facet_query)
        return (pg_index.c.document.op("@@")(match),
                [-func.ts_rank_cd(pg_index.c.document, query)], pg_index.c.user_id,
                [_tsquery(words, prefix) for prefix in (False, True)])
    match = literal_column("profile_search").op("MATCH")(_MATCH)
    if not words:
        return match, list(PERSON_ORDER), sqlite_index.c.rowid, [_fts_facets(facets)]
    facet_part = f" AND {_fts_facets(facets)}" if facets else ""
    tiers = [(columns, False) for columns in SQLITE_TIERS] + [(TEXT_COLUMNS, True)]
    return (match, list(PERSON_ORDER), sqlite_index.c.rowid,
            [f"({columns} : ({_fts_match(words, prefix)})){facet_part}"
             for columns, prefix in tiers])


def _ranked_ids(visible, filters: Filters) -> list[int]:
    """Up to MAX_RESULTS + 1 matching profile ids, best first.

    With words or filters the full-text index finds them: each tier reads matches in index
    order and stops at the cap, with no ORDER BY, and the few hundred rows are sorted here;
    one statement serves every tier, with another :match. With neither, everyone the viewer
    may see, read in PERSON_ORDER from migration 0004's index.
    """
    words, facets = search_words(filters.q), filters.facet_tokens()
    if not words and not facets:
        return list(db.session.scalars(
            select(Profile.user_id).where(visible, *filters.unindexed_clauses())
            .order_by(*PERSON_ORDER, Profile.user_id).limit(MAX_RESULTS + 1)))
    match, keys, indexed_id, tiers = _index_match(words, facets)
    index = pg_index if _is_postgresql() else sqlite_index
    stmt = (select(indexed_id, *keys)
            .select_from(IndexDrivenJoin(index, Profile.__table__, Profile.user_id == indexed_id))
            .where(match, visible, *filters.unindexed_clauses())
            .limit(MAX_RESULTS + 1))
    scored: dict[int, tuple] = {}
    for tier, value in enumerate(tiers):
        for user_id, *values in db.session.execute(stmt, {"match": value}):
            scored.setdefault(user_id, (tier, *values, user_id))
        if len(scored) > MAX_RESULTS:
            break
    return [key[-1] for key in sorted(scored.values())]


def count_matches(viewer, filters: Filters) -> int:
    """How many match, counted up to MAX_RESULTS + 1."""
    return len(_ranked_ids(privacy.full_profile_visible_to(viewer), filters))


def search_directory(viewer, filters: Filters, *, page: int = 1,
                     per_page: int = 20) -> DirectoryPage:
    """One page of the profiles `viewer` may see that match, best first.

    A constant number of queries whatever the page size: the viewer's blocks and
    connections, one or two for the ranked ids, two for the page's entries.
    """
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    ranked = _ranked_ids(privacy.full_profile_visible_to(viewer), filters)
    more = len(ranked) > MAX_RESULTS
    ranked = ranked[:MAX_RESULTS]
    items = directory_entries(ranked[(page - 1) * per_page:page * per_page])
    return DirectoryPage(items=items, page=page, per_page=per_page, total=len(ranked),
                         more=more, filters=filters)


@dataclass(frozen=True)
class Widening:
    """Dropping this one filter (or the search words) would find `count` people."""

    name: str
    value: object
    count: int


def widening_options(viewer, filters: Filters) -> list[Widening]:
    """For an empty result: what each single filter's removal would find. One count each."""
    options = []
    for name, value, narrower in _each_filter_removed(filters):
        options.append(Widening(name, value, count_matches(viewer, narrower)))
    return sorted(options, key=lambda option: -option.count)


def _each_filter_removed(filters: Filters):
    for name in Filters.__dataclass_fields__:
        value = getattr(filters, name)
        if name in TERM_FILTERS:
            for slug in value:
                yield name, slug, replace(filters, **{name: tuple(s for s in value
                                                                  if s != slug)})
        elif value not in (None, "", False):
            empty = Filters.__dataclass_fields__[name].default
            yield name, value, replace(filters, **{name: empty})
