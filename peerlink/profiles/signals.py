"""Signals inside the profiles feature."""

from blinker import Namespace

_signals = Namespace()

# Sent with the Profile after any change to what the directory indexes (names, bio,
# taxonomy terms, location, consultation topics), before the commit, so the search index
# is written in the same transaction as the profile.
profile_changed = _signals.signal("profile-changed")
