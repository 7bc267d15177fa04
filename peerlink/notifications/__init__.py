"""Notifications: stored, then pushed live to the member's personal Socket.IO room.

Used by every feature; imports none of them.
"""
