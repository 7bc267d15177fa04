"""CE logs for the demo clinicians: a renewal requirement started from the template for
their license, and entries that meet it in part (one over its self-study cap, one short of
live hours, one short of ethics), so the CE log page has something true to say."""

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from peerlink.accounts.models import User
from peerlink.ce_log.models import CEEntry, CERequirement, CETemplate, to_centihours
from peerlink.ce_log.services import add_missing_templates
from peerlink.extensions import db

# Demo clinician -> (template name, license place, days until the cycle ends)
DEMO_REQUIREMENTS = {
    "maya.okafor": ("Licensed Clinical Social Worker (LCSW)", "Oregon", 75),
    "eleanor.whitfield": ("Psychologist", "Massachusetts", 300),
    "lachlan.murray": ("Psychiatrist (physician)", "Washington", 40),
    "halima.warsame": ("Licensed Professional Counselor (LPC)", "Minnesota", 500),
    "kevin.castellano": ("Licensed Marriage and Family Therapist (LMFT)", "California", 25),
}
# (title, provider, days ago, hours, live, subjects)
COURSES = (
    ("Ethics in telehealth practice", "State association of social workers", 40, "3", True,
     ("ethics",)),
    ("Safety planning with suicidal clients", "Zero Suicide Institute", 120, "2", True,
     ("suicide-prevention",)),
    ("Culturally responsive trauma care", "Trauma Summit 2026", 200, "6", True,
     ("cultural-competence", "clinical-practice")),
    ("Motivational interviewing refresher", "Online CE library", 260, "4", False,
     ("clinical-practice", "substance-use")),
    ("Documentation and record keeping", "Online CE library", 300, "3", False, ("laws-rules",)),
    ("Supervising new clinicians", "Regional training center", 330, "3", True,
     ("supervision",)),
    ("Sleep and mood: what's new", "Online CE library", 360, "5.5", False,
     ("clinical-practice",)),
    ("Opioid prescribing update", "Medical society webinar", 400, "2", True, ("pain-opioids",)),
)


def seed_ce_logs(users: dict[str, User], today: date | None = None) -> None:
    """Within the demo's transaction."""
    today = today or date.today()
    add_missing_templates()
    templates = {template.name: template for template in db.session.scalars(select(CETemplate))}
    for index, (slug, (name, place, days_left)) in enumerate(DEMO_REQUIREMENTS.items()):
        user, template = users[slug], templates[name]
        end = today + timedelta(days=days_left)
        db.session.add(CERequirement(
            user_id=user.id, license_name=f"{place} {template.license_type}",
            template_id=template.id, cycle_end=end,
            cycle_start=end.replace(year=end.year - template.cycle_years) + timedelta(days=1),
            total_centihours=template.total_centihours,
            self_study_cap_centihours=template.self_study_cap_centihours,
            live_minimum_centihours=template.live_minimum_centihours,
            subject_minimums=dict(template.subject_minimums)))
        # Each clinician took a different share of the courses: partly met, never all.
        for offset, (title, provider, days_ago, hours, live, subjects) in enumerate(COURSES):
            if (offset + index) % 3 == 2:
                continue
            db.session.add(CEEntry(
                user_id=user.id, title=title, provider=provider,
                completed_on=today - timedelta(days=days_ago + 7 * index),
                centihours=to_centihours(Decimal(hours)), live=live,
                subjects=list(subjects), notes=""))
    db.session.flush()
