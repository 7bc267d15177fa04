"""The taxonomy tables and the one registry of their kinds.

Every list of "which taxonomies are there" (search, schemas, views, seeding, the benchmark)
reads `KINDS`; adding a kind here adds it everywhere. Terms are data an admin edits.
"""

from dataclasses import dataclass

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from peerlink.extensions import db
from peerlink.taxonomy import defaults


class TaxonomyTerm:
    """Columns every taxonomy table shares. Retired terms stay for the profiles using them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"


class Discipline(TaxonomyTerm, db.Model):
    __tablename__ = "disciplines"


class Specialty(TaxonomyTerm, db.Model):
    __tablename__ = "specialties"


class Modality(TaxonomyTerm, db.Model):
    __tablename__ = "modalities"


class Population(TaxonomyTerm, db.Model):
    __tablename__ = "populations"


class Language(TaxonomyTerm, db.Model):
    __tablename__ = "languages"


class PracticeSetting(TaxonomyTerm, db.Model):
    __tablename__ = "practice_settings"


def _held_by_profiles(name: str, term_table: str) -> Table:
    """Which terms of a kind each profile holds (a profile holds several of these kinds)."""
    return Table(
        f"profile_{name}", db.metadata,
        Column("profile_id", ForeignKey("profiles.user_id", ondelete="CASCADE"), primary_key=True),
        Column("term_id", ForeignKey(f"{term_table}.id", ondelete="CASCADE"), primary_key=True,
               index=True),
    )


@dataclass(frozen=True)
class Kind:
    """One taxonomy: its name in URLs and the API, its table, and how profiles hold it."""

    name: str  # "specialties": /admin/taxonomies/<name>, GET /api/v1/taxonomies/<name>
    title: str  # "Specialties": page headings
    model: type[TaxonomyTerm]
    defaults: tuple[tuple[str, str], ...]
    field: str  # the profile's input field: "specialties", "discipline", "practice_setting"
    attribute: str  # the Profile attribute: "specialties", "discipline", "setting"
    filter: str | None  # the directory's query parameter: "specialty"; None: not a filter
    filter_label: str  # "Specialty": the directory's label for that filter
    link: Table | None = None  # profile -> terms, for kinds a profile holds several of

    @property
    def many(self) -> bool:
        return self.link is not None


def _listed(name, title, model, term_defaults, singular, filter_label) -> Kind:
    return Kind(name, title, model, term_defaults, field=name, attribute=name, filter=singular,
                filter_label=filter_label,
                link=_held_by_profiles(name, model.__tablename__))


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("disciplines", "Disciplines", Discipline, defaults.DISCIPLINES, field="discipline",
         attribute="discipline", filter="discipline", filter_label="Discipline"),
    _listed("specialties", "Specialties", Specialty, defaults.SPECIALTIES, "specialty",
            "Specialty"),
    _listed("modalities", "Modalities", Modality, defaults.MODALITIES, "modality", "Modality"),
    _listed("populations", "Populations served", Population, defaults.POPULATIONS,
            "population", "Population served"),
    _listed("languages", "Languages", Language, defaults.LANGUAGES, "language", "Language"),
    Kind("settings", "Practice settings", PracticeSetting, defaults.SETTINGS,
         field="practice_setting", attribute="setting", filter=None,
         filter_label="Practice setting"),
)}

# The kinds a profile holds several terms of, in the order cards and search list them.
LISTED_KINDS: tuple[Kind, ...] = tuple(kind for kind in KINDS.values() if kind.many)
# The same, by directory filter name ("specialty" -> the specialties kind).
LISTED_BY_FILTER: dict[str, Kind] = {kind.filter: kind for kind in LISTED_KINDS}
# Every kind the directory filters on, by filter name (the discipline and the lists).
FILTER_KINDS: dict[str, Kind] = {kind.filter: kind for kind in KINDS.values() if kind.filter}
