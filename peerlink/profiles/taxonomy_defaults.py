"""The taxonomies PeerLink starts with; `flask seed-taxonomies` loads the missing ones.

After that they are data: admins rename, reorder, add and retire terms in the app.
"""

DISCIPLINES: tuple[tuple[str, str], ...] = (
    ("psychologist", "Psychologist"),
    ("psychiatrist", "Psychiatrist"),
    ("psychiatric-np", "Psychiatric nurse practitioner"),
    ("lcsw", "Clinical social worker (LCSW)"),
    ("lpc", "Licensed professional counselor (LPC/LPCC)"),
    ("lmft", "Marriage and family therapist (LMFT)"),
    ("school-psychologist", "School psychologist"),
    ("peer-specialist", "Peer support specialist"),
    ("trainee", "Student / trainee"),
    ("other", "Other"),
)

SPECIALTIES: tuple[tuple[str, str], ...] = (
    ("trauma-ptsd", "Trauma & PTSD"),
    ("child-adolescent", "Child & adolescent"),
    ("substance-use", "Substance use & addiction"),
    ("perinatal", "Perinatal mental health"),
    ("eating-disorders", "Eating disorders"),
    ("grief-loss", "Grief & loss"),
    ("anxiety-ocd", "Anxiety & OCD"),
    ("mood-disorders", "Depression & bipolar disorders"),
    ("serious-mental-illness", "Serious mental illness & psychosis"),
    ("couples", "Couples & relationships"),
    ("lgbtq-affirming", "LGBTQ+ affirming care"),
    ("neurodevelopmental", "ADHD, autism & neurodevelopment"),
    ("suicide-prevention", "Suicide prevention"),
    ("geriatric", "Geriatric mental health"),
    ("sleep", "Sleep & insomnia"),
    ("chronic-pain", "Chronic pain & health psychology"),
)

MODALITIES: tuple[tuple[str, str], ...] = (
    ("cbt", "CBT"),
    ("dbt", "DBT"),
    ("emdr", "EMDR"),
    ("act", "ACT"),
    ("ifs", "IFS"),
    ("psychodynamic", "Psychodynamic therapy"),
    ("family-systems", "Family systems"),
    ("motivational-interviewing", "Motivational interviewing"),
    ("cpt", "Cognitive processing therapy"),
    ("pe", "Prolonged exposure"),
    ("erp", "Exposure and response prevention"),
    ("eft", "Emotionally focused therapy"),
    ("cbt-i", "CBT for insomnia (CBT-I)"),
    ("medication-management", "Medication management"),
    ("play-therapy", "Play therapy"),
    ("mindfulness-based", "Mindfulness-based approaches"),
)

POPULATIONS: tuple[tuple[str, str], ...] = (
    ("children", "Children"),
    ("adolescents", "Adolescents"),
    ("adults", "Adults"),
    ("older-adults", "Older adults"),
    ("couples", "Couples"),
    ("families", "Families"),
    ("veterans", "Veterans & military families"),
    ("lgbtq", "LGBTQ+ people"),
    ("bipoc", "BIPOC communities"),
    ("perinatal-parents", "Expecting & new parents"),
)

LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("zh", "Mandarin Chinese"),
    ("vi", "Vietnamese"),
    ("ko", "Korean"),
    ("ar", "Arabic"),
    ("pt", "Portuguese"),
    ("tl", "Tagalog"),
    ("ase", "American Sign Language"),
)

SETTINGS: tuple[tuple[str, str], ...] = (
    ("private-practice", "Private practice"),
    ("group-practice", "Group practice"),
    ("community-mental-health", "Community mental health"),
    ("hospital", "Hospital"),
    ("va", "VA / military health"),
    ("school", "School"),
    ("university-counseling", "University counseling center"),
    ("telehealth-only", "Telehealth only"),
    ("integrated-primary-care", "Integrated primary care"),
    ("residential", "Residential treatment"),
)
