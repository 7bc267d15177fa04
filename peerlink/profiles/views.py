"""Profile pages: a member's profile, the editor, license submission and the review queue.
Rules live in services and privacy; this module only translates.
"""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from peerlink.errors import ValidationFailed, too_large_response
from peerlink.extensions import limited
from peerlink.local_time import register_time_zone_source
from peerlink.profiles import photos, schemas, services
from peerlink.profiles.cards import photo_urls
from peerlink.profiles.signals import card_actions, profile_page_actions
from peerlink.schemas import load_form
from peerlink.taxonomy import services as taxonomy
from peerlink.taxonomy.countries import COUNTRIES, COUNTRY_NAMES
from peerlink.taxonomy.models import KINDS, LISTED_KINDS
from peerlink.taxonomy.regions import find_jurisdiction, jurisdiction_groups, region_groups
from peerlink.taxonomy.time_zones import choices_keeping, current_names, time_zone_label
from peerlink.web import field_errors, render_form

bp = Blueprint("profiles", __name__)
# Every page shows times in the member's own zone, which their profile holds.
bp.record_once(lambda state: register_time_zone_source(services.time_zone_of))
# Initials stand in for a photo wherever a member is drawn (templates/_member_card.html).
bp.add_app_template_filter(photos.initials, "initials")


@bp.app_template_global("card_actions")
def member_card_actions(member_id: int, name: str, *, connected: bool = False,
                        open_to_consultation: bool = False) -> list[dict]:
    """The actions features above profiles put on a listed member's card (the signal), each
    with the member's `name` for its accessible label."""
    if not current_user.is_authenticated:
        return []
    return [{**answer, "name": name} for _, answer in card_actions.send(
        member_id=member_id, viewer=_me(), connected=connected,
        open_to_consultation=open_to_consultation) if answer]

FORM_ERRORS = (ValidationError, ValidationFailed)
TERM_FIELDS = tuple(kind.field for kind in LISTED_KINDS)
VISIBILITY_LABELS = {
    "members": "All PeerLink members",
    "connections_and_attendees": "My connections and people who attended the same events",
    "connections": "My connections only",
}


def _me():
    return current_user._get_current_object()


# --- the profile page -------------------------------------------------------------------------


@bp.get("/people/<int:user_id>")
@login_required
def show(user_id: int):
    view = services.view_profile(_me(), user_id)
    actions = [] if view.is_owner else [
        answer for _, answer in profile_page_actions.send(view, viewer=_me()) if answer]
    return render_template("profiles/show.html", view=view, profile=view.profile,
                           actions=actions, country_names=COUNTRY_NAMES,
                           time_zone_label=time_zone_label)


@bp.get("/profile")
@login_required
def mine():
    return redirect(url_for("profiles.show", user_id=current_user.id))


# --- the editor -------------------------------------------------------------------------------


def _values_from_profile(profile) -> dict:
    return {
        "display_name": profile.display_name, "pronouns": profile.pronouns,
        "discipline": profile.discipline.slug if profile.discipline else "",
        "credentials": profile.credentials,
        **{field: [term.slug for term in getattr(profile, field)] for field in TERM_FIELDS},
        "practice_setting": profile.setting.slug if profile.setting else "",
        "city": profile.city, "region": profile.region, "country": profile.country,
        "timezone": profile.timezone, "bio": profile.bio,
        "open_to_consultation": profile.open_to_consultation,
        "consultation_topics": "\n".join(profile.consultation_topics or []),
        "visibility": profile.visibility,
        "show_email_to_connections": profile.show_email_to_connections,
    }


def _values_from_form(form) -> dict:
    """What was typed, to put back in the form after an error (every ticked box included)."""
    values = {key: value for key, value in form.items() if key != "csrf_token"}
    values.update({field: form.getlist(field) for field in TERM_FIELDS})
    values["open_to_consultation"] = "open_to_consultation" in form
    values["show_email_to_connections"] = "show_email_to_connections" in form
    return values


def _choices(profile) -> dict:
    """Active terms for each taxonomy, plus any retired term this profile still holds."""
    choices = {}
    for name, kind in KINDS.items():
        held = getattr(profile, kind.attribute)
        held = held if kind.many else [held]
        choices[name] = taxonomy.terms(name) + [t for t in held if t is not None and not t.active]
    return choices


def _term_options(terms) -> list[tuple[str, str]]:
    return [(t.slug, t.label if t.active else f"{t.label} (retired)") for t in terms]


def _kept(stored: str) -> list[tuple[str, str]]:
    """A region or jurisdiction stored before the list that it could not be matched to stays
    a choice, as it was typed, until the member picks one from the list."""
    return [(stored, f"{stored} (as you typed it)")] if stored and \
        find_jurisdiction(stored) != stored else []


def _render_editor(profile, values: dict, errors: dict | None = None, preview=None):
    choices = _choices(profile)
    options = {
        "discipline": _term_options(choices["disciplines"]),
        "practice_setting": _term_options(choices["settings"]),
        "country": COUNTRIES,
        "region": region_groups(),
        "region_kept": _kept(profile.region),
        "timezone": choices_keeping(values.get("timezone")),
        "visibility": list(VISIBILITY_LABELS.items()),
    }
    return render_form("profiles/edit.html", errors, values=values, profile=profile,
                       choices=choices, options=options, preview=preview,
                       completeness=services.completeness(profile),
                       time_zone_current_names=current_names())


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
@limited(services.PROFILE_EDITS, methods=["POST"])
def edit():
    profile = services.own_profile(_me())
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return _render_editor(profile, _values_from_profile(profile))
    if "preview" in request.form:
        return _preview(profile)
    try:
        services.update_profile(_me(), load_form(schemas.ProfileFormSchema(), request.form))
    except FORM_ERRORS as exc:
        return _render_editor(profile, _values_from_form(request.form), field_errors(exc))
    flash("Your profile is saved.", "success")
    return redirect(url_for("profiles.show", user_id=current_user.id))


def _preview(profile):
    """The editor again, as typed, with the bio rendered as the profile will show it. Nothing
    is saved; the form's own mistakes are pointed out already."""
    try:
        load_form(schemas.ProfileFormSchema(), request.form)
        errors = None
    except ValidationError as exc:
        errors = field_errors(exc)
    values = _values_from_form(request.form)
    return _render_editor(profile, values, errors,
                          preview=services.render_bio(values.get("bio", "")))


# --- the photo -------------------------------------------------------------------------------


def _render_photo_page(errors=None, status=None):
    profile = services.own_profile(_me())
    page = render_template("profiles/photo.html", profile=profile, errors=errors or {},
                           form={}, photo=photo_urls(profile.photo),
                           max_megabytes=photos.PHOTO_MAX_BYTES // (1024 * 1024))
    return page, status or (422 if errors else 200)


@bp.route("/profile/photo", methods=["GET", "POST"])
@login_required
@limited(photos.UPLOADS, methods=["POST"])
def edit_photo():
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return _render_photo_page()
    try:
        data = load_form(schemas.PhotoUploadSchema(), request.files)
        photos.upload_photo(_me(), data["photo"].stream)
    except FORM_ERRORS as exc:
        return _render_photo_page(field_errors(exc))
    flash("Your photo is saved.", "success")
    return redirect(url_for("profiles.show", user_id=current_user.id))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(exc):
    """A body over MAX_CONTENT_LENGTH is refused before it is read (the CSRF check is the
    first to try): the photo form says so under its field; other pages as everywhere."""
    if request.endpoint != "profiles.edit_photo" or not current_user.is_authenticated:
        return too_large_response()
    return _render_photo_page({"photo": [photos.TOO_LARGE]}, 413)


@bp.post("/profile/photo/delete")
@login_required
def delete_photo():
    photos.delete_photo(_me())
    flash("Your photo is removed: peers see your initials.", "success")
    return redirect(url_for("profiles.edit_photo"))


@bp.get("/photos/<name>-<int:size>.webp")
@login_required
def photo(name: str, size: int):
    """A photo, for whoever may see its owner's full profile (photos.photo_for_viewer);
    cached by that browser alone (private) for a day, then revalidated by its ETag."""
    found = photos.photo_for_viewer(_me(), name, size)
    response = Response(found.content, mimetype="image/webp")
    response.set_etag(found.etag)
    response.cache_control.private = True
    response.cache_control.max_age = photos.CACHE_SECONDS
    return response.make_conditional(request)


# --- license ----------------------------------------------------------------------------------


def _render_license(profile, errors=None, values=None):
    # The member's own country first: most licenses are issued where one practises.
    groups = sorted(jurisdiction_groups(), key=lambda group: group.country != profile.country)
    return render_form("profiles/license.html", errors, profile=profile,
                       review=services.latest_license_review(profile),
                       jurisdictions=groups, kept=_kept(profile.license_jurisdiction),
                       values=values if values is not None else {
                           "jurisdiction": profile.license_jurisdiction,
                           "number": services.visible_license_number(_me(), profile) or ""})


@bp.route("/profile/license", methods=["GET", "POST"])
@login_required
@limited(services.LICENSE_SUBMISSIONS, methods=["POST"])
def license():
    profile = services.own_profile(_me())
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return _render_license(profile)
    try:
        data = load_form(schemas.LicenseSubmitSchema(), request.form)
        services.submit_license(_me(), **data)
    except FORM_ERRORS as exc:
        typed = {key: request.form.get(key, "") for key in ("jurisdiction", "number")}
        return _render_license(profile, field_errors(exc), typed)
    flash("Thank you. A moderator will review your license; we will let you know.", "success")
    return redirect(url_for("profiles.license"))


# --- moderation -------------------------------------------------------------------------------


def _render_queue(errors=None, failed_review_id=None):
    reviews, total = services.review_queue(_me())
    return render_form("profiles/review_queue.html", errors, reviews=reviews, total=total,
                       failed_review_id=failed_review_id)


@bp.get("/moderation/licenses")
@login_required
def review_queue():
    return _render_queue()


@bp.post("/moderation/licenses/<int:review_id>/decision")
@login_required
def decide(review_id: int):
    try:
        data = load_form(schemas.LicenseDecisionSchema(), request.form)
        review = services.decide_license(_me(), review_id, **data)
    except FORM_ERRORS as exc:
        return _render_queue(field_errors(exc), failed_review_id=review_id)
    flash(f"{review.profile.display_name}: license marked {review.status}.", "success")
    return redirect(url_for("profiles.review_queue"))
