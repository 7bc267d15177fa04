"""Who a notification e-mail goes to. Accounts are the accounts feature's business: it
registers the lookup at start-up (as profiles registers time zones), so notifications, which
every feature uses, imports none of them. Until then nobody is e-mailed."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    confirmed: bool  # the member proved the address is theirs


_recipient_of: Callable[[int], Recipient | None] = lambda user_id: None  # noqa: E731


def register_recipient_source(recipient_of: Callable[[int], Recipient | None]) -> None:
    """`recipient_of(user_id)` gives the member's address and name, or None for no member."""
    global _recipient_of
    _recipient_of = recipient_of


def recipient_of(user_id: int) -> Recipient | None:
    return _recipient_of(user_id)
