"""What a directory card and the directory API show of a profile, read in two queries.

Plain rows instead of ORM objects with five eager loads: a page of fifty costs the same
two statements as a page of two, and no ORM bookkeeping. Whitelisted by construction:
the license number, email and bio are never selected.
"""

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import ARRAY, Integer, any_, bindparam, literal, select, union_all

from peerlink.extensions import db
from peerlink.profiles.models import TERM_LISTS, Discipline, Profile


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


@cache
def _statements(postgresql: bool):
    """The two statements, built once per kind of database; only the ids change.

    PostgreSQL gets the ids as one array, so the text stays the same for any page size and
    psycopg prepares it once per connection; SQLite gets an IN list.
    """
    def one_of_the_ids(column):
        if postgresql:
            return column == any_(bindparam("ids", type_=ARRAY(Integer)))
        return column.in_(bindparam("ids", expanding=True))

    profiles = (select(*_COLUMNS, Discipline.slug, Discipline.label)
                .outerjoin(Discipline, Discipline.id == Profile.discipline_id)
                .where(one_of_the_ids(Profile.user_id)))
    terms = union_all(*(
        select(literal(name).label("list"), link.c.profile_id, model.slug, model.label,
               model.position)
        .join(model, model.id == link.c.term_id).where(one_of_the_ids(link.c.profile_id))
        for name, link, model in ((t.plural, t.link, t.model) for t in TERM_LISTS.values())))
    return profiles, terms


def directory_entries(user_ids: list[int]) -> list[DirectoryEntry]:
    """Entries for these profiles, in the order given."""
    if not user_ids:
        return []
    profiles, terms = _statements(db.session.get_bind().dialect.name == "postgresql")
    connection = db.session.connection()  # plain SQL: past the ORM's machinery
    entries = {}
    for row in connection.execute(profiles, {"ids": user_ids}).all():
        *values, slug, label = row
        entries[row.user_id] = DirectoryEntry(
            *values, discipline=TermRef(slug, label) if slug else None)
    for name, profile_id, slug, label, _ in sorted(
            connection.execute(terms, {"ids": user_ids}).all(),
            key=lambda t: (t.position, t.label)):
        getattr(entries[profile_id], name).append(TermRef(slug, label))
    return [entries[user_id] for user_id in user_ids if user_id in entries]
