"""Where earned CE hours come from: features above the CE log (events, and later case
consultations) register a CreditSource at start-up, from their blueprint's `record_once`,
as events answers `profiles.attendance`.

The CE log cannot import them, so it asks every registered source for a member's credits
whenever it shows or totals their log: an earned credit is never copied into a table, so
it follows the source (a verified attendance withdrawn takes its hours with it). With no
source registered only the member's manual entries exist.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class EarnedCredit:
    key: str                 # stable, e.g. "event-session:12"; at most one log line per key
    #                          (at most 100 characters: a certificate is filed under it)
    title: str
    provider: str
    completed_on: date
    hours: Decimal
    live: bool               # live (in person or live online) vs self-study
    subjects: tuple[str, ...] = ()   # CE subject codes it counts toward


class CreditSource(Protocol):
    def earned_credits(self, user_id: int) -> list[EarnedCredit]: ...


_sources: list[CreditSource] = []


def register_credit_source(source: CreditSource) -> None:
    """Add a source once; registering the same one again (a second app) changes nothing."""
    if source not in _sources:
        _sources.append(source)


def credit_sources() -> tuple[CreditSource, ...]:
    return tuple(_sources)


def unregister_credit_source(source: CreditSource) -> None:
    """Tests register a small source for one test and take it away again."""
    if source in _sources:
        _sources.remove(source)
