"""Taxonomy use cases: seeding the defaults, reading terms, and the admin's edits."""

from blinker import Namespace
from sqlalchemy import func, select

from peerlink.accounts.services import require_role
from peerlink.errors import NotFound, ValidationFailed
from peerlink.extensions import db
from peerlink.taxonomy.models import KINDS

_signals = Namespace()
# Sent with (kind, term) after a term's label changed, before the commit: whoever shows or
# indexes labels (the directory, through profiles) refreshes in the same transaction.
term_renamed = _signals.signal("term-renamed")


def seed_taxonomies() -> int:
    """Add the default terms that are missing; never touches terms an admin edited."""
    added = 0
    for kind in KINDS.values():
        existing = set(db.session.scalars(select(kind.model.slug)))
        for position, (slug, label) in enumerate(kind.defaults):
            if slug not in existing:
                db.session.add(kind.model(slug=slug, label=label, position=position))
                added += 1
    db.session.commit()
    return added


def terms(name: str, include_retired: bool = False) -> list:
    model = KINDS[name].model
    query = select(model).order_by(model.position, model.label)
    if not include_retired:
        query = query.where(model.active.is_(True))
    return list(db.session.scalars(query))


def terms_by_slug(name: str, slugs) -> dict:
    model = KINDS[name].model
    return {term.slug: term for term in db.session.scalars(
        select(model).where(model.slug.in_(list(slugs))))}


# --- administration: admins add, rename, reorder and retire terms ---------------------------


def _model(name: str):
    if name not in KINDS:
        raise NotFound("No such taxonomy.")
    return KINDS[name].model


def visible_terms(viewer, name: str, include_retired: bool = False) -> list:
    """Members read the active terms; admins may ask for the retired ones too."""
    _model(name)
    if include_retired:
        require_role(viewer, "admin")
    return terms(name, include_retired=include_retired)


def admin_terms(actor, name: str) -> list:
    require_role(actor, "admin")
    _model(name)
    return terms(name, include_retired=True)


def get_term(name: str, slug: str):
    model = _model(name)
    term = db.session.scalar(select(model).where(model.slug == slug))
    if term is None:
        raise NotFound("No such term.")
    return term


def add_term(actor, name: str, *, slug: str, label: str, position: int | None = None):
    require_role(actor, "admin")
    model = _model(name)
    if db.session.scalar(select(model.id).where(model.slug == slug)) is not None:
        raise ValidationFailed.on("slug", f"“{slug}” is already in this list. "
                                          "Rename or restore that term instead.")
    if position is None:
        position = (db.session.scalar(select(func.max(model.position))) or 0) + 1
    term = model(slug=slug, label=label.strip(), position=position, active=True)
    db.session.add(term)
    db.session.commit()
    return term


def update_term(actor, name: str, slug: str, *, label: str | None = None,
                position: int | None = None, active: bool | None = None):
    """Rename, reorder, retire or restore. Profiles keep retired terms they already hold."""
    require_role(actor, "admin")
    term = get_term(name, slug)
    renamed = label is not None and label.strip() != term.label
    if label is not None:
        term.label = label.strip()
    if position is not None:
        term.position = position
    if active is not None:
        term.active = active
    db.session.flush()
    if renamed:
        term_renamed.send(KINDS[name], term=term)
    db.session.commit()
    return term
