"""Input and output shapes for the CE log. Hours are decimals with up to two places, sent
as a JSON number or string ("1.5") and answered as a string ("1.50"), never a float."""

from decimal import Decimal

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates
from werkzeug.datastructures import FileStorage

from peerlink.ce_log.progress import hours
from peerlink.ce_log.subjects import SUBJECTS
from peerlink.db_types import MAX_ID
from peerlink.schemas import InputSchema, PatchSchema, WholeNumber, echo

TITLE_MAX = 200
NOTES_MAX = 2000
MAX_HOURS = Decimal(999)
SUBJECT_CODES = tuple(SUBJECTS)


class Hours(fields.Decimal):
    """Hours from 0.01 to 999, in hundredths at most."""

    default_error_messages = {**fields.Decimal.default_error_messages,
                              "invalid": "Enter a number of hours, such as 1.5.",
                              "special": "Enter a number of hours, such as 1.5."}

    def __init__(self, minimum: Decimal = Decimal("0.01"), **kwargs):
        self.minimum = minimum
        super().__init__(places=None, as_string=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        number = super()._deserialize(value, attr, data, **kwargs)
        if number.as_tuple().exponent < -2 and number != number.quantize(Decimal("0.01")):
            raise ValidationError("Use at most two decimal places (1.25 hours, not 1.255).")
        if not self.minimum <= number <= MAX_HOURS:
            raise ValidationError(f"Enter hours from {hours(self.minimum)} to "
                                  f"{hours(MAX_HOURS)}.")
        return number.quantize(Decimal("0.01"))


class OptionalHours(Hours):
    """Empty in a form means none (no cap, no minimum)."""

    def __init__(self, **kwargs):
        super().__init__(minimum=Decimal(0), allow_none=True, load_default=None, **kwargs)

    def deserialize(self, value, attr=None, data=None, **kwargs):
        if value == "":
            value = None
        return super().deserialize(value, attr, data, **kwargs)


def known_subjects(codes: list[str]) -> None:
    unknown = [code for code in codes if code not in SUBJECTS]
    if unknown:
        raise ValidationError(f"Choose subjects from the list ({echo(', '.join(unknown))} "
                              "is not one).")


class SubjectCodes(fields.List):
    """Subject codes; a form sends one checkbox value as a plain string."""

    def __init__(self, **kwargs):
        super().__init__(fields.String(validate=validate.Length(max=40)),
                         validate=known_subjects, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [value] if value else []
        return super()._deserialize(value, attr, data, **kwargs)


def _text(limit: int, required: bool = False, **kwargs) -> fields.String:
    validators = [validate.Length(max=limit)]
    if required:
        validators.insert(0, validate.Length(min=1, error="Fill in this field."))
    return fields.String(required=required, validate=validators,
                         **({"load_default": ""} if not required else {}), **kwargs)


class EntryCreateSchema(InputSchema):
    title = _text(TITLE_MAX, required=True, metadata={"description": "The course or session."})
    provider = _text(TITLE_MAX, metadata={"description": "Who offered it."})
    completed_on = fields.Date(required=True, error_messages={
        "invalid": "Enter a date, such as 2026-05-14."})
    hours = Hours(required=True, metadata={"description": "CE hours earned, e.g. \"1.5\"."})
    live = fields.Boolean(required=True, metadata={
        "description": "true: live (in person or live online); false: self-study."})
    subjects = SubjectCodes(load_default=list, metadata={
        "description": f"CE subject codes it counts toward: {', '.join(SUBJECT_CODES)}."})
    notes = _text(NOTES_MAX)


class _Partial:
    """Only the fields sent change: no field is required and none takes a default."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class EntryUpdateSchema(_Partial, PatchSchema, EntryCreateSchema):
    pass


class SubjectMinimums(fields.Dict):
    def __init__(self, **kwargs):
        super().__init__(keys=fields.String(validate=validate.OneOf(
            SUBJECT_CODES, error="Choose subjects from the list.")),
            values=Hours(), **kwargs)


class RequirementFiguresSchema(InputSchema):
    total_hours = Hours(required=True, metadata={"description": "Hours required per cycle."})
    self_study_cap = OptionalHours(metadata={
        "description": "Most self-study hours that count; null for no cap."})
    live_minimum = OptionalHours(metadata={
        "description": "Hours that must be live; null for no minimum."})
    subject_minimums = SubjectMinimums(load_default=dict, metadata={
        "description": "Minimum hours per subject code, e.g. {\"ethics\": \"6\"}."})


class RequirementCreateSchema(RequirementFiguresSchema):
    license_name = _text(120, required=True, metadata={
        "description": "The license, e.g. \"Oregon LCSW\"."})
    cycle_start = fields.Date(required=True, error_messages={
        "invalid": "Enter a date, such as 2025-09-01."})
    cycle_end = fields.Date(required=True, error_messages={
        "invalid": "Enter a date, such as 2027-08-31."})
    template_id = WholeNumber(allow_none=True, load_default=None,
                              validate=validate.Range(min=1, max=MAX_ID),
                              metadata={"description": "The template it started from."})


class RequirementUpdateSchema(_Partial, PatchSchema, RequirementCreateSchema):
    pass


class TemplateUpdateSchema(RequirementFiguresSchema):
    name = _text(120, required=True)
    license_type = _text(120, required=True)
    cycle_years = WholeNumber(required=True, validate=validate.Range(min=1, max=10))
    notes = _text(NOTES_MAX)


class CertificateUploadSchema(InputSchema):
    """A certificate, sent as multipart/form-data. Its content is checked by
    ce_log.certificates."""

    certificate = Upload(required=True, error_messages={
        "required": "Choose the certificate file to upload."}, metadata={
        "description": "A PDF, JPEG, PNG or WebP file of at most 10 MB."})

    @validates("certificate")
    def a_file(self, value, **kwargs):
        if not isinstance(value, FileStorage) or not value.filename:
            raise ValidationError("Choose the certificate file to upload.")


class ListQuerySchema(InputSchema):
    class Meta:
        unknown = EXCLUDE  # page and page_size travel in the same query string


# --- output ---------------------------------------------------------------------------------


def hours_out(**kwargs) -> fields.Decimal:
    """Hours as a decimal string with two places ("1.50"): exact, where a float is not."""
    metadata = {"type": "string", "format": "decimal", "example": "1.50",
                **kwargs.pop("metadata", {})}
    return fields.Decimal(places=2, as_string=True, metadata=metadata, **kwargs)


class CertificateSchema(Schema):
    filename = fields.String()
    content_type = fields.Method("_content_type")
    size = fields.Integer(metadata={"description": "Bytes."})
    uploaded_at = fields.DateTime()

    def _content_type(self, certificate) -> str:
        from peerlink.ce_log.certificates import CONTENT_TYPES

        return CONTENT_TYPES[certificate.kind]


class LogLineSchema(Schema):
    key = fields.String(metadata={
        "description": "The line's key: \"entry:<id>\" for one you added, the source's key "
                       "(\"event-session:12\") for hours earned in PeerLink."})
    id = fields.Integer(attribute="entry_id", allow_none=True, metadata={
        "description": "The entry's id, for those you added; null for earned hours."})
    earned = fields.Boolean(metadata={"description": "Earned in PeerLink (not editable)."})
    title = fields.String()
    provider = fields.String()
    completed_on = fields.Date()
    hours = hours_out()
    live = fields.Boolean()
    subjects = fields.List(fields.String())
    notes = fields.String()
    certificate = fields.Nested(CertificateSchema, allow_none=True)


class EntrySchema(Schema):
    id = fields.Integer()
    key = fields.String()
    title = fields.String()
    provider = fields.String()
    completed_on = fields.Date()
    hours = hours_out()
    live = fields.Boolean()
    subjects = fields.List(fields.String())
    notes = fields.String()
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class SubjectProgressSchema(Schema):
    code = fields.String()
    title = fields.String()
    required = hours_out()
    earned = hours_out()
    met = fields.Boolean()


class ProgressSchema(Schema):
    sentence = fields.String(metadata={
        "description": "In plain words: \"12 of 40 hours; ethics 3 of 6; 4 live hours still "
                       "needed by 31 Aug 2027\"."})
    counted = hours_out(metadata={
        "description": "Hours that count toward the total (self-study up to the cap)."})
    required = hours_out()
    live = hours_out()
    live_needed = hours_out()
    self_study = hours_out()
    self_study_over_cap = hours_out(metadata={
        "description": "Self-study hours above the cap, which do not count."})
    hours_needed = hours_out()
    met = fields.Boolean()
    subjects = fields.List(fields.Nested(SubjectProgressSchema))


class _FiguresSchema(Schema):
    total_hours = hours_out()
    self_study_cap = hours_out(allow_none=True)
    live_minimum = hours_out(allow_none=True)
    subject_minimums = fields.Dict(keys=fields.String(), values=hours_out(),
                                   attribute="subject_hours")


class RequirementSchema(_FiguresSchema):
    """A requirement with its progress (dumped from services.RequirementProgress)."""

    id = fields.Integer(attribute="requirement.id")
    license_name = fields.String(attribute="requirement.license_name")
    cycle_start = fields.Date(attribute="requirement.cycle_start")
    cycle_end = fields.Date(attribute="requirement.cycle_end")
    template_id = fields.Integer(attribute="requirement.template_id", allow_none=True)
    total_hours = hours_out(attribute="requirement.total_hours")
    self_study_cap = hours_out(allow_none=True,
                                    attribute="requirement.self_study_cap")
    live_minimum = hours_out(allow_none=True,
                                  attribute="requirement.live_minimum")
    subject_minimums = fields.Dict(keys=fields.String(), values=hours_out(),
                                   attribute="requirement.subject_hours")
    progress = fields.Nested(ProgressSchema)


class TemplateSchema(_FiguresSchema):
    id = fields.Integer()
    name = fields.String()
    license_type = fields.String()
    cycle_years = fields.Integer()
    notes = fields.String()
    disclaimer = fields.Constant(
        "A starting point only: check your board's current rules. This is not legal advice.")
