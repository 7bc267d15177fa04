"""The CE log's use cases: the member's log (manual entries and earned credits together),
entries, renewal requirements and their progress, templates, the CSV and the export.

A member only ever reaches their own log: every look-up is by the owner's id, and anything
else reads as Not Found.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from peerlink.accounts.models import User
from peerlink.accounts.services import require_role
from peerlink.accounts.signals import account_exporting
from peerlink.ce_log import defaults
from peerlink.ce_log.models import (
    CECertificate,
    CEEntry,
    CERequirement,
    CETemplate,
    centihours_map,
    to_centihours,
)
from peerlink.ce_log.progress import Progress, hours, progress
from peerlink.ce_log.sources import credit_sources
from peerlink.ce_log.subjects import SUBJECTS, subject_title
from peerlink.errors import NotFound, ValidationFailed
from peerlink.extensions import Limit, db
from peerlink.profiles.models import Profile
from peerlink.taxonomy.regions import jurisdiction_name, region_name

NO_SUCH_ENTRY = "No such entry in your CE log."
KEY_MAX = 100  # a line's key, as certificates store it
NO_SUCH_REQUIREMENT = "No such requirement in your CE log."
NO_SUCH_TEMPLATE = "No such template."
NOT_LEGAL_ADVICE = ("A starting point only: check your board's current rules. This is not "
                    "legal advice.")
# Per member, the page and the API together.
CHANGES = Limit("120 per hour; 600 per day", "CE log changes")


@dataclass(frozen=True)
class LogLine:
    """One line of the log: a manual entry or an earned credit."""

    key: str
    title: str
    provider: str
    completed_on: date
    hours: Decimal
    live: bool
    subjects: tuple[str, ...]
    notes: str = ""
    entry_id: int | None = None  # a manual entry's id; None for an earned credit
    certificate: CECertificate | None = None

    @property
    def earned(self) -> bool:
        return self.entry_id is None

    @property
    def mode(self) -> str:
        return "Live" if self.live else "Self-study"

    @property
    def subject_titles(self) -> list[str]:
        return [subject_title(code) for code in self.subjects]


@dataclass(frozen=True)
class RequirementProgress:
    requirement: CERequirement
    progress: Progress


@dataclass(frozen=True)
class CELog:
    lines: list[LogLine]
    requirements: list[RequirementProgress]

    @property
    def total_hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), Decimal(0))


# --- the log --------------------------------------------------------------------------------


def _earned_credits(user_id: int) -> list:
    """Every registered source's credits, at most one line per key (the first source wins)."""
    seen, credits = set(), []
    for source in credit_sources():
        for credit in source.earned_credits(user_id):
            if credit.key not in seen:
                seen.add(credit.key)
                credits.append(credit)
    return credits


def log_lines(user_id: int) -> list[LogLine]:
    """The member's whole log, newest first: two queries, plus what each source asks."""
    certificates = {certificate.line: certificate for certificate in db.session.scalars(
        select(CECertificate).where(CECertificate.user_id == user_id))}
    lines = [LogLine(key=entry.key, title=entry.title, provider=entry.provider,
                     completed_on=entry.completed_on, hours=entry.hours, live=entry.live,
                     subjects=tuple(entry.subjects or ()), notes=entry.notes,
                     entry_id=entry.id, certificate=certificates.get(entry.key))
             for entry in db.session.scalars(select(CEEntry).where(CEEntry.user_id == user_id))]
    lines += [LogLine(key=credit.key, title=credit.title, provider=credit.provider,
                      completed_on=credit.completed_on, hours=Decimal(credit.hours),
                      live=credit.live, subjects=tuple(credit.subjects),
                      certificate=certificates.get(credit.key))
              for credit in _earned_credits(user_id)]
    return sorted(lines, key=lambda line: (line.completed_on, line.key), reverse=True)


def list_requirements(user_id: int) -> list[CERequirement]:
    return list(db.session.scalars(select(CERequirement).where(
        CERequirement.user_id == user_id).order_by(CERequirement.cycle_end, CERequirement.id)))


def with_progress(requirements: list[CERequirement],
                  lines: list[LogLine]) -> list[RequirementProgress]:
    return [RequirementProgress(requirement, progress(requirement, lines))
            for requirement in requirements]


def ce_log(user_id: int) -> CELog:
    lines = log_lines(user_id)
    return CELog(lines=lines, requirements=with_progress(list_requirements(user_id), lines))


def own_line(user_id: int, key: str) -> LogLine:
    """A line of the member's own log by its key, or Not Found."""
    if len(key) > KEY_MAX:
        raise NotFound(NO_SUCH_ENTRY)
    for line in log_lines(user_id):
        if line.key == key:
            return line
    raise NotFound(NO_SUCH_ENTRY)


def line_of_entry(user_id: int, entry_id: int) -> LogLine:
    return own_line(user_id, f"entry:{entry_id}")


# --- manual entries -------------------------------------------------------------------------


def own_entry(user: User, entry_id: int) -> CEEntry:
    entry = db.session.scalar(select(CEEntry).where(CEEntry.id == entry_id,
                                                    CEEntry.user_id == user.id))
    if entry is None:
        raise NotFound(NO_SUCH_ENTRY)
    return entry


def _write_entry(entry: CEEntry, data: dict) -> None:
    for name in ("title", "provider", "completed_on", "live", "notes"):
        if name in data:
            setattr(entry, name, data[name])
    if "hours" in data:
        entry.centihours = to_centihours(data["hours"])
    if "subjects" in data:
        entry.subjects = list(dict.fromkeys(data["subjects"]))


def add_entry(user: User, data: dict) -> CEEntry:
    entry = CEEntry(user_id=user.id, provider="", notes="", subjects=[], live=False)
    _write_entry(entry, data)
    db.session.add(entry)
    db.session.commit()
    return entry


def update_entry(user: User, entry_id: int, data: dict) -> CEEntry:
    entry = own_entry(user, entry_id)
    _write_entry(entry, data)
    db.session.commit()
    return entry


def delete_entry(user: User, entry_id: int) -> None:
    """The entry and its certificate (the file once the deletion commits)."""
    from peerlink.ce_log.certificates import forget_certificate

    entry = own_entry(user, entry_id)
    forget_certificate(user.id, entry.key)
    db.session.delete(entry)
    db.session.commit()


# --- requirements ---------------------------------------------------------------------------


def own_requirement(user: User, requirement_id: int) -> CERequirement:
    requirement = db.session.scalar(select(CERequirement).where(
        CERequirement.id == requirement_id, CERequirement.user_id == user.id))
    if requirement is None:
        raise NotFound(NO_SUCH_REQUIREMENT)
    return requirement


def requirement_progress(user: User, requirement_id: int) -> RequirementProgress:
    requirement = own_requirement(user, requirement_id)
    return RequirementProgress(requirement, progress(requirement, log_lines(user.id)))


def _write_figures(target, data: dict) -> None:
    for name in ("total_hours", "self_study_cap", "live_minimum"):
        if name in data:
            column = {"total_hours": "total_centihours",
                      "self_study_cap": "self_study_cap_centihours",
                      "live_minimum": "live_minimum_centihours"}[name]
            setattr(target, column, to_centihours(data[name]))
    if "subject_minimums" in data:
        target.subject_minimums = centihours_map(data["subject_minimums"])


def _figure_errors(target) -> dict:
    """Rules across fields, checked on the result of a change (a PATCH sends some)."""
    errors = {}
    total = target.total_centihours or 0
    if target.live_minimum_centihours is not None and target.live_minimum_centihours > total:
        errors["live_minimum"] = ["The live minimum cannot be more than the total hours."]
    over = [SUBJECTS[code].title if code in SUBJECTS else code
            for code, value in (target.subject_minimums or {}).items() if value > total]
    if over:
        errors["subject_minimums"] = [f"A subject minimum cannot be more than the total hours "
                                      f"({', '.join(over)})."]
    return errors


def _write_requirement(requirement: CERequirement, data: dict) -> None:
    # Asked before anything changes: a query would flush a half-made change first.
    if data.get("template_id") is not None:
        if db.session.get(CETemplate, data["template_id"]) is None:
            raise ValidationFailed.on("template_id", NO_SUCH_TEMPLATE)
        requirement.template_id = data["template_id"]
    for name in ("license_name", "cycle_start", "cycle_end"):
        if name in data:
            setattr(requirement, name, data[name])
    _write_figures(requirement, data)
    errors = _figure_errors(requirement)
    if requirement.cycle_start >= requirement.cycle_end:
        errors["cycle_end"] = ["The cycle must end after it starts."]
    if errors:
        raise ValidationFailed(errors=errors)


def add_requirement(user: User, data: dict) -> CERequirement:
    requirement = CERequirement(user_id=user.id, subject_minimums={})
    _write_requirement(requirement, data)
    db.session.add(requirement)
    db.session.commit()
    return requirement


def update_requirement(user: User, requirement_id: int, data: dict) -> CERequirement:
    requirement = own_requirement(user, requirement_id)
    try:
        _write_requirement(requirement, data)
    except ValidationFailed:
        db.session.rollback()
        raise
    db.session.commit()
    return requirement


def delete_requirement(user: User, requirement_id: int) -> None:
    db.session.delete(own_requirement(user, requirement_id))
    db.session.commit()


def license_place(user_id: int) -> str:
    """Where the license on the member's profile was issued: "Oregon", "Ireland" or ""."""
    jurisdiction = db.session.scalar(select(Profile.license_jurisdiction).where(
        Profile.user_id == user_id)) or ""
    return region_name(jurisdiction) if "-" in jurisdiction else jurisdiction_name(jurisdiction)


def new_requirement(user: User, template_id: int | None, today: date | None = None) -> dict:
    """What the requirement form starts with: the template's figures (if one is chosen), a
    cycle ending that many years from today, and the license on the member's profile."""
    today = today or date.today()
    place = license_place(user.id)
    values: dict = {"license_name": f"{place} license" if place else "",
                    "subject_minimums": {}}
    if template_id is not None:
        template = db.session.get(CETemplate, template_id)
        if template is None:
            raise NotFound(NO_SUCH_TEMPLATE)
        end = _years_after(today, template.cycle_years)
        values.update(template_id=template.id,
                      license_name=f"{place} {template.license_type}".strip(),
                      cycle_start=_years_after(end, -template.cycle_years) + timedelta(days=1),
                      cycle_end=end, total_hours=template.total_hours,
                      self_study_cap=template.self_study_cap,
                      live_minimum=template.live_minimum,
                      subject_minimums=template.subject_hours)
    return values


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- templates ------------------------------------------------------------------------------


def list_templates() -> list[CETemplate]:
    return list(db.session.scalars(select(CETemplate).order_by(CETemplate.position,
                                                               CETemplate.name)))


def get_template(template_id: int) -> CETemplate:
    template = db.session.get(CETemplate, template_id)
    if template is None:
        raise NotFound(NO_SUCH_TEMPLATE)
    return template


def seed_templates() -> int:
    """Add the default templates that are missing (by name); returns how many were added.
    Templates an admin edited keep their figures."""
    added = add_missing_templates()
    db.session.commit()
    return added


def add_missing_templates() -> int:
    """seed_templates within the caller's transaction (the demo loads in one)."""
    existing = set(db.session.scalars(select(CETemplate.name)))
    added = 0
    for position, template in enumerate(defaults.TEMPLATES):
        if template["name"] in existing:
            continue
        row = CETemplate(name=template["name"], license_type=template["license_type"],
                         cycle_years=template["cycle_years"], notes=template["notes"],
                         position=position, subject_minimums={})
        _write_figures(row, template)
        db.session.add(row)
        added += 1
    db.session.flush()
    return added


def update_template(actor: User, template_id: int, data: dict) -> CETemplate:
    require_role(actor, "admin")
    template = get_template(template_id)
    # Asked before anything changes: the query would flush a changed name first.
    errors = {}
    if "name" in data and db.session.scalar(select(CETemplate.id).where(
            CETemplate.name == data["name"], CETemplate.id != template.id)):
        errors["name"] = ["Another template has this name."]
    for name in ("name", "license_type", "cycle_years", "notes"):
        if name in data:
            setattr(template, name, data[name])
    _write_figures(template, data)
    errors.update(_figure_errors(template))
    if errors:
        db.session.rollback()
        raise ValidationFailed(errors=errors)
    db.session.commit()
    return template


# --- CSV and the export ---------------------------------------------------------------------

CSV_COLUMNS = ("Completed on", "Title", "Provider", "Hours", "Format", "Subjects", "Source",
               "Certificate", "Notes")
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading
    apostrophe (OWASP's advice for CSV injection)."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(lines: list[LogLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        writer.writerow([safe_cell(cell) for cell in (
            line.completed_on.isoformat(), line.title, line.provider, hours(line.hours),
            line.mode, "; ".join(line.subject_titles),
            "Earned in PeerLink" if line.earned else "Added by hand",
            "yes" if line.certificate else "no", line.notes)])
    return out.getvalue()


@account_exporting.connect
def export_ce_log(user, **_) -> dict:
    """The member's own download: every line of their log and each requirement's progress."""
    from peerlink.ce_log.schemas import LogLineSchema, RequirementSchema

    log = ce_log(user.id)
    return {"ce_log": {
        "entries": LogLineSchema(many=True).dump(log.lines),
        "requirements": RequirementSchema(many=True).dump(log.requirements)}}

