"""The taxonomy tables: disciplines, specialties, modalities, populations, languages, settings."""

from sqlalchemy import select

from peerlink.extensions import db
from peerlink.profiles import taxonomy_defaults
from peerlink.profiles.models import (
    Discipline,
    Language,
    Modality,
    Population,
    PracticeSetting,
    Specialty,
)

# name -> (model, default terms); the name is what URLs, schemas and forms use.
TAXONOMIES = {
    "disciplines": (Discipline, taxonomy_defaults.DISCIPLINES),
    "specialties": (Specialty, taxonomy_defaults.SPECIALTIES),
    "modalities": (Modality, taxonomy_defaults.MODALITIES),
    "populations": (Population, taxonomy_defaults.POPULATIONS),
    "languages": (Language, taxonomy_defaults.LANGUAGES),
    "settings": (PracticeSetting, taxonomy_defaults.SETTINGS),
}


def seed_taxonomies() -> int:
    """Add the default terms that are missing; never touches terms an admin edited."""
    added = 0
    for model, defaults in TAXONOMIES.values():
        existing = set(db.session.scalars(select(model.slug)))
        for position, (slug, label) in enumerate(defaults):
            if slug not in existing:
                db.session.add(model(slug=slug, label=label, position=position))
                added += 1
    db.session.commit()
    return added


def terms(name: str, include_retired: bool = False) -> list:
    model = TAXONOMIES[name][0]
    query = select(model).order_by(model.position, model.label)
    if not include_retired:
        query = query.where(model.active.is_(True))
    return list(db.session.scalars(query))


def terms_by_slug(name: str, slugs) -> dict:
    model = TAXONOMIES[name][0]
    return {term.slug: term for term in db.session.scalars(
        select(model).where(model.slug.in_(list(slugs))))}
