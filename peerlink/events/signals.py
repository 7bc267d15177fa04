"""Signals inside the events feature."""

from blinker import Namespace

_signals = Namespace()

# Sent with the Event and `viewer` when an event page is shown. Features above events answer
# with {"template": a partial, **its context} for a section of the page (groups: the groups
# linked to the event that the viewer may see, and "Start a group for this event"), so events
# never imports them.
event_page_sections = _signals.signal("event-page-sections")
