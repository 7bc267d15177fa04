"""The license templates PeerLink starts with (`flask ce-log seed-templates`).

Typical figures for a two-year cycle, for a member to copy and correct against their own
board's rules: they are not any board's rules and never presented as legal advice. Admins
edit them on the templates page.
"""

from decimal import Decimal as D

TEMPLATES = (
    {"name": "Licensed Clinical Social Worker (LCSW)", "license_type": "LCSW",
     "cycle_years": 2, "total_hours": D(36), "self_study_cap": D(18), "live_minimum": D(18),
     "subject_minimums": {"ethics": D(6), "cultural-competence": D(3)},
     "notes": "Many boards ask for ethics and cultural competence hours every cycle."},
    {"name": "Licensed Professional Counselor (LPC)", "license_type": "LPC",
     "cycle_years": 2, "total_hours": D(40), "self_study_cap": D(20), "live_minimum": None,
     "subject_minimums": {"ethics": D(6), "suicide-prevention": D(2)},
     "notes": "Counseling boards often require suicide prevention training."},
    {"name": "Licensed Marriage and Family Therapist (LMFT)", "license_type": "LMFT",
     "cycle_years": 2, "total_hours": D(36), "self_study_cap": D(12), "live_minimum": D(6),
     "subject_minimums": {"ethics": D(6), "laws-rules": D(2)},
     "notes": ""},
    {"name": "Psychologist", "license_type": "Licensed psychologist",
     "cycle_years": 2, "total_hours": D(40), "self_study_cap": D(20), "live_minimum": D(20),
     "subject_minimums": {"ethics": D(4), "cultural-competence": D(2),
                          "suicide-prevention": D(1)},
     "notes": ""},
    {"name": "Psychiatrist (physician)", "license_type": "Physician (MD/DO)",
     "cycle_years": 2, "total_hours": D(50), "self_study_cap": None, "live_minimum": D(20),
     "subject_minimums": {"pain-opioids": D(2), "ethics": D(2)},
     "notes": "Many medical boards ask for opioid prescribing hours."},
)
