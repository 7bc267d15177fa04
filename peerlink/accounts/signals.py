"""What accounts announces, so the features above it react without accounts importing them."""

from blinker import Namespace

_signals = Namespace()

# Sent with the new User after it is flushed and before the commit: receivers add their
# own rows (a profile ...) to the same transaction, so an account is never half-created.
account_created = _signals.signal("account-created")

# Sent with the User just before it is deleted, in the same transaction: receivers remove
# what a foreign-key cascade cannot reach (the SQLite full-text index ...).
account_deleting = _signals.signal("account-deleting")
