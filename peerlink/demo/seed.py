"""Builds the demo community; each feature adds its own step to `seed_demo`."""

from sqlalchemy import select

from peerlink.accounts import passwords
from peerlink.accounts.models import User
from peerlink.db_types import utcnow
from peerlink.demo.clinicians import CLINICIANS
from peerlink.extensions import db

DEMO_PASSWORD = "consult-with-peers-2026"
DEMO_DOMAIN = "example.org"


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


def seed_demo() -> int:
    """Load everything in one transaction, once. Returns the number of clinicians created."""
    first = demo_email(CLINICIANS[0].slug)
    if db.session.scalar(select(User.id).where(User.email == first)) is not None:
        return 0
    users = seed_accounts()
    db.session.commit()
    return len(users)


def featured_logins() -> list[tuple[str, str]]:
    """One demo login per role, to print for a new developer."""
    seen = {}
    for clinician in CLINICIANS:
        seen.setdefault(clinician.role, demo_email(clinician.slug))
    return [(email, role) for role, email in seen.items()]
