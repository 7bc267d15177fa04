"""Case consultations between peers: de-identified requests and their moves, the PHI guard,
calendar files, the private room, private notes, CE hours, and the jobs that expire and purge."""
