"""What accounts announces, so the features above it react without accounts importing them."""

from blinker import Namespace

_signals = Namespace()

# Sent with the new User after it is flushed and before the commit: receivers add their
# own rows (a profile ...) to the same transaction, so an account is never half-created.
account_created = _signals.signal("account-created")

# Sent with the User just before it is deleted, in the same transaction: receivers remove
# what a foreign-key cascade cannot reach (the SQLite full-text index ...).
account_deleting = _signals.signal("account-deleting")

# Sent with the User whose data is being exported (their own download). Each receiver
# returns {section name: JSON-ready data} for what its feature holds about them, never
# another member's private details; accounts.services.export_account puts them together.
account_exporting = _signals.signal("account-exporting")
