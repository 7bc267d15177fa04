"""Who is connected with whom, and who blocked whom: answered by the connections feature.

Privacy needs both, but connections sit above profiles (a connection shows member cards),
so connections registers a RelationSource at start-up, as events registers attendance.
Until one is registered nobody is connected and nobody blocked: "connections only"
profiles then admit their owner alone.
"""

from collections.abc import Callable
from typing import Protocol

from sqlalchemy import Integer, bindparam, false, literal, select
from sqlalchemy.sql import Select

from peerlink.extensions import core_execute

# The member's id as a parameter, in statements built once per relation source and reused
# (`kept_statement`: a send in chat asks on every message).
MEMBER = bindparam("member", type_=Integer)


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
_kept: dict[str, Select] = {}


def register_relation_source(source: RelationSource) -> None:
    global _source
    _source = source
    _kept.clear()


def relations() -> RelationSource:
    return _source


def kept_statement(name: str, build: Callable[[RelationSource], Select]) -> Select:
    """`build(source)`, built once for the registered source and reused (statements asked on
    every chat message should not be put together anew each time). `build` takes the member
    from the parameter MEMBER; `name` is unique to the statement."""
    statement = _kept.get(name)
    if statement is None:
        statement = _kept[name] = build(_source)
    return statement


def _ids(question: str, member_id: int) -> set[int]:
    statement = kept_statement(question, lambda source: getattr(source, question)(MEMBER))
    return set(core_execute(statement, {"member": member_id}).scalars().all())


def blocked_ids(member_id: int) -> set[int]:
    """The ids of the members this one blocked or was blocked by."""
    return _ids("blocked_either_way", member_id)
