"""Notifications: stored, pushed live to the member's personal Socket.IO room, and e-mailed
at once or in a daily digest as each member chose per kind.

Used by every feature; imports none of them.
"""
