"""Case consultations between peers: de-identified requests (to a peer, a group or everyone
open to consultation in a specialty or modality), their states and who may move them, the
PHI guard (phi.py), iCalendar invitations, the private room, notes and CE credit."""
