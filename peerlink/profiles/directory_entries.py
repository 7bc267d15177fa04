"""What a directory card and the directory API show of a profile, read in two queries.

Plain rows instead of ORM objects with five eager loads: a page of fifty costs the same
two statements as a page of two, and no ORM bookkeeping. Whitelisted by construction:
the license number, email and bio are never selected.
"""

from dataclasses import dataclass, field

from sqlalchemy import bindparam, literal, select, union_all

from peerlink.extensions import db
from peerlink.profiles.models import (
    Discipline,
    Language,
    Modality,
    Population,
    Profile,
    Specialty,
    profile_languages,
    profile_modalities,
    profile_populations,
    profile_specialties,
)

TERM_LISTS = {
    "specialties": (profile_specialties, Specialty),
    "modalities": (profile_modalities, Modality),
    "populations": (profile_populations, Population),
    "languages": (profile_languages, Language),
}


@dataclass(frozen=True)
class TermRef:
    slug: str
    label: str


@dataclass
class DirectoryEntry:
    user_id: int
    display_name: str
    pronouns: str
    credentials: str
    city: str
    region: str
    country: str
    open_to_consultation: bool
    consultation_topics: list[str]
    verification_status: str
    discipline: TermRef | None = None
    specialties: list[TermRef] = field(default_factory=list)
    modalities: list[TermRef] = field(default_factory=list)
    populations: list[TermRef] = field(default_factory=list)
    languages: list[TermRef] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return self.verification_status == "verified"


_COLUMNS = (Profile.user_id, Profile.display_name, Profile.pronouns, Profile.credentials,
            Profile.city, Profile.region, Profile.country, Profile.open_to_consultation,
            Profile.consultation_topics, Profile.verification_status)
_IDS = bindparam("ids", expanding=True)
# Built once: only the ids change between pages.
_PROFILES = (select(*_COLUMNS, Discipline.slug, Discipline.label)
             .outerjoin(Discipline, Discipline.id == Profile.discipline_id)
             .where(Profile.user_id.in_(_IDS)))
_TERMS = union_all(*(
    select(literal(name).label("list"), link.c.profile_id, model.slug, model.label,
           model.position)
    .join(model, model.id == link.c.term_id).where(link.c.profile_id.in_(_IDS))
    for name, (link, model) in TERM_LISTS.items()))


def directory_entries(user_ids: list[int]) -> list[DirectoryEntry]:
    """Entries for these profiles, in the order given."""
    if not user_ids:
        return []
    entries = {}
    for row in db.session.execute(_PROFILES, {"ids": user_ids}):
        *values, slug, label = row
        entries[row.user_id] = DirectoryEntry(
            *values, discipline=TermRef(slug, label) if slug else None)
    for name, profile_id, slug, label, _ in sorted(
            db.session.execute(_TERMS, {"ids": user_ids}), key=lambda t: (t.position, t.label)):
        getattr(entries[profile_id], name).append(TermRef(slug, label))
    return [entries[user_id] for user_id in user_ids if user_id in entries]
