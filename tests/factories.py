"""Test data built through the real services, so it obeys the same rules as production."""

import itertools

from peerlink.accounts import services as accounts

PASSWORD = "a-long-walk-by-the-quiet-river"
_counter = itertools.count(1)


def make_user(*, name: str | None = None, email: str | None = None, password: str = PASSWORD,
              role: str = "member", confirmed: bool = True):
    n = next(_counter)
    return accounts.register_user(name=name or f"Clinician {n}",
                                  email=email or f"clinician{n}@example.org",
                                  password=password, role=role, confirmed=confirmed)
