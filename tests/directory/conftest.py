"""Every directory test searches among the default taxonomy terms."""

import pytest

from tests.factories import seed_terms


@pytest.fixture(autouse=True)
def terms(app):
    seed_terms()
