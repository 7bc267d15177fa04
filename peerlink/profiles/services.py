"""Profile use cases: one profile per account, viewing with privacy applied, editing, and
license verification. Who may see what is asked of `privacy`, never decided here again.
"""

from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from peerlink.accounts.models import User
from peerlink.accounts.services import require_role
from peerlink.accounts.signals import account_created
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import db
from peerlink.markdown import render_markdown
from peerlink.notifications.services import notify
from peerlink.profiles import privacy
from peerlink.profiles.models import LicenseReview, Profile
from peerlink.profiles.signals import profile_changed
from peerlink.profiles.taxonomy import terms_by_slug

NO_SUCH_MEMBER = "No such member."
# Input field -> (taxonomy name, Profile attribute).
SINGLE_TERM_FIELDS = {"discipline": ("disciplines", "discipline"),
                      "practice_setting": ("settings", "setting")}
MULTI_TERM_FIELDS = {name: (name, name)
                     for name in ("specialties", "modalities", "populations", "languages")}


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


def _with_everything(query):
    """Load a profile and all it shows in a fixed number of queries, however many terms."""
    return query.options(
        joinedload(Profile.user), joinedload(Profile.discipline), joinedload(Profile.setting),
        selectinload(Profile.specialties), selectinload(Profile.modalities),
        selectinload(Profile.populations), selectinload(Profile.languages))


def _load(user_id: int) -> Profile | None:
    return db.session.scalar(_with_everything(select(Profile).where(Profile.user_id == user_id)))


def time_zone_of(user_id: int) -> str:
    """The member's chosen IANA time zone, or "" if they have not chosen one."""
    return db.session.scalar(select(Profile.timezone).where(Profile.user_id == user_id)) or ""


def own_profile(user: User) -> Profile:
    profile = _load(user.id)
    if profile is None:  # an account made before profiles existed
        _new_profile(user)
        db.session.commit()
        profile = _load(user.id)
    return profile


# --- viewing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileView:
    """A profile as one viewer may see it; `full` False means the limited card only."""

    profile: Profile
    full: bool
    is_owner: bool = False
    email: str | None = None
    license_number: str | None = None
    bio_html: Markup = Markup("")


def visible_email(viewer, profile: Profile) -> str | None:
    return profile.user.email if privacy.can_see_email(viewer, profile) else None


def visible_license_number(viewer, profile: Profile) -> str | None:
    if privacy.can_see_license_number(viewer, profile) and profile.license_number:
        return profile.license_number
    return None


def profile_for_viewer(viewer, user_id: int) -> tuple[Profile, bool]:
    """The profile and whether the viewer may see it in full.

    A member blocked either way gets NotFound, exactly as for a member who does not exist.
    """
    profile = _load(user_id)
    if profile is None:
        raise NotFound(NO_SUCH_MEMBER)
    full = privacy.can_view_full_profile(viewer, profile)
    if not full and privacy.is_blocked_either_way(viewer, user_id):
        raise NotFound(NO_SUCH_MEMBER)
    return profile, full


def view_profile(viewer, user_id: int) -> ProfileView:
    profile, full = profile_for_viewer(viewer, user_id)
    if not full:
        return ProfileView(profile=profile, full=False)
    return ProfileView(profile=profile, full=True, is_owner=viewer.id == profile.user_id,
                       email=visible_email(viewer, profile),
                       license_number=visible_license_number(viewer, profile),
                       bio_html=render_markdown(profile.bio))


# --- completeness -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]


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
    """Slugs -> terms. Retired terms are refused unless the profile already holds them."""
    resolved, errors = {}, {}
    for field, (taxonomy_name, attribute) in SINGLE_TERM_FIELDS.items():
        if field not in data:
            continue
        slug = data[field] or ""
        if not slug:
            resolved[attribute] = None
            continue
        term = terms_by_slug(taxonomy_name, [slug]).get(slug)
        if term is None or (not term.active and term is not getattr(profile, attribute)):
            errors[field] = [_unknown_terms_message([slug])]
        else:
            resolved[attribute] = term
    for field, (taxonomy_name, attribute) in MULTI_TERM_FIELDS.items():
        if field not in data:
            continue
        slugs = data[field]
        found = terms_by_slug(taxonomy_name, slugs)
        held = {term.slug for term in getattr(profile, attribute)}
        bad = [slug for slug in slugs
               if slug not in found or (not found[slug].active and slug not in held)]
        if bad:
            errors[field] = [_unknown_terms_message(bad)]
        else:
            resolved[attribute] = [found[slug] for slug in slugs]
    return resolved, errors


def update_profile(user: User, data: dict) -> Profile:
    """Apply the fields given (already shape-checked by a schema); all or nothing."""
    profile = own_profile(user)
    resolved, errors = _resolve_terms(profile, data)
    open_to_consultation = data.get("open_to_consultation", profile.open_to_consultation)
    topics = data.get("consultation_topics", profile.consultation_topics)
    if open_to_consultation and not topics:
        errors["consultation_topics"] = [
            "Add at least one topic you will consult on, or turn off “open to consultation”."]
    if errors:
        raise ValidationFailed(errors=errors)
    plain = {key: value for key, value in data.items()
             if key not in SINGLE_TERM_FIELDS and key not in MULTI_TERM_FIELDS}
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


def review_queue(actor: User, *, status: str = "pending", page: int = 1,
                 per_page: int = 50) -> tuple[list[LicenseReview], int]:
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
    return list(reviews), total


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
    db.session.commit()
    if decision == "verified":
        message = (f"Your {review.jurisdiction} license is verified: your profile now shows "
                   "the verified badge.")
    else:
        message = f"Your {review.jurisdiction} license could not be verified: {reason}"
    notify(profile.user_id, "license", message, link=url_for("profiles.license"))
    return review
