"""Case consultations between peers; for now the PHI guard alone (phi.py, its corpus and
phi_report.py), a plain Python detector of HIPAA Safe Harbor identifiers with no Flask in it."""
