"""Builds the demo community; each feature adds its own step to `seed_demo`."""

from datetime import timedelta

from sqlalchemy import select

from peerlink.accounts import passwords
from peerlink.accounts.models import ROLES, User
from peerlink.connections.models import Connection
from peerlink.db_types import utcnow
from peerlink.demo.ce_logs import seed_ce_logs
from peerlink.demo.chat import seed_conversations
from peerlink.demo.clinicians import CLINICIANS
from peerlink.demo.consultations import seed_consultations
from peerlink.demo.events import seed_events
from peerlink.demo.groups import seed_groups
from peerlink.directory.index import rebuild_search_index
from peerlink.extensions import db
from peerlink.profiles.models import LicenseReview, Profile
from peerlink.taxonomy.regions import find_region
from peerlink.taxonomy.services import seed_taxonomies, terms_by_slug

DEMO_PASSWORD = "consult-with-peers-2026"  # noqa: S105 (printed for demo logins)
DEMO_DOMAIN = "example.org"
# Every fifth clinician has a license awaiting review, so moderators have a queue to work.
PENDING_EVERY = 5


def demo_email(slug: str) -> str:
    return f"{slug}@{DEMO_DOMAIN}"


def seed_accounts() -> dict[str, User]:
    # One hash for all demo users: hashing 48 times would only slow `make run`.
    password_hash = passwords.hash_password(DEMO_PASSWORD)
    users = {}
    for clinician in CLINICIANS:
        user = User(name=clinician.name, email=demo_email(clinician.slug), role=clinician.role,
                    password_hash=password_hash, email_confirmed_at=utcnow())
        db.session.add(user)
        users[clinician.slug] = user
    db.session.flush()
    return users


def seed_profiles(users: dict[str, User]) -> None:
    seed_taxonomies()
    lookup = {name: terms_by_slug(name, slugs) for name, slugs in {
        "disciplines": {c.discipline for c in CLINICIANS},
        "settings": {c.setting for c in CLINICIANS},
        "specialties": {s for c in CLINICIANS for s in c.specialties},
        "modalities": {m for c in CLINICIANS for m in c.modalities},
        "populations": {p for c in CLINICIANS for p in c.populations},
        "languages": {code for c in CLINICIANS for code in c.languages},
    }.items()}
    for index, clinician in enumerate(CLINICIANS):
        user = users[clinician.slug]
        pending = index % PENDING_EVERY == PENDING_EVERY - 1
        # "IL" in the data is stored as its ISO code, US-IL; each is licensed where they live.
        region = find_region(clinician.region, clinician.country)
        profile = Profile(
            user=user, display_name=clinician.name, pronouns=clinician.pronouns,
            discipline=lookup["disciplines"][clinician.discipline],
            credentials=clinician.credentials, setting=lookup["settings"][clinician.setting],
            city=clinician.city, region=region, country=clinician.country,
            timezone=clinician.timezone, bio=clinician.bio,
            open_to_consultation=clinician.open_to_consultation,
            consultation_topics=list(clinician.consultation_topics),
            specialties=[lookup["specialties"][s] for s in clinician.specialties],
            modalities=[lookup["modalities"][m] for m in clinician.modalities],
            populations=[lookup["populations"][p] for p in clinician.populations],
            languages=[lookup["languages"][code] for code in clinician.languages],
            license_jurisdiction=region, license_number=f"DEMO-{10000 + index * 37}",
            verification_status="pending" if pending else "verified",
            visibility="members",
        )
        db.session.add(profile)
        db.session.add(LicenseReview(
            profile=profile, jurisdiction=profile.license_jurisdiction,
            number=profile.license_number, status=profile.verification_status,
            decided_at=None if pending else utcnow(),
            reason="" if pending else "Checked against the state board's public look-up."))
    db.session.flush()


# (requester, addressee, days ago): accepted connections, so demo logins see a network.
DEMO_CONNECTIONS = (
    ("eleanor.whitfield", "maya.okafor", 40), ("maya.okafor", "kevin.castellano", 35),
    ("caleb.hoffman", "maya.okafor", 30), ("maya.okafor", "ibrahim.haddad", 21),
    ("keisha.lawrence", "maya.okafor", 12), ("tomas.almeida", "daniel.reyes", 38),
    ("daniel.reyes", "marcus.bell", 33), ("samuel.adeyemi", "daniel.reyes", 25),
    ("priya.raman", "thao.nguyen", 28), ("halima.warsame", "aaliyah.brooks", 26),
    ("chantal.baptiste", "yesenia.morales", 20), ("rohan.mehta", "genevieve.tremblay", 18),
    ("hana.takahashi", "kiana.moradi", 15), ("jamal.carter", "lauren.gallagher", 9),
)
# (requester, addressee, days ago, note): requests waiting for the two featured demo logins,
# and one Maya sent, so every list on /connections has something in it.
DEMO_REQUESTS = (
    ("brandon.miller", "maya.okafor", 3,
     "We sat together in the PE for veterans session. I'd value your view on pacing."),
    ("amani.mwangi", "maya.okafor", 1, ""),
    ("omar.siddiqui", "daniel.reyes", 4,
     "I refer a lot of clients in early recovery; would love a prescriber to consult with."),
    ("lucas.ferreira", "daniel.reyes", 2, ""),
    ("maya.okafor", "jolene.begay", 2, "Your talk on safety planning stayed with me."),
)


def seed_connections(users: dict[str, User]) -> None:
    now = utcnow()
    for requester, addressee, days in DEMO_CONNECTIONS:
        when = now - timedelta(days=days)
        db.session.add(Connection(requester=users[requester], addressee=users[addressee],
                                  status="accepted", created_at=when - timedelta(hours=5),
                                  responded_at=when))
    for requester, addressee, days, note in DEMO_REQUESTS:
        db.session.add(Connection(requester=users[requester], addressee=users[addressee],
                                  status="pending", note=note,
                                  created_at=now - timedelta(days=days)))
    db.session.flush()


def seed_demo() -> int:
    """Load everything in one transaction, once. Returns the number of clinicians created."""
    first = demo_email(CLINICIANS[0].slug)
    if db.session.scalar(select(User.id).where(User.email == first)) is not None:
        return 0
    users = seed_accounts()
    seed_profiles(users)
    seed_connections(users)
    seed_ce_logs(users)
    seed_conversations(users)
    seed_events(users)
    rebuild_search_index()  # the profiles above were inserted directly, without the signal
    seed_groups(users)
    seed_consultations(users)
    db.session.commit()
    return len(users)


# How every demo login is made, printed on every `make run` with a few examples per role.
LOGIN_PATTERN = f"<first name>.<last name>@{DEMO_DOMAIN}"
LOGINS_PER_ROLE = 2


def featured_logins(per_role: int = LOGINS_PER_ROLE) -> list[tuple[str, str]]:
    """A few demo logins per role, highest role first, to print for a developer: only
    accounts that are in the database (none before `seed_demo`)."""
    existing = set(db.session.scalars(select(User.email).where(
        User.email.in_([demo_email(clinician.slug) for clinician in CLINICIANS]))))
    logins = []
    for role in reversed(ROLES):
        emails = [demo_email(c.slug) for c in CLINICIANS
                  if c.role == role and demo_email(c.slug) in existing]
        logins += [(email, role) for email in emails[:per_role]]
    return logins
