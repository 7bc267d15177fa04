"""Input and output shapes for consultations. Proposed times are wall-clock times in
`time_zone` (an HTML datetime-local field, or ISO 8601 without an offset) and answered in
UTC, with each one also in the reader's own zone (`local`)."""

from marshmallow import Schema, fields, pre_load, validate

from peerlink.consultations.models import (
    AUDIENCES,
    DURATIONS,
    FORMATS,
    MAX_NOTE,
    MAX_QUESTION,
    MAX_REASON,
    MAX_SLOTS,
    MAX_SUMMARY,
    MAX_TOPIC,
    RETENTION_DAYS,
    STATES,
    URGENCIES,
)
from peerlink.events.schemas import WebAddress
from peerlink.schemas import InputSchema
from peerlink.taxonomy.schemas import known_time_zone

SLOTS_HELP = ("Wall-clock start times in `time_zone` (ISO 8601 without an offset, e.g. "
              "2027-03-09T10:00); the requester proposes at least two.")


def _choice(values, **kwargs):
    return fields.String(validate=validate.OneOf(tuple(values)), **kwargs)


class SlotTimes(InputSchema):
    time_zone = fields.String(validate=known_time_zone, metadata={
        "description": "IANA time zone of the times given; default: your profile's."})
    slots = fields.List(fields.NaiveDateTime(), required=True,
                        validate=validate.Length(min=1, max=MAX_SLOTS,
                                                 error="Propose from {min} to {max} times."),
                        metadata={"description": SLOTS_HELP})

    @pre_load
    def slot_list(self, data, **kwargs):
        """A form sends one field per slot; blank ones (unused rows) are dropped."""
        if not hasattr(data, "items") or "slots" not in data:
            return data
        if hasattr(data, "getlist"):  # werkzeug MultiDict: every slot field, not the first
            values = data.getlist("slots")
            data = {key: (items if len(items) > 1 else items[0])
                    for key, items in data.to_dict(flat=False).items()}
        else:
            data = dict(data)
            values = data["slots"]
            values = [values] if isinstance(values, str) else values
        if isinstance(values, list):
            values = [v for v in values if not (isinstance(v, str) and not v.strip())]
        data["slots"] = values
        return data


class ConsultationCreateSchema(SlotTimes):
    audience = _choice(AUDIENCES, load_default="peer", metadata={
        "description": "peer: `peer_id`; group: `group_id` (its members may claim it); open: "
                       "everyone open to consultation with `specialty` / `modality`."})
    peer_id = fields.Integer(validate=validate.Range(min=1))
    group_id = fields.Integer(validate=validate.Range(min=1))
    specialty = fields.String(validate=validate.Length(max=64), metadata={
        "description": "A specialty's slug (GET /api/v1/taxonomies/specialties)."})
    modality = fields.String(validate=validate.Length(max=64), metadata={
        "description": "A modality's slug (GET /api/v1/taxonomies/modalities)."})
    topic = fields.String(required=True, validate=validate.Length(min=3, max=MAX_TOPIC))
    summary = fields.String(required=True, validate=validate.Length(min=1, max=MAX_SUMMARY),
                            metadata={"description": "The de-identified case summary."})
    question = fields.String(required=True, validate=validate.Length(min=1, max=MAX_QUESTION))
    urgency = _choice(URGENCIES, load_default="routine")
    format = _choice(FORMATS, load_default="chat")
    video_url = WebAddress(validate=validate.Length(max=500), load_default="")
    duration_minutes = fields.Integer(validate=validate.OneOf(DURATIONS), load_default=60)
    retention_days = fields.Integer(validate=validate.OneOf(RETENTION_DAYS), load_default=30,
                                    metadata={"description": "How long the room's messages "
                                                             "are kept after completion."})
    deidentified = fields.Boolean(load_default=False, metadata={
        "description": "The requester attests that the case is de-identified (must be true)."})
    @pre_load
    def blank_choices(self, data, **kwargs):
        """A form's empty choice (no group, any specialty) is no choice."""
        if not hasattr(data, "items"):
            return data
        optional = ("peer_id", "group_id", "specialty", "modality", "time_zone")
        if hasattr(data, "getlist"):
            data = {key: (items if len(items) > 1 else items[0])
                    for key, items in data.to_dict(flat=False).items()}
        return {key: value for key, value in data.items()
                if not (key in optional and isinstance(value, str) and not value.strip())}

    slots = fields.List(fields.NaiveDateTime(), required=True,
                        validate=validate.Length(min=2, max=MAX_SLOTS,
                                                 error="Propose from {min} to {max} times."),
                        metadata={"description": SLOTS_HELP})


class AcceptSchema(InputSchema):
    slot_id = fields.Integer(required=True, validate=validate.Range(min=1))


class DeclineSchema(InputSchema):
    reason = fields.String(load_default="", validate=validate.Length(max=MAX_REASON))


class JoiningDetailsSchema(InputSchema):
    """How to join: the field of the consultation's format (the other is ignored)."""

    video_url = WebAddress(validate=validate.Length(max=500), metadata={
        "description": "A video consultation's meeting link (http or https)."})
    phone_number = fields.String(validate=validate.Length(max=40), metadata={
        "description": "A phone consultation's number to call (a US number, or with its "
                       "+country code); kept and answered in E.164."})


class NoteInSchema(InputSchema):
    body = fields.String(required=True, validate=validate.Length(max=MAX_NOTE), metadata={
        "description": "Your private note (only you read it); empty deletes it."})


class ListQuerySchema(InputSchema):
    state = _choice(STATES)


class SlotSchema(Schema):
    id = fields.Integer()
    starts_at = fields.DateTime(metadata={"description": "UTC."})
    local = fields.DateTime(metadata={"description": "In your own time zone (with offset)."})
    round = fields.Integer()
    proposed_by_id = fields.Integer(allow_none=True)
    current = fields.Boolean(metadata={"description": "Part of the latest proposal: one of "
                                                      "these can be accepted."})


class ActionsSchema(Schema):
    accept = fields.Boolean()
    decline = fields.Boolean()
    propose_times = fields.Boolean()
    cancel = fields.Boolean()
    complete = fields.Boolean()
    joining_details = fields.Boolean(metadata={
        "description": "May give how to join (the video link or the number to call)."})


class ConsultationSchema(Schema):
    id = fields.Integer()
    state = fields.String()
    audience = fields.String()
    requester_id = fields.Integer()
    requester_name = fields.String()
    peer_id = fields.Integer(allow_none=True)
    peer_name = fields.String(allow_none=True)
    group_id = fields.Integer(allow_none=True)
    topic = fields.String()
    summary = fields.String()
    question = fields.String()
    urgency = fields.String()
    format = fields.String()
    video_url = fields.String()
    phone_number = fields.String(metadata={
        "description": "A phone consultation's number to call (E.164); participants only."})
    duration_minutes = fields.Integer()
    time_zone = fields.String(metadata={"description": "The requester's zone."})
    viewer_zone = fields.String(metadata={"description": "Your zone: `local` times are in it."})
    retention_days = fields.Integer()
    decline_reason = fields.String()
    starts_at = fields.DateTime(allow_none=True)
    starts_local = fields.DateTime(allow_none=True)
    created_at = fields.DateTime()
    expires_at = fields.DateTime()
    completed_at = fields.DateTime(allow_none=True)
    cancelled_at = fields.DateTime(allow_none=True)
    sequence = fields.Integer()
    slots = fields.List(fields.Nested(SlotSchema))
    actions = fields.Nested(ActionsSchema)
    room_id = fields.Integer(allow_none=True, metadata={
        "description": "The private chat room (the participants, once scheduled)."})


class TransitionSchema(Schema):
    from_state = fields.String(allow_none=True)
    to_state = fields.String()
    actor_id = fields.Integer(allow_none=True)
    at = fields.DateTime()


class NoteSchema(Schema):
    body = fields.String()
    updated_at = fields.DateTime(allow_none=True)
