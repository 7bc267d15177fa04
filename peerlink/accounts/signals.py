"""What accounts announces, so the features above it react without accounts importing them."""

from blinker import Namespace

_signals = Namespace()

# Sent with the new User after it is flushed and before the commit: receivers add their
# own rows (a profile ...) to the same transaction, so an account is never half-created.
account_created = _signals.signal("account-created")
