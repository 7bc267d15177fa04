"""Profile use cases: one profile per account, viewing with privacy applied, editing, and
license verification. Who may see what is asked of `privacy`, never decided here again.
"""

from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from peerlink.accounts.models import User
from peerlink.accounts.services import require_role
from peerlink.accounts.signals import account_created, account_exporting
from peerlink.audit import services as audit
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import Limit, db
from peerlink.links import path_to
from peerlink.markdown import render_markdown
from peerlink.notifications.services import notify
from peerlink.profiles import privacy
from peerlink.profiles.cards import PhotoUrls, photo_urls
from peerlink.profiles.models import LicenseReview, Profile
from peerlink.profiles.privacy import NO_SUCH_MEMBER
from peerlink.profiles.schemas import ExportedLicenseReviewSchema, OwnProfileSchema
from peerlink.profiles.signals import profile_changed
from peerlink.taxonomy import regions
from peerlink.taxonomy.countries import COUNTRY_NAMES
from peerlink.taxonomy.models import KINDS, Kind
from peerlink.taxonomy.services import term_renamed, terms_by_slug

# Per member, pages and API together: more than anyone editing by hand needs.
PROFILE_EDITS = Limit("30 per minute; 300 per day", "profile edits")
LICENSE_SUBMISSIONS = Limit("5 per hour; 20 per day", "license submissions")

# --- one profile per account ----------------------------------------------------------------


def _new_profile(user: User) -> Profile:
    profile = Profile(user=user, display_name=user.name, pronouns="", credentials="", city="",
                      region="", country="", timezone="", bio="", consultation_topics=[],
                      open_to_consultation=False, visibility="members",
                      show_email_to_connections=False, verification_status="unverified",
                      license_jurisdiction="", license_number="")
    db.session.add(profile)
    db.session.flush()
    profile_changed.send(profile)
    return profile


@account_created.connect
def create_profile_for_new_account(user: User, **_) -> None:
    """Same transaction as the account: `register_user` commits both or neither."""
    _new_profile(user)


def _holds(kind: Kind, term):
    """SQL condition on Profile: the profile holds this term."""
    if kind.many:
        return getattr(Profile, kind.attribute).any(id=term.id)
    return getattr(Profile, f"{kind.attribute}_id") == term.id


@term_renamed.connect
def announce_holders_of_renamed_term(kind: Kind, term, **_) -> None:
    """The directory indexes labels: the profiles holding a renamed term change with it."""
    for profile in db.session.scalars(select(Profile).where(_holds(kind, term))):
        profile_changed.send(profile)


def _with_everything(query):
    """Load a profile and all it shows in a fixed number of queries, however many terms."""
    return query.options(
        joinedload(Profile.user),
        *(selectinload(getattr(Profile, kind.attribute)) if kind.many
          else joinedload(getattr(Profile, kind.attribute)) for kind in KINDS.values()))


def _load(user_id: int) -> Profile | None:
    return db.session.scalar(_with_everything(select(Profile).where(Profile.user_id == user_id)))


def time_zone_of(user_id: int) -> str:
    """The member's chosen IANA time zone, or "" if they have not chosen one."""
    return db.session.scalar(select(Profile.timezone).where(Profile.user_id == user_id)) or ""


def own_profile(user: User) -> Profile:
    """The member's profile. An account made before profiles existed gets one in the
    session, saved by the first use case that commits (reading a page writes nothing)."""
    profile = _load(user.id)
    if profile is None:
        _new_profile(user)
        profile = _load(user.id)
    return profile


# --- viewing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]


@dataclass(frozen=True)
class ProfileView:
    """A profile as one viewer may see it: `full` False means the limited card only.

    Reads as the profile itself (`view.city` is the profile's city) plus what the privacy
    rules decided for this viewer, so output schemas whitelist fields without asking who
    is looking.
    """

    profile: Profile
    full: bool
    is_owner: bool = False
    email: str | None = None
    license_number: str | None = None
    license_jurisdiction: str | None = None
    bio_html: Markup = Markup("")
    photo: PhotoUrls | None = None  # with the full profile only; else initials stand in
    # The owner's own page and API only:
    completeness: Completeness | None = None
    latest_license_review: LicenseReview | None = field(default=None)

    def __getattr__(self, name: str):
        if name == "profile":  # not set yet (copying): never recurse
            raise AttributeError(name)
        return getattr(self.profile, name)


def visible_email(viewer, profile: Profile) -> str | None:
    return profile.user.email if privacy.can_see_email(viewer, profile) else None


def visible_license_number(viewer, profile: Profile) -> str | None:
    if privacy.can_see_license_number(viewer, profile) and profile.license_number:
        return profile.license_number
    return None


def profile_for_viewer(viewer, user_id: int) -> tuple[Profile, bool]:
    """The profile and whether the viewer may see it in full.

    A member blocked either way, or suspended, gets NotFound, exactly as for a member who
    does not exist.
    """
    profile = _load(user_id)
    if profile is None:
        raise NotFound(NO_SUCH_MEMBER)
    full = privacy.can_view_full_profile(viewer, profile)
    if not full:
        privacy.require_not_hidden(viewer, user_id)
    return profile, full


def _view(viewer, profile: Profile, full: bool) -> ProfileView:
    if not full:
        return ProfileView(profile=profile, full=False)
    return ProfileView(profile=profile, full=True, is_owner=viewer.id == profile.user_id,
                       email=visible_email(viewer, profile),
                       license_number=visible_license_number(viewer, profile),
                       license_jurisdiction=privacy.shown_jurisdiction(profile),
                       bio_html=render_bio(profile.bio), photo=photo_urls(profile.photo))


def render_bio(text: str) -> Markup:
    """A bio as every page shows it (peerlink.markdown), saved or only previewed."""
    return render_markdown(text)


def view_profile(viewer, user_id: int) -> ProfileView:
    return _view(viewer, *profile_for_viewer(viewer, user_id))


def own_profile_view(user: User) -> ProfileView:
    """The member's own profile with what only they see: the license, the completeness
    hint and their latest license review."""
    profile = own_profile(user)
    view = _view(user, profile, True)
    return ProfileView(**{**view.__dict__, "completeness": completeness(profile),
                          "latest_license_review": latest_license_review(profile)})


@account_exporting.connect
def export_profile(user: User, **_) -> dict:
    """The member's own profile as they see it, and every license they submitted."""
    reviews = db.session.scalars(
        select(LicenseReview).where(LicenseReview.profile_id == user.id)
        .order_by(LicenseReview.submitted_at, LicenseReview.id))
    return {"profile": OwnProfileSchema().dump(own_profile_view(user)),
            "license_reviews": ExportedLicenseReviewSchema(many=True).dump(reviews)}


# --- completeness -----------------------------------------------------------------------------


_COMPLETENESS_CHECKS = (
    ("your discipline", lambda p: p.discipline_id is not None),
    ("your credentials (for example “PhD, LP”)", lambda p: bool(p.credentials)),
    ("at least one specialty", lambda p: bool(p.specialties)),
    ("at least one modality", lambda p: bool(p.modalities)),
    ("the populations you work with", lambda p: bool(p.populations)),
    ("the languages you work in", lambda p: bool(p.languages)),
    ("your practice setting", lambda p: p.setting_id is not None),
    ("where you practice (city and country)", lambda p: bool(p.city and p.country)),
    ("your time zone", lambda p: bool(p.timezone)),
    ("a short bio", lambda p: bool(p.bio.strip())),
    ("your license, for the verified badge",
     lambda p: p.verification_status in ("pending", "verified")),
)


def completeness(profile: Profile) -> Completeness:
    missing = [words for words, done in _COMPLETENESS_CHECKS if not done(profile)]
    total = len(_COMPLETENESS_CHECKS)
    return Completeness(percent=round(100 * (total - len(missing)) / total), missing=missing)


# --- editing ----------------------------------------------------------------------------------


def _unknown_terms_message(slugs: list[str]) -> str:
    # The API documents where the lists are (GET /api/v1/taxonomies/<name>); a form offers them.
    return f"Not an available choice: {', '.join(slugs)}. Choose from the list."


def _resolve_terms(profile: Profile, data: dict) -> tuple[dict, dict]:
    """Slugs -> terms, by Profile attribute. Retired terms are refused unless the profile
    already holds them."""
    resolved, errors = {}, {}
    for kind in KINDS.values():
        if kind.field not in data:
            continue
        slugs = data[kind.field] if kind.many else [data[kind.field] or ""]
        slugs = [slug for slug in slugs if slug]
        found = terms_by_slug(kind.name, slugs)
        held = getattr(profile, kind.attribute)
        held = {term.slug for term in (held if kind.many else [held] if held else [])}
        bad = [slug for slug in slugs
               if slug not in found or (not found[slug].active and slug not in held)]
        if bad:
            errors[kind.field] = [_unknown_terms_message(bad)]
        elif kind.many:
            resolved[kind.attribute] = [found[slug] for slug in slugs]
        else:
            resolved[kind.attribute] = found[slugs[0]] if slugs else None
    return resolved, errors


def _place(profile: Profile, data: dict) -> dict[str, list[str]]:
    """Region and country, checked together (and written back into `data`): the region is one
    of the country's subdivisions, stored as its ISO code ("US-CA") whether it was sent as
    the code, a name or a short code; a region alone sets its country. A region kept from
    before the list, unchanged, stays as it was typed. Returns field errors."""
    if "region" not in data and "country" not in data:
        return {}
    country = data.get("country", profile.country) or ""
    typed = data.get("region", profile.region) or ""
    if not typed:
        return {}
    code = regions.find_region(typed, country, anywhere=True)
    if code is None:
        if typed == profile.region:
            return {}
        if not country:
            return {"region": ["Choose a state or region from the list (or your country "
                               "first)."]}
        if not regions.subdivisions(country):
            return {"region": [f"{COUNTRY_NAMES[country]} has no states or regions in the "
                               "list: leave this empty."]}
        return {"region": [f"Choose a state or region of {COUNTRY_NAMES[country]} from the "
                           "list."]}
    in_country = regions.region_country(code)
    if country and in_country != country:
        return {"region": [f"{regions.region_name(code)} is in {COUNTRY_NAMES[in_country]}, "
                           f"not {COUNTRY_NAMES[country]}: choose a region of "
                           f"{COUNTRY_NAMES[country]}, or change the country."]}
    data["country"], data["region"] = in_country, code
    return {}


def update_profile(user: User, data: dict) -> Profile:
    """Apply the fields given (already shape-checked by a schema); all or nothing."""
    profile = own_profile(user)
    data = dict(data)
    resolved, errors = _resolve_terms(profile, data)
    errors.update(_place(profile, data))
    open_to_consultation = data.get("open_to_consultation", profile.open_to_consultation)
    topics = data.get("consultation_topics", profile.consultation_topics)
    if open_to_consultation and not topics:
        errors["consultation_topics"] = [
            "Add at least one topic you will consult on, or turn off “open to consultation”."]
    if errors:
        raise ValidationFailed(errors=errors)
    term_fields = {kind.field for kind in KINDS.values()}
    plain = {key: value for key, value in data.items() if key not in term_fields}
    for key, value in {**plain, **resolved}.items():
        setattr(profile, key, value)
    if "consultation_topics" in data:
        profile.consultation_topics = list(topics)  # a new list, so the JSON column is dirty
    db.session.flush()
    profile_changed.send(profile)
    db.session.commit()
    return profile


# --- license verification -------------------------------------------------------------------


def latest_license_review(profile: Profile) -> LicenseReview | None:
    return db.session.scalar(
        select(LicenseReview).where(LicenseReview.profile_id == profile.user_id)
        .order_by(LicenseReview.submitted_at.desc(), LicenseReview.id.desc()).limit(1))


def submit_license(user: User, *, jurisdiction: str, number: str) -> LicenseReview:
    """Queue the license for review; a submission still waiting is replaced, not duplicated.

    Submitting a new license also takes down an earlier verified badge until it is reviewed:
    the badge vouches for the license on the profile.
    """
    profile = own_profile(user)
    code = regions.find_jurisdiction(jurisdiction, profile.country, anywhere=True)
    if code is None and jurisdiction != profile.license_jurisdiction:
        raise ValidationFailed.on("jurisdiction", "Choose the state, province or country that "
                                                  "issued your license from the list.")
    jurisdiction = code or jurisdiction  # a jurisdiction kept from before the list stays
    review = db.session.scalar(select(LicenseReview).where(
        LicenseReview.profile_id == profile.user_id, LicenseReview.status == "pending"))
    if review is None:
        review = LicenseReview(profile=profile, status="pending", method="manual", reason="")
        db.session.add(review)
    review.jurisdiction = jurisdiction
    review.number = number
    review.submitted_at = utcnow()
    profile.license_jurisdiction = jurisdiction
    profile.license_number = number
    profile.verification_status = "pending"
    db.session.flush()
    profile_changed.send(profile)
    db.session.commit()
    return review


@dataclass(frozen=True)
class QueuedReview:
    """A review as the moderator reading the queue may see it: the license number for
    admins only (privacy's rule), and whether this moderator may decide it."""

    review: LicenseReview
    number: str | None
    decidable: bool

    def __getattr__(self, name: str):
        if name == "review":
            raise AttributeError(name)
        return getattr(self.review, name)


def review_queue(actor: User, *, status: str = "pending", page: int = 1,
                 per_page: int = 50) -> tuple[list[QueuedReview], int]:
    """Moderators and admins; oldest waiting first. Returns (reviews, total)."""
    require_role(actor, "moderator")
    where = LicenseReview.status == status
    total = db.session.scalar(select(func.count()).select_from(LicenseReview).where(where))
    order = (LicenseReview.submitted_at.asc() if status == "pending"
             else LicenseReview.decided_at.desc())
    reviews = db.session.scalars(
        select(LicenseReview).where(where)
        .options(joinedload(LicenseReview.profile).joinedload(Profile.discipline))
        .order_by(order, LicenseReview.id).limit(per_page).offset((page - 1) * per_page))
    return [queued(actor, review) for review in reviews], total


def queued(actor: User, review: LicenseReview) -> QueuedReview:
    return QueuedReview(review=review, number=visible_license_number(actor, review.profile),
                        decidable=may_decide(actor, review))


def may_decide(actor: User, review: LicenseReview) -> bool:
    """Nobody decides on their own license (the queue shows it without a form)."""
    return review.profile_id != actor.id


def decide_license(actor: User, review_id: int, *, decision: str,
                   reason: str = "") -> LicenseReview:
    require_role(actor, "moderator")
    review = db.session.get(LicenseReview, review_id)
    if review is None:
        raise NotFound("No such license review.")
    if not may_decide(actor, review):
        raise PermissionDenied("Another moderator must review your own license.")
    if review.status != "pending":
        raise Conflict(f"This license was already marked {review.status}.")
    if decision not in ("verified", "rejected"):
        raise ValidationFailed.on("decision", "Choose verified or rejected.")
    reason = reason.strip()
    if decision == "rejected" and not reason:
        raise ValidationFailed.on("reason", "Tell the member why, so they can put it right.")
    review.status = decision
    review.reason = reason
    review.reviewer_id = actor.id
    review.decided_at = utcnow()
    profile = review.profile
    profile.verification_status = decision
    db.session.flush()
    profile_changed.send(profile)
    where = regions.jurisdiction_name(review.jurisdiction)
    if decision == "verified":
        message = (f"Your {where} license is verified: your profile now shows "
                   "the verified badge.")
    else:
        message = f"Your {where} license could not be verified: {reason}"
    notify(profile.user_id, "license", message, link=path_to("profiles.license"))
    audit.record(f"license.{decision}", actor_id=actor.id, subject=audit.member(profile.user_id),
                 details={"review_id": review.id})
    db.session.commit()
    return review
