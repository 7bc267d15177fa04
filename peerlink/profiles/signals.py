"""Signals inside the profiles feature."""

from blinker import Namespace

_signals = Namespace()

# Sent with the Profile after any change to what the directory indexes (names, bio,
# taxonomy terms, location, consultation topics), before the commit, so the search index
# is written in the same transaction as the profile.
profile_changed = _signals.signal("profile-changed")

# Sent with the ProfileView and `viewer` when someone else's profile page is shown. Features
# above profiles answer with {"template": a partial, **its context} for the page's action
# area (connections: Connect, Accept, Remove, Block), so profiles never imports them.
profile_page_actions = _signals.signal("profile-page-actions")

# Sent with `member_id`, `viewer`, `connected` and `open_to_consultation` for each member
# card listed with actions (directory results, people to meet); answered like
# profile_page_actions (consultations: Request a consultation). Templates ask through the
# `card_actions` template helper.
card_actions = _signals.signal("card-actions")
