"""A small real credit source, registered for a test as the events feature registers its own."""

from dataclasses import dataclass, field

import pytest

from peerlink.ce_log.sources import register_credit_source, unregister_credit_source


@dataclass(eq=False)
class ListedCredits:
    """Earned credits kept in a dict per member: a CreditSource any feature could be."""

    credits: dict = field(default_factory=dict)  # user id -> [EarnedCredit]

    def earned_credits(self, user_id: int) -> list:
        return list(self.credits.get(user_id, []))


@pytest.fixture
def credit_source():
    source = ListedCredits()
    register_credit_source(source)
    yield source
    unregister_credit_source(source)
