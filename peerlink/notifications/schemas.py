from marshmallow import Schema, fields, validate

from peerlink.db_types import MAX_ID
from peerlink.schemas import InputSchema, WholeNumber


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    message = fields.String()
    link = fields.String(allow_none=True)
    created_at = fields.DateTime()
    read = fields.Function(lambda n: n.read_at is not None)


class MarkReadSchema(InputSchema):
    id = WholeNumber(required=True, strict=True, validate=validate.Range(min=1, max=MAX_ID))
