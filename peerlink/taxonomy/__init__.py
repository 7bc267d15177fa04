"""Taxonomies: the terms clinicians describe themselves with (disciplines, specialties,
modalities, populations, languages, settings), countries and time zones, and their admin."""
