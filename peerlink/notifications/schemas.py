from marshmallow import Schema, fields

from peerlink.schemas import InputSchema


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    message = fields.String()
    link = fields.String(allow_none=True)
    created_at = fields.DateTime()
    read = fields.Function(lambda n: n.read_at is not None)


class MarkReadSchema(InputSchema):
    id = fields.Integer(required=True, strict=True)
