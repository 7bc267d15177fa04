"""Connections: requests, accepted connections, blocks and people to meet.
Sits above profiles and tells privacy who is connected and who is blocked (relations.py)."""
