"""Who is connected with whom, and who blocked whom: answered by the connections feature.

Privacy needs both, but connections sit above profiles (a connection shows member cards),
so connections registers a RelationSource at start-up, as events registers attendance.
Until one is registered nobody is connected and nobody blocked: "connections only"
profiles then admit their owner alone.
"""

from typing import Protocol

from sqlalchemy import Integer, false, literal, select
from sqlalchemy.sql import Select


class RelationSource(Protocol):
    # Given an id or a bound parameter (privacy's :viewer), so statements built on them can
    # be kept and reused.

    def blocked_either_way(self, member) -> Select:
        """Ids of the members `member` blocked or was blocked by."""

    def connected(self, member) -> Select:
        """Ids of the members `member` is connected with (accepted connections)."""

    def standing(self, member: int, others: list[int]) -> dict[int, str]:
        """For each of `others` that has one: "connected", "request_sent" (by `member`,
        waiting) or "request_received" (from them, waiting)."""


def _nobody() -> Select:
    return select(literal(None, Integer)).where(false())


class NoRelations:
    def blocked_either_way(self, member) -> Select:
        return _nobody()

    def connected(self, member) -> Select:
        return _nobody()

    def standing(self, member: int, others: list[int]) -> dict[int, str]:
        return {}


_source: RelationSource = NoRelations()


def register_relation_source(source: RelationSource) -> None:
    global _source
    _source = source


def relations() -> RelationSource:
    return _source
