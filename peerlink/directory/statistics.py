"""How common the words of a search are in PostgreSQL's directory index, to choose how to read it.

PostgreSQL's planner reads a word that half the members use ("trauma") through the GIN
index: it first collects all 50,000 matching entries, 4 to 7 ms, where reading the table
until the cap is reached takes 1. For rarer words it is the other way round, and the
planner's cost model (which counts a full-text match as almost free) often picks the scan
where the index would be ten times faster. So the choice is made here, from the statistics
ANALYZE keeps on the index column: the share of entries holding each word and filter token.

Both readings return the same matches; only the time differs. So statistics that are a few
minutes old, or missing (a new database before its first ANALYZE: every word counts as
rare and the index is read), can never change a result.
"""

import time
from math import prod

from flask import current_app
from sqlalchemy import text

from peerlink.extensions import db

STATS_MAX_AGE = 300  # seconds
MAX_REMEMBERED_WORDS = 5000
# Scan when at least this share of the entries match, so that reaching the cap takes at most
# (cap + 1) / SCAN_FROM rows; below it, read the GIN index.
SCAN_FROM = 0.05

# most_common_elem_freqs ends with three more figures (least, most, nulls), which unnest
# pairs with no lexeme.
_FREQUENCIES = text(
    "SELECT e.lexeme, e.share FROM pg_stats, "
    "unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e(lexeme, share) "
    "WHERE schemaname = current_schema() AND tablename = 'profile_search' "
    "AND attname = 'document' AND e.lexeme IS NOT NULL")
_STEMS = text("SELECT w, tsvector_to_array(to_tsvector(CAST(:config AS regconfig), w)) "
              "FROM unnest(CAST(:words AS text[])) AS w")


class _Cache:
    def __init__(self):
        self.shares: dict[str, float] = {}
        self.read_at = float("-inf")
        self.stems: dict[str, list[str]] = {}


def _cache() -> _Cache:
    return current_app.extensions.setdefault("peerlink.search_stats", _Cache())


def _shares(cache: _Cache) -> dict[str, float]:
    if time.monotonic() - cache.read_at > STATS_MAX_AGE:
        cache.shares = dict(db.session.execute(_FREQUENCIES).all())
        cache.read_at = time.monotonic()
    return cache.shares


def _stems(cache: _Cache, words: list[str], config: str) -> list[list[str]]:
    """Each word's lexemes in the index (a stop word has none), remembered per word.

    Read into a local dict first: under gevent another request may clear the shared one
    while this one waits for the database.
    """
    found = {word: cache.stems[word] for word in words if word in cache.stems}
    missing = sorted(set(words) - found.keys())
    if missing:
        found.update(db.session.execute(_STEMS, {"config": config, "words": missing}).all())
        if len(cache.stems) > MAX_REMEMBERED_WORDS:
            cache.stems = {}
        cache.stems.update(found)
    return [found[word] for word in words]


def matching_share(words: list[str], facet_tokens: list[str], config: str, *,
                   prefix: bool = False) -> float:
    """Roughly what share of the index holds every word and every facet token; with
    `prefix`, the last word stands for every lexeme it begins.

    Words are treated as independent; one missing from the statistics is rare (they list
    every lexeme above about 1% of entries), which counts as 0.
    """
    cache = _cache()
    shares = _shares(cache)
    stems = _stems(cache, [word.lower() for word in words], config)
    factors = [shares.get(token, 0.0) for token in facet_tokens]
    for position, lexemes in enumerate(stems, start=1):
        if prefix and position == len(stems) and lexemes:
            # An entry holding several lexemes that begin so is counted for each: at most 1.
            factors.append(min(1.0, sum(share for lexeme, share in shares.items()
                                        if lexeme.startswith(lexemes[-1]))))
        else:
            factors.extend(shares.get(lexeme, 0.0) for lexeme in lexemes)
    return prod(factors) if factors else 0.0


def has_lexemes(words: list[str], config: str) -> bool:
    """Whether any of the words is more than a stop word ("the", "and"), which the index lacks."""
    return any(_stems(_cache(), [word.lower() for word in words], config))


def scan_is_faster(words: list[str], facet_tokens: list[str], config: str, *,
                   prefix: bool = False) -> bool:
    return matching_share(words, facet_tokens, config, prefix=prefix) >= SCAN_FROM
