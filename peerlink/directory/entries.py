"""What a directory card and the directory API show of a profile, read in one query.

Plain rows instead of ORM objects with five eager loads: a page of fifty costs the same
one statement as a page of two, and no ORM bookkeeping. Whitelisted by construction:
the license number, email and bio are never selected.
"""

from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import (
    ARRAY,
    JSON,
    Integer,
    any_,
    bindparam,
    func,
    literal_column,
    select,
    union_all,
)

from peerlink.extensions import db
from peerlink.profiles.cards import MemberCard
from peerlink.profiles.models import Profile
from peerlink.taxonomy.models import LISTED_KINDS, Discipline


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
    photo: str | None = None
    discipline: TermRef | None = None
    specialties: list[TermRef] = field(default_factory=list)
    modalities: list[TermRef] = field(default_factory=list)
    populations: list[TermRef] = field(default_factory=list)
    languages: list[TermRef] = field(default_factory=list)
    # Where the viewer stands with this member: "you", "connected", "request_sent",
    # "request_received" or None.
    standing: str | None = None

    @property
    def verified(self) -> bool:
        return self.verification_status == "verified"

    @property
    def card(self) -> MemberCard:
        """The card's head, drawn as every member card is. Directory results are profiles
        the viewer may see in full, so it carries their pronouns and photo."""
        return MemberCard(id=self.user_id, display_name=self.display_name,
                          pronouns=self.pronouns,
                          discipline=self.discipline.label if self.discipline else None,
                          credentials=self.credentials, verified=self.verified,
                          photo=self.photo)

    @property
    def photo_url(self) -> str | None:
        return self.card.photo_url


_COLUMNS = (Profile.user_id, Profile.display_name, Profile.pronouns, Profile.credentials,
            Profile.city, Profile.region, Profile.country, Profile.open_to_consultation,
            Profile.consultation_topics, Profile.verification_status, Profile.photo)


# The term lists in the order of DirectoryEntry's fields; each aggregated term names its
# list by its position here.
_LISTS = LISTED_KINDS


@cache
def _statement(postgresql: bool):
    """Built once per kind of database; only the ids change.

    A profile's terms come in its row as one JSON array of [list, slug, label, position],
    so a page is one statement. PostgreSQL gets the ids as one array, so the text stays the
    same for any page size and psycopg prepares it once per connection; SQLite an IN list.
    """
    if postgresql:
        as_array, as_item = func.json_agg, func.json_build_array
        wanted = Profile.user_id == any_(bindparam("ids", type_=ARRAY(Integer)))
    else:
        as_array, as_item = func.json_group_array, func.json_array
        wanted = Profile.user_id.in_(bindparam("ids", expanding=True))
    each_term = union_all(*(
        select(literal_column(str(number)).label("list"), t.model.slug, t.model.label,
               t.model.position)
        .select_from(t.link).join(t.model, t.model.id == t.link.c.term_id)
        .where(t.link.c.profile_id == Profile.user_id).correlate(Profile.__table__)
        for number, t in enumerate(_LISTS))).subquery("term")
    terms = (select(as_array(as_item(*each_term.c), type_=JSON)).select_from(each_term)
             .scalar_subquery().label("terms"))
    return (select(*_COLUMNS, Discipline.slug, Discipline.label, terms)
            .outerjoin(Discipline, Discipline.id == Profile.discipline_id).where(wanted))


def directory_entries(user_ids: list[int]) -> list[DirectoryEntry]:
    """Entries for these profiles, in the order given."""
    if not user_ids:
        return []
    statement = _statement(db.session.get_bind().dialect.name == "postgresql")
    entries = {}
    # Plain SQL: run on the session's connection, past the ORM's machinery.
    for *values, slug, label, terms in db.session.connection().execute(
            statement, {"ids": user_ids}).all():
        entry = DirectoryEntry(*values, discipline=TermRef(slug, label) if slug else None)
        for number, term_slug, term_label, _ in sorted(
                terms or (), key=lambda term: (term[0], term[3], term[2])):
            getattr(entry, _LISTS[number].attribute).append(TermRef(term_slug, term_label))
        entries[entry.user_id] = entry
    return [entries[user_id] for user_id in user_ids if user_id in entries]
