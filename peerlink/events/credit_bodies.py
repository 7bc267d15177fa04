"""The credit bodies that approve CE (APA, ASWB ACE, NBCC ...): a list admins edit."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from peerlink.accounts.services import require_role
from peerlink.errors import NotFound, ValidationFailed
from peerlink.events.models import CreditBody
from peerlink.extensions import db

DEFAULTS = (
    ("apa", "APA (American Psychological Association)"),
    ("aswb-ace", "ASWB ACE (Association of Social Work Boards)"),
    ("nbcc", "NBCC (National Board for Certified Counselors)"),
    ("ancc", "ANCC (American Nurses Credentialing Center)"),
    ("naadac", "NAADAC (Association for Addiction Professionals)"),
    ("accme", "ACCME (Accreditation Council for Continuing Medical Education)"),
    ("aamft", "AAMFT (American Association for Marriage and Family Therapy)"),
)


def seed_credit_bodies() -> int:
    """Add the default credit bodies that are missing; the caller commits."""
    have = set(db.session.scalars(select(CreditBody.slug)))
    added = 0
    for position, (slug, name) in enumerate(DEFAULTS):
        if slug not in have:
            db.session.add(CreditBody(slug=slug, name=name, position=position))
            added += 1
    db.session.flush()
    return added


def list_credit_bodies() -> list[CreditBody]:
    return list(db.session.scalars(select(CreditBody).order_by(CreditBody.position,
                                                               CreditBody.name)))


def add_credit_body(actor, slug: str, name: str) -> CreditBody:
    require_role(actor, "admin")
    if db.session.scalar(select(CreditBody.id).where(CreditBody.slug == slug)) is not None:
        raise ValidationFailed.on("slug", "A credit body with this slug exists already.")
    position = (db.session.scalar(select(func.max(CreditBody.position))) or 0) + 1
    body = CreditBody(slug=slug, name=name, position=position)
    db.session.add(body)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationFailed.on("slug", "A credit body with this slug exists already.") \
            from None
    return body


def rename_credit_body(actor, slug: str, name: str) -> CreditBody:
    require_role(actor, "admin")
    body = db.session.scalar(select(CreditBody).where(CreditBody.slug == slug))
    if body is None:
        raise NotFound("No such credit body.")
    body.name = name
    db.session.commit()
    return body
