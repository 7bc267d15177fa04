"""The peer directory's search: filters, the query against the full-text index, pages.

The index itself, and how it is kept in step with profiles, is search_index's. Who appears
in results is decided by privacy's rule, in the same query.
"""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from math import ceil

from flask import current_app
from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Join

from peerlink.accounts.services import has_role
from peerlink.directory.entries import DirectoryEntry, directory_entries
from peerlink.directory.index import (
    FACET_PREFIXES,
    PG_TEXT_CONFIG,
    TEXT_COLUMNS,
    is_postgresql,
    pg_index,
    region_token,
    sqlite_index,
)
from peerlink.directory.statistics import has_lexemes, scan_is_faster
from peerlink.errors import NotAuthenticated
from peerlink.extensions import Limit, db
from peerlink.profiles import privacy
from peerlink.profiles.attendance import attendance
from peerlink.profiles.models import Profile
from peerlink.profiles.relations import relations
from peerlink.taxonomy.models import FILTER_KINDS, LISTED_BY_FILTER
from peerlink.taxonomy.regions import find_region

MAX_PER_PAGE = 50
# Per member, the page and the API together: paging and refining by hand stays well under;
# harvesting the directory does not.
SEARCHES = Limit("60 per minute; 1000 per day", "directory searches")
MAX_WORDS = 12
# A "word" as both tokenizers see it: letters and digits. Everything else (quotes, *, -,
# parentheses, AND/OR/NEAR as syntax) never reaches the query parser, so input cannot inject.
WORD = re.compile(r"[^\W_]+")


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


_TERM_MODELS = {name: kind.model for name, kind in FILTER_KINDS.items()}


def _term_ids(slugs: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """slug -> id for the filters' terms; unknown slugs are simply absent.

    A term keeps its slug and id for good (admins relabel or retire terms, never rename or
    delete them), so each app remembers what it has looked up: one query for new slugs only.
    """
    known = current_app.extensions.setdefault("peerlink.term_ids", {})
    wanted = [select(literal(name), model.slug, model.id)
              .where(model.slug.in_([slug for slug in slugs[name] if (name, slug) not in known]))
              for name, model in _TERM_MODELS.items()
              if any((name, slug) not in known for slug in slugs.get(name, ()))]
    if wanted:
        for name, slug, term_id in db.session.execute(union_all(*wanted)):
            known[name, slug] = term_id
    return {name: {slug: known[name, slug] for slug in slugs.get(name, ()) if (name, slug) in known}
            for name in _TERM_MODELS}


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
        for name in LISTED_BY_FILTER:
            if name in known:
                known[name] = tuple(known[name])
        return cls(**known)

    def facet_tokens(self) -> list[str]:
        """The filters as index tokens (FACETS); the event filter is not in the index."""
        tokens = []
        slugs = {"discipline": [self.discipline] if self.discipline else [],
                 **{name: getattr(self, name) for name in LISTED_BY_FILTER}}
        ids = _term_ids(slugs)
        if self.discipline:
            tokens.append(f"0d{ids['discipline'].get(self.discipline, 0)}")
        for name, prefix in FACET_PREFIXES.items():
            tokens.extend(f"{prefix}{ids[name].get(slug, 0)}" for slug in getattr(self, name))
        if self.region:
            # A region the list knows (given its code, or its name or short code within the
            # country filtered on) is its code's token; anything else is compared as typed,
            # which the index also holds for every region: its short code and its name.
            tokens.append(region_token(find_region(self.region, self.country) or self.region))
        if self.country:
            tokens.append(f"0c{self.country.lower()}")
        if self.consultation:
            tokens.append("0o1")
        if self.verified:
            tokens.append("0v1")
        return tokens


@dataclass
class DirectoryPage:
    items: list[DirectoryEntry]
    page: int
    per_page: int
    # Exact up to MAX_RESULTS; past it `more` is set and the page says "200+".
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
# reads past page 10, and a clinician facing "200+" adds a filter.
MAX_RESULTS = 200


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

# The statements below are built once per shape of search and cached; what changes from
# one search to the next travels in these parameters (and privacy's :viewer).
_MATCH = bindparam("match")  # the words; on SQLite also the filter tokens
_FACETS = bindparam("facets")  # PostgreSQL: the filter tokens, as a tsquery
_EVENT = bindparam("event", type_=Integer)
_CAP = bindparam("cap", type_=Integer)


def _conditions(admin: bool, event: bool, source) -> list:
    """On Profile: the viewer may see the profile, it is listed at all (a confirmed e-mail
    address), and it attended the event if one is asked."""
    conditions = [privacy.visibility_rule(admin, source), privacy.listed(Profile.user_id)]
    if event:
        conditions.append(source.attendee_clause(_EVENT, Profile.user_id))
    return conditions


# The attendance `source` is part of each key, so a statement built with one source is not
# reused once another is registered (sources are hashed by identity).
@lru_cache(maxsize=32)
def _browse_statement(admin: bool, event: bool, source) -> object:
    """Everyone the viewer may see, read in PERSON_ORDER from migration 0004's index."""
    return (select(Profile.user_id).where(*_conditions(admin, event, source))
            .order_by(*PERSON_ORDER, Profile.user_id).limit(_CAP))


@lru_cache(maxsize=32)
def _sqlite_statement(admin: bool, event: bool, source) -> object:
    match = literal_column("profile_search").op("MATCH")(_MATCH)
    return (select(sqlite_index.c.rowid, *PERSON_ORDER)
            .select_from(IndexDrivenJoin(sqlite_index, Profile.__table__,
                                         Profile.user_id == sqlite_index.c.rowid))
            .where(match, *_conditions(admin, event, source)).limit(_CAP))


@lru_cache(maxsize=64)
def _pg_statement(admin: bool, event: bool, words: bool, facets: bool, scan: bool,
                  source) -> object:
    # The conditions on the profile are a subquery per matching entry rather than a join,
    # so the planner has no join order to gamble on the LIMIT (walking both primary keys in
    # step, testing the match on every row, took 15 ms for words that one member in thirty
    # uses). Whether the index or the table is read is search_stats' choice: `@@` may use
    # the GIN index, its function form ts_match_vq never does.
    allowed = (select(and_(true(), *_conditions(admin, event, source)))
               .where(Profile.user_id == pg_index.c.user_id).scalar_subquery())
    text_query = func.to_tsquery(PG_TEXT_CONFIG, _MATCH)
    facet_query = func.to_tsquery("simple", _FACETS)
    match = (text_query.op("&&")(facet_query) if words and facets
             else text_query if words else facet_query)
    matches = (func.ts_match_vq(pg_index.c.document, match) if scan
               else pg_index.c.document.op("@@")(match))
    found = select(pg_index.c.user_id).where(matches, allowed).limit(_CAP)
    if words:
        return found.add_columns(-func.ts_rank(pg_index.c.document, text_query))
    hits = found.subquery("hits")
    return (select(hits.c.user_id, *PERSON_ORDER)
            .join_from(hits, Profile.__table__, Profile.user_id == hits.c.user_id))


def _also_as_prefix(words: list[str]) -> bool:
    """Whether the last word is also tried as the start of longer ones: a word yes, a number
    no (numbers are matched whole; on PostgreSQL the start of one would also meet the filter
    tokens, which begin with 0)."""
    return words[-1][:1].isalpha()


def _tiers(words: list[str], facets: list[str], admin: bool, event: bool):
    """The tiers of a search, best first: a statement reading up to :cap matches with their
    sort keys, and its parameters.

    Whole words first; only then the last word as a prefix ("psychiat"). A prefix makes
    the index merge every word that starts with it before it returns a row, while whole
    words stream and stop at the cap, so a common word ("trauma") never pays for a prefix.
    PostgreSQL sorts a tier by ts_rank over the weighted document (name and specialties
    weigh most); SQLite's tiers are column groups. Without words, people sort by
    PERSON_ORDER.
    """
    source = attendance()
    prefixes = (False, True) if words and _also_as_prefix(words) else (False,)
    if is_postgresql():
        shape = (admin, event, bool(words), bool(facets))
        facet_query = " & ".join(facets)
        if not words:
            scan = scan_is_faster([], facets, PG_TEXT_CONFIG)
            return [(_pg_statement(*shape, scan, source), {"facets": facet_query})]
        if not has_lexemes(words, PG_TEXT_CONFIG):
            # Only stop words ("the"), which the english index drops: nothing can match,
            # with or without filters (to_tsquery would be empty and `&&` keep the filters).
            return []
        # A generator: the prefix tier's reading is only chosen if that tier is reached.
        return ((_pg_statement(*shape, scan_is_faster(words, facets, PG_TEXT_CONFIG,
                                                      prefix=prefix), source),
                 {"match": _tsquery(words, prefix), "facets": facet_query})
                for prefix in prefixes)
    statement = _sqlite_statement(admin, event, source)
    if not words:
        return [(statement, {"match": _fts_facets(facets)})]
    facet_part = f" AND {_fts_facets(facets)}" if facets else ""
    tiers = [(columns, False) for columns in SQLITE_TIERS]
    if prefixes[-1]:
        tiers.append((TEXT_COLUMNS, True))
    return [(statement, {"match": f"({columns} : ({_fts_match(words, prefix)})){facet_part}"})
            for columns, prefix in tiers]


def _ranked_ids(viewer, filters: Filters) -> list[int]:
    """Up to MAX_RESULTS + 1 ids of profiles the viewer may see that match, best first.

    With words or filters the full-text index finds them: each tier reads matches in index
    order and stops at the cap, with no ORDER BY, and the few hundred rows are sorted here.
    """
    if viewer is None or viewer.id is None:  # the rule needs someone to apply to
        raise NotAuthenticated()
    words, facets = search_words(filters.q), filters.facet_tokens()
    admin, event = has_role(viewer, "admin"), filters.event is not None
    params = {"viewer": viewer.id, "event": filters.event, "cap": MAX_RESULTS + 1}
    # Plain SQL statements run on the session's connection, past the ORM's machinery; so
    # write pending changes first (a block just added must count).
    db.session.flush()
    connection = db.session.connection()
    if not words and not facets:
        return list(connection.scalars(_browse_statement(admin, event, attendance()), params))
    scored: dict[int, tuple] = {}
    for tier, (statement, tier_params) in enumerate(_tiers(words, facets, admin, event)):
        for user_id, *values in connection.execute(statement, params | tier_params).all():
            scored.setdefault(user_id, (tier, *values, user_id))
        if len(scored) > MAX_RESULTS:
            break
    return [key[-1] for key in sorted(scored.values())]


def count_matches(viewer, filters: Filters) -> int:
    """How many match, counted up to MAX_RESULTS + 1."""
    return len(_ranked_ids(viewer, filters))


def search_directory(viewer, filters: Filters, *, page: int = 1,
                     per_page: int = 20) -> DirectoryPage:
    """One page of the profiles `viewer` may see that match, best first.

    A constant number of queries whatever the page size: one or two for the ranked ids,
    two for the page's entries, one for where the viewer stands with each.
    """
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    ranked = _ranked_ids(viewer, filters)
    more = len(ranked) > MAX_RESULTS
    ranked = ranked[:MAX_RESULTS]
    items = directory_entries(ranked[(page - 1) * per_page:page * per_page])
    standing = relations().standing(viewer.id, [entry.user_id for entry in items])
    for entry in items:
        entry.standing = "you" if entry.user_id == viewer.id else standing.get(entry.user_id)
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
        if name in LISTED_BY_FILTER:
            for slug in value:
                yield name, slug, replace(filters, **{name: tuple(s for s in value
                                                                  if s != slug)})
        elif value not in (None, "", False):
            empty = Filters.__dataclass_fields__[name].default
            yield name, value, replace(filters, **{name: empty})
