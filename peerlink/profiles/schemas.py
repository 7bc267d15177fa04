"""Profile shapes: what members may send, and the whitelists of what each viewer gets back.

Three output schemas on purpose: `LimitedProfileSchema` (the card a member sees when the
profile's owner keeps it private), `ProfileSchema` (the full profile as another member sees
it: never the license number; the email only where privacy allows) and `OwnProfileSchema`
(adds the license and privacy settings, for the owner alone).
"""

import re

from flask_smorest.fields import Upload
from marshmallow import Schema, ValidationError, fields, missing, validate, validates
from werkzeug.datastructures import FileStorage

from peerlink.profiles.models import VISIBILITIES
from peerlink.schemas import InputSchema, PatchSchema, has_letters
from peerlink.taxonomy.regions import jurisdiction_name, region_name
from peerlink.taxonomy.schemas import TermRefSchema, Uppercase, known_country, known_time_zone

BIO_MAX = 4000
TOPIC_MAX = 80
TOPICS_MAX = 12
TERMS_MAX = 30


class SlugList(fields.List):
    """A list of taxonomy slugs; an HTML form with one box ticked sends a single string."""

    def __init__(self, **kwargs):
        super().__init__(fields.String(validate=validate.Length(min=1, max=64)),
                         validate=validate.Length(max=TERMS_MAX,
                                                  error=f"Choose at most {TERMS_MAX}."),
                         **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [value]
        slugs = super()._deserialize(value, attr, data, **kwargs)
        return list(dict.fromkeys(slug.strip() for slug in slugs if slug.strip()))


class TopicList(fields.List):
    """Consultation topics: a JSON list, or one topic per line (or comma) from a textarea."""

    def __init__(self, **kwargs):
        super().__init__(
            fields.String(validate=validate.Length(
                max=TOPIC_MAX, error=f"Keep each topic under {TOPIC_MAX} characters.")),
            validate=validate.Length(max=TOPICS_MAX, error=f"List at most {TOPICS_MAX} topics."),
            **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = re.split(r"[\n,;]", value)
        topics = super()._deserialize(value, attr, data, **kwargs)
        return list(dict.fromkeys(topic.strip() for topic in topics if topic.strip()))


_slug = validate.Length(max=64)
_DISPLAY_NAME_LENGTH = validate.Length(
    min=1, max=120, error="Enter the name peers know you by (up to 120 characters).")


def _at_most(limit: int, what: str) -> validate.Length:
    return validate.Length(max=limit, error=f"Keep {what} to {limit} characters or fewer.")


class ProfileUpdateSchema(PatchSchema):
    """PATCH semantics: only the fields sent change. Taxonomy fields take slugs."""

    display_name = fields.String(validate=[_DISPLAY_NAME_LENGTH, has_letters])
    pronouns = fields.String(validate=_at_most(40, "pronouns"))
    discipline = fields.String(validate=_slug, metadata={
        "description": "A slug from GET /taxonomies/disciplines; empty to clear."})
    credentials = fields.String(validate=_at_most(120, "credentials"))
    specialties = SlugList(metadata={"description": "Slugs from GET /taxonomies/specialties."})
    modalities = SlugList(metadata={"description": "Slugs from GET /taxonomies/modalities."})
    populations = SlugList(metadata={"description": "Slugs from GET /taxonomies/populations."})
    languages = SlugList(metadata={"description": "Slugs from GET /taxonomies/languages."})
    practice_setting = fields.String(validate=_slug, metadata={
        "description": "A slug from GET /taxonomies/settings; empty to clear."})
    city = fields.String(validate=_at_most(120, "the city"))
    region = fields.String(validate=_at_most(120, "the state or region"), metadata={
        "description": "State, province or region: its ISO 3166-2 code, such as US-CA (its "
                       "name or short code, California or CA, is also understood, best with "
                       "`country`); empty to clear. It sets the country if that is empty."})
    country = Uppercase(validate=known_country, metadata={
        "description": "ISO 3166-1 alpha-2 code such as US; empty to clear."})
    timezone = fields.String(validate=known_time_zone, metadata={
        "description": "An IANA time zone name such as America/Chicago; empty to clear."})
    bio = fields.String(validate=validate.Length(
        max=BIO_MAX, error=f"Keep your bio under {BIO_MAX} characters."), metadata={
            "description": "Markdown (CommonMark; raw HTML is shown as text, addresses "
                           "become links, an unindented line after a list starts a new "
                           "paragraph). `bio_html` is how it renders."})
    open_to_consultation = fields.Boolean()
    consultation_topics = TopicList(metadata={
        "description": "Required (at least one) when open_to_consultation is true."})
    visibility = fields.String(validate=validate.OneOf(
        VISIBILITIES, error="Choose who may see your full profile."), metadata={
            "description": "Who sees the full profile: " + ", ".join(VISIBILITIES) + "."})
    show_email_to_connections = fields.Boolean()


class ProfileFormSchema(ProfileUpdateSchema):
    """The HTML editor posts every field; an unticked box or empty group is simply absent."""

    display_name = fields.String(required=True, validate=[_DISPLAY_NAME_LENGTH, has_letters])
    specialties = SlugList(load_default=list)
    modalities = SlugList(load_default=list)
    populations = SlugList(load_default=list)
    languages = SlugList(load_default=list)
    consultation_topics = TopicList(load_default=list)
    open_to_consultation = fields.Boolean(load_default=False)
    show_email_to_connections = fields.Boolean(load_default=False)


class LicenseSubmitSchema(InputSchema):
    jurisdiction = fields.String(required=True, validate=validate.Length(
        min=1, max=80, error="Choose the state, province or country that issued your license."),
        metadata={"description": "Where the license was issued: the ISO 3166-2 code of the "
                                 "state or province (US-OH), or the country's code (GB) for a "
                                 "national license. A name (Ohio) is also understood."})
    number = fields.String(required=True, validate=[
        validate.Length(min=1, max=64, error="Enter your license number (up to 64 characters)."),
        validate.Regexp(r"^([A-Za-z0-9][A-Za-z0-9 ./-]*)?$",  # empty: Length says it
                        error="Use letters, digits, spaces, dots, slashes and dashes only."),
    ], metadata={"description": "Private: only you and admins ever see it."})


class LicenseDecisionSchema(InputSchema):
    decision = fields.String(required=True, validate=validate.OneOf(
        ("verified", "rejected"), error="Choose verified or rejected."))
    reason = fields.String(load_default="", validate=validate.Length(max=500), metadata={
        "description": "Required when rejecting; the member reads it."})


class LicenseReviewQuerySchema(Schema):
    status = fields.String(load_default="pending", validate=validate.OneOf(
        ("pending", "verified", "rejected")))


# --- output ---------------------------------------------------------------------------------


class PhotoUploadSchema(InputSchema):
    """A photo, sent as multipart/form-data. Its content is checked by profiles.photos."""

    photo = Upload(required=True, error_messages={"required": "Choose a photo to upload."},
                   metadata={"description": "A JPEG, PNG or WebP image of at most 5 MB and 40 "
                                            "megapixels. It is cropped square around the centre; "
                                            "its metadata (EXIF, GPS position) is removed."})

    @validates("photo")
    def a_file(self, value, **kwargs):
        if not isinstance(value, FileStorage) or not value.filename:
            raise ValidationError("Choose a photo to upload.")


class PhotoUrlsSchema(Schema):
    card = fields.String(metadata={"description": "96 px square WebP, for cards and lists."})
    profile = fields.String(metadata={"description": "320 px square WebP, for the profile page."})


class CompletenessSchema(Schema):
    percent = fields.Integer()
    missing = fields.List(fields.String(), metadata={"description": "What is left, in words."})


class LimitedProfileSchema(Schema):
    """All a member sees of a profile whose owner keeps it for connections (or attendees)."""

    id = fields.Integer(attribute="user_id")
    display_name = fields.String()
    discipline = fields.Nested(TermRefSchema, allow_none=True)
    credentials = fields.String()
    verified = fields.Boolean()
    limited = fields.Constant(True, metadata={"description": "True: this is the limited card."})


class ProfileSchema(LimitedProfileSchema):
    """The full profile as another member sees it. Never the license number."""

    limited = fields.Constant(False, metadata={"description": "False: the full profile."})
    pronouns = fields.String()
    specialties = fields.List(fields.Nested(TermRefSchema))
    modalities = fields.List(fields.Nested(TermRefSchema))
    populations = fields.List(fields.Nested(TermRefSchema))
    languages = fields.List(fields.Nested(TermRefSchema))
    practice_setting = fields.Nested(TermRefSchema, attribute="setting", allow_none=True)
    city = fields.String()
    region = fields.String(metadata={
        "description": "ISO 3166-2 code (US-CA); text from before the list, as typed."})
    region_name = fields.Function(lambda view: region_name(view.region), metadata={
        "description": "The region as shown: California."})
    country = fields.String()
    timezone = fields.String()
    bio = fields.String(metadata={"description": "Markdown source."})
    bio_html = fields.String(metadata={"description": "Sanitised HTML."})
    open_to_consultation = fields.Boolean()
    consultation_topics = fields.List(fields.String())
    license_jurisdiction = fields.String(allow_none=True, metadata={
        "description": "Where the license was issued (US-OH, or GB for a national license), "
                       "once a moderator verified it; else null."})
    license_jurisdiction_name = fields.Function(
        lambda view: jurisdiction_name(view.license_jurisdiction)
        if view.license_jurisdiction else None, allow_none=True,
        metadata={"description": "The same as shown: Ohio, United States."})
    email = fields.String(allow_none=True, metadata={
        "description": "Null unless the owner shows it to connections and you are one."})
    photo = fields.Nested(PhotoUrlsSchema, allow_none=True, metadata={
        "description": "The profile photo's addresses; null where there is none (draw the "
                       "member's initials)."})
    updated_at = fields.DateTime()


class OwnLicenseReviewSchema(Schema):
    jurisdiction = fields.String()
    jurisdiction_name = fields.Function(lambda review: jurisdiction_name(review.jurisdiction))
    status = fields.String()
    submitted_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    reason = fields.String()


class ExportedLicenseReviewSchema(OwnLicenseReviewSchema):
    """A review in its owner's download: with the number they submitted."""

    number = fields.String()


class OwnProfileSchema(ProfileSchema):
    """Your own profile: adds the license and privacy settings."""

    license_jurisdiction = fields.String(attribute="profile.license_jurisdiction", metadata={
        "description": "Your license's jurisdiction, verified or not."})
    license_jurisdiction_name = fields.Function(
        lambda view: jurisdiction_name(view.profile.license_jurisdiction), metadata={
            "description": "The same as shown: Ohio, United States."})
    license_number = fields.Function(lambda view: view.profile.license_number, metadata={
        "description": "Private: shown to you and to admins only."})
    verification_status = fields.String()
    latest_license_review = fields.Nested(OwnLicenseReviewSchema, allow_none=True)
    visibility = fields.String()
    show_email_to_connections = fields.Boolean()
    completeness = fields.Nested(CompletenessSchema)


class LicenseReviewSchema(Schema):
    """A review in the moderation queue. The number is included for admins only."""

    id = fields.Integer()
    member_id = fields.Integer(attribute="profile_id")
    display_name = fields.String(attribute="profile.display_name")
    discipline = fields.Nested(TermRefSchema, attribute="profile.discipline", allow_none=True)
    credentials = fields.String(attribute="profile.credentials")
    jurisdiction = fields.String()
    jurisdiction_name = fields.Function(lambda queued: jurisdiction_name(queued.jurisdiction))
    number = fields.Function(lambda queued: queued.number or missing, metadata={
        "description": "Admins only; absent for moderators."})
    status = fields.String()
    submitted_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    reason = fields.String()


class MemberCardSchema(Schema):
    """The public member card (profiles.cards.MemberCard): the same for every viewer."""

    id = fields.Integer()
    display_name = fields.String()
    pronouns = fields.String(metadata={
        "description": "Empty unless the member shows their full profile to every member."})
    discipline = fields.String(allow_none=True)
    credentials = fields.String()
    verified = fields.Boolean()
    profile_url = fields.String(allow_none=True, metadata={
        "description": "The profile page; null for a member whose profile you cannot see."})
    photo_url = fields.String(allow_none=True, metadata={
        "description": "A 96 px square WebP photo, only where the member shows their full "
                       "profile to every member; else null (draw their initials)."})
