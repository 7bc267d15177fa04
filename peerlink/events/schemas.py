"""Input and output shapes for events, sessions, attendance, check-in and credit bodies.

Times are read as wall-clock times in the event's own time zone (an HTML datetime-local
field, or ISO 8601 without an offset) and answered in UTC with the zone beside them.
Attendee lists carry the public member card, never an e-mail or license number.
"""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from peerlink.ce_log.schemas import SUBJECT_CODES, SubjectCodes
from peerlink.events.services import MODES, WHEN
from peerlink.extensions import api
from peerlink.profiles.schemas import MemberCardSchema, SlugList
from peerlink.schemas import InputSchema, PatchSchema, has_letters
from peerlink.taxonomy.schemas import TermRefSchema, Uppercase, known_country, known_time_zone

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
MAX_HOURS = 200
STATUSES = ("going", "attended", "none")


class Hours(fields.Decimal):
    """CE credit hours in an answer: a decimal as text ("6.50"), never a rounded float."""

    def __init__(self, **kwargs):
        super().__init__(places=2, as_string=True, **kwargs)


# The OpenAPI document says what the answer holds: text in decimal form.
api.register_field(Hours, "string", "decimal")


def credit_hours_in_range(value) -> None:
    if value < 0 or value > MAX_HOURS or value.as_tuple().exponent < -2:
        raise ValidationError(f"Give the CE credit hours as a number from 0 to {MAX_HOURS}, "
                              "with at most two decimals (e.g. 6.5).")


def _hours(**kwargs) -> fields.Decimal:
    return fields.Decimal(validate=credit_hours_in_range, metadata={
        "description": f"0 to {MAX_HOURS}, at most two decimals."}, **kwargs)


SUBJECTS_IN = ("CE subject codes its hours count toward (a requirement's subject minimums): "
               f"{', '.join(SUBJECT_CODES)}.")


def _when(description: str, **kwargs) -> fields.NaiveDateTime:
    return fields.NaiveDateTime(metadata={"description": description}, **kwargs)


class WebAddress(fields.String):
    """An http(s) address, or empty (the service decides when one is needed)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if text:
            try:
                validate.URL(schemes={"http", "https"})(text)
            except ValidationError:
                raise ValidationError("Enter a web address starting with https://.") from None
        return text


class EventCreateSchema(InputSchema):
    title = fields.String(required=True, validate=[validate.Length(min=1, max=TITLE_MAX),
                                                   has_letters])
    provider = fields.String(load_default="", validate=validate.Length(max=TITLE_MAX),
                             metadata={"description": "Who runs it and issues the CE."})
    description = fields.String(load_default="", validate=validate.Length(max=DESCRIPTION_MAX))
    starts_at = _when("Wall-clock start in the event's time zone.", required=True)
    ends_at = _when("Wall-clock end in the event's time zone.", required=True)
    time_zone = fields.String(required=True, validate=[validate.Length(min=1, max=64),
                                                       known_time_zone],
                              metadata={"description": "IANA name, e.g. America/Chicago."})
    online = fields.Boolean(load_default=False)
    venue = fields.String(load_default="", validate=validate.Length(max=200))
    city = fields.String(load_default="", validate=validate.Length(max=120))
    country = Uppercase(load_default="", validate=known_country,
                        metadata={"description": "ISO 3166-1 code, e.g. US."})
    url = WebAddress(load_default="", validate=validate.Length(max=500),
                     metadata={"description": "Where an online event is joined."})
    credit_hours = _hours(load_default="0")
    credit_bodies = SlugList(load_default=list,
                             metadata={"description": "Slugs from GET /credit-bodies."})
    subjects = SubjectCodes(load_default=list, metadata={
        "description": SUBJECTS_IN + " Used where the event is credited as a whole (a member "
                       "in none of its sessions); a session's own subjects count otherwise."})


class EventUpdateSchema(PatchSchema, EventCreateSchema):
    title = fields.String(validate=[validate.Length(min=1, max=TITLE_MAX), has_letters])
    starts_at = _when("Wall-clock start in the event's time zone.")
    ends_at = _when("Wall-clock end in the event's time zone.")
    time_zone = fields.String(validate=[validate.Length(min=1, max=64), known_time_zone])
    provider = fields.String(validate=validate.Length(max=TITLE_MAX))
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX))
    online = fields.Boolean()
    venue = fields.String(validate=validate.Length(max=200))
    city = fields.String(validate=validate.Length(max=120))
    country = Uppercase(validate=known_country)
    url = WebAddress(validate=validate.Length(max=500))
    credit_hours = _hours()
    credit_bodies = SlugList()
    subjects = SubjectCodes(metadata={"description": SUBJECTS_IN})


class SessionCreateSchema(InputSchema):
    title = fields.String(required=True, validate=[validate.Length(min=1, max=TITLE_MAX),
                                                   has_letters])
    starts_at = _when("Wall-clock start in the event's time zone.", required=True)
    ends_at = _when("Wall-clock end in the event's time zone.", required=True)
    room = fields.String(load_default="", validate=validate.Length(max=120))
    presenters = fields.String(load_default="", validate=validate.Length(max=500))
    credit_hours = _hours(load_default="0")
    specialties = SlugList(load_default=list)
    modalities = SlugList(load_default=list)
    subjects = SubjectCodes(load_default=list, metadata={"description": SUBJECTS_IN})


class SessionUpdateSchema(PatchSchema, SessionCreateSchema):
    title = fields.String(validate=[validate.Length(min=1, max=TITLE_MAX), has_letters])
    starts_at = _when("Wall-clock start in the event's time zone.")
    ends_at = _when("Wall-clock end in the event's time zone.")
    room = fields.String(validate=validate.Length(max=120))
    presenters = fields.String(validate=validate.Length(max=500))
    credit_hours = _hours()
    specialties = SlugList()
    modalities = SlugList()
    subjects = SubjectCodes(metadata={"description": SUBJECTS_IN})


class EventsQuerySchema(InputSchema):
    class Meta:
        unknown = EXCLUDE  # page and page_size travel in the same query string

    q = fields.String(load_default="", validate=validate.Length(max=200))
    when = fields.String(load_default="upcoming", validate=validate.OneOf(WHEN))
    mode = fields.String(load_default="", validate=validate.OneOf(("", *MODES)))
    credit_body = fields.String(load_default="", validate=validate.Length(max=64))
    specialty = fields.String(load_default="", validate=validate.Length(max=64))
    country = Uppercase(load_default="", validate=known_country)


class AttendeesQuerySchema(InputSchema):
    class Meta:
        unknown = EXCLUDE

    discipline = fields.String(load_default="", validate=validate.Length(max=64))
    specialty = SlugList(load_default=list)
    modality = SlugList(load_default=list)
    language = SlugList(load_default=list)
    country = Uppercase(load_default="", validate=known_country)


class AttendanceSchemaIn(InputSchema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES),
                           metadata={"description": "going, attended, or none (not going)."})
    show_on_attendee_list = fields.Boolean(
        metadata={"description": "Whether you appear on the event's attendee list."})


class ListingSchema(InputSchema):
    show_on_attendee_list = fields.Boolean(required=True)


class SessionAttendanceSchemaIn(InputSchema):
    present = fields.Boolean(required=True, metadata={"description": "In this session or not."})


class CheckInSchema(InputSchema):
    code = fields.String(required=True, validate=validate.Length(
        min=1, max=40, error="Enter the check-in code the organizer shows."))


class CreditBodyCreateSchema(InputSchema):
    slug = fields.String(required=True, validate=[
        validate.Length(min=1, max=64),
        validate.Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
                        error="Use lowercase letters, digits and single dashes, such as "
                              "aswb-ace.")])
    name = fields.String(required=True, validate=[validate.Length(min=1, max=120),
                                                  has_letters])


class CreditBodyRenameSchema(InputSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=120),
                                                  has_letters])


# --- out -----------------------------------------------------------------------------------


class CreditBodySchema(Schema):
    slug = fields.String()
    name = fields.String()


class SessionSchema(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    title = fields.String()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    room = fields.String()
    presenters = fields.String()
    credit_hours = Hours()
    specialties = fields.List(fields.Nested(TermRefSchema))
    modalities = fields.List(fields.Nested(TermRefSchema))
    subjects = fields.List(fields.String(), metadata={
        "description": "CE subject codes its hours count toward."})


class EventSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    provider = fields.String()
    description = fields.String()
    starts_at = fields.AwareDateTime(metadata={"description": "UTC."})
    ends_at = fields.AwareDateTime(metadata={"description": "UTC."})
    time_zone = fields.String(metadata={"description": "The IANA zone it happens in."})
    online = fields.Boolean()
    venue = fields.String()
    city = fields.String()
    country = fields.String()
    url = fields.String()
    credit_hours = Hours()
    organizer_id = fields.Integer(allow_none=True)
    credit_bodies = fields.List(fields.Nested(CreditBodySchema))
    subjects = fields.List(fields.String(), metadata={
        "description": "CE subject codes the event counts toward where credited as a whole."})


class EventDetailSchema(EventSchema):
    sessions = fields.List(fields.Nested(SessionSchema))


class AttendanceSchema(Schema):
    event_id = fields.Integer()
    status = fields.String(metadata={"description": "going or attended; none when not going."})
    verified = fields.Boolean(metadata={"description": "Checked in at the event."})
    verified_at = fields.AwareDateTime(allow_none=True)
    show_on_attendee_list = fields.Boolean()


class MyEventSchema(Schema):
    """One of the member's own attendances, for their download."""

    event_id = fields.Integer()
    title = fields.String()
    starts_at = fields.AwareDateTime()
    status = fields.String()
    verified_at = fields.AwareDateTime(allow_none=True)
    show_on_attendee_list = fields.Boolean()
    sessions = fields.List(fields.String())


class AttendeeSchema(Schema):
    member = fields.Nested(MemberCardSchema)
    verified_attendance = fields.Boolean()
    shared_sessions = fields.List(fields.String(), metadata={
        "description": "This event's sessions you were both in."})


class CheckInCodeSchema(Schema):
    code = fields.String()
    url = fields.String(metadata={"description": "The check-in link the QR code holds."})
    open = fields.Boolean(metadata={"description": "Whether check-in is open now."})


class ImportResultSchema(Schema):
    created = fields.Integer()
    sessions = fields.List(fields.Nested(SessionSchema))

