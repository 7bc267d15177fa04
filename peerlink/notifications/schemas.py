from marshmallow import Schema, fields, validate

from peerlink.db_types import MAX_ID
from peerlink.notifications.kinds import DELIVERIES, IMMEDIATE, KINDS, Kind
from peerlink.notifications.preferences import cannot_switch_off, not_a_choice
from peerlink.schemas import InputSchema, PatchSchema, WholeNumber


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    message = fields.String()
    link = fields.String(allow_none=True)
    created_at = fields.DateTime()
    read = fields.Function(lambda n: n.read_at is not None)


class MarkReadSchema(InputSchema):
    id = WholeNumber(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))


def _delivery(kind: Kind) -> fields.String:
    if kind.fixed:
        return fields.String(validate=validate.Equal(IMMEDIATE, error=cannot_switch_off(kind)),
                             metadata={"description": kind.description})
    return fields.String(
        validate=validate.OneOf(kind.choices, error=not_a_choice(kind)),
        metadata={"description": kind.description})


# One optional field per kind in the registry, named after it: {"connection_request": "digest"}.
# Only the kinds sent change; a kind that is not listed is refused by name.
NotificationPreferencesUpdateSchema = PatchSchema.from_dict(
    {name: _delivery(kind) for name, kind in KINDS.items()},
    name="NotificationPreferencesUpdateSchema")


class NotificationPreferenceSchema(Schema):
    kind = fields.String(metadata={"description": "One of the kinds of notification."})
    label = fields.String()
    description = fields.String()
    delivery = fields.String(metadata={
        "description": "in_app: in PeerLink only; immediate: also an e-mail at once; digest: "
                       "also in the daily e-mail digest.", "enum": list(DELIVERIES)})
    default = fields.String(metadata={"enum": list(DELIVERIES)})
    choices = fields.List(fields.String())
    fixed = fields.Boolean(metadata={"description": "Always e-mailed at once; cannot be "
                                                    "changed (account security)."})
