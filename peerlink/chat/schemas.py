from marshmallow import Schema, fields, validate

from peerlink.chat.models import MAX_BODY, MAX_CLIENT_ID
from peerlink.chat.rooms import MAX_DIRECT_MEMBERS
from peerlink.chat.services import MAX_PAGE, PAGE
from peerlink.db_types import MAX_ID
from peerlink.profiles.schemas import MemberCardSchema
from peerlink.schemas import InputSchema, WholeNumber, confirm_deidentified


def _id(strict: bool = True, **kwargs) -> WholeNumber:
    """An id: a JSON number in bodies and socket payloads, digits in a query string."""
    return WholeNumber(strict=strict, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def _body(**kwargs) -> fields.String:
    return fields.String(validate=validate.Length(
        min=1, max=MAX_BODY, error=f"Write from 1 to {MAX_BODY:,} characters."), **kwargs)


class MessageSchema(Schema):
    """A message, the same for every reader of its room."""

    id = fields.Integer()
    room_id = fields.Integer()
    author = fields.Nested(MemberCardSchema)
    body = fields.String(allow_none=True, metadata={
        "description": "What the author typed (Markdown); null once deleted."})
    html = fields.String(allow_none=True, metadata={
        "description": "The body as safe HTML (light Markdown, links); null once deleted."})
    client_id = fields.String(metadata={"description": "The id the sender's client gave it."})
    created_at = fields.DateTime()
    edited_at = fields.DateTime(allow_none=True)
    deleted_at = fields.DateTime(allow_none=True)
    deleted = fields.Boolean()
    removed_reason = fields.String(allow_none=True, metadata={
        "description": "Why a moderator removed it; null when the author deleted it."})


# Schemas hold no state once built: one instance serves every dump (a send dumps twice).
MESSAGE = MessageSchema()


class MessagePageSchema(Schema):
    messages = fields.List(fields.Nested(MessageSchema))
    has_more = fields.Boolean(metadata={
        "description": "More messages lie beyond this page, in the direction asked."})


class RoomSchema(Schema):
    """A room as the member asking sees it."""

    id = fields.Integer()
    kind = fields.String(metadata={"description": "direct (groups, events and "
                                                  "consultations add theirs)."})
    title = fields.String()
    members = fields.List(fields.Nested(MemberCardSchema), metadata={
        "description": "The room's other members: everyone who may read it."})
    last_message_id = fields.Integer(allow_none=True)
    last_read_message_id = fields.Integer(allow_none=True)
    unread = fields.Integer()
    may_post = fields.Boolean()


class RoomStateSchema(RoomSchema):
    online = fields.List(fields.Integer(), metadata={
        "description": "Which of the members are online now."})


class RoomCreateSchema(InputSchema):
    member_ids = fields.List(_id(), required=True, validate=validate.Length(
        min=1, max=MAX_DIRECT_MEMBERS - 1,
        error=f"Choose from 1 to {MAX_DIRECT_MEMBERS - 1} members."))


class MessageCreateSchema(InputSchema):
    body = _body(required=True)
    confirm_deidentified = confirm_deidentified()
    client_id = fields.String(required=True, validate=validate.Length(
        min=1, max=MAX_CLIENT_ID, error=f"Give an id of 1 to {MAX_CLIENT_ID} characters."))


class MessageUpdateSchema(InputSchema):
    body = _body(required=True)
    confirm_deidentified = confirm_deidentified()


class MessageDeleteSchema(InputSchema):
    reason = fields.String(load_default=None, validate=validate.Length(max=300))


class MessageQuerySchema(InputSchema):
    before = _id(strict=False, load_default=None)
    after = WholeNumber(strict=False, load_default=None,
                        validate=validate.Range(min=0, max=MAX_ID))
    limit = WholeNumber(strict=False, load_default=PAGE,
                        validate=validate.Range(min=1, max=MAX_PAGE))


class MarkReadSchema(InputSchema):
    message_id = _id(required=True)


# --- socket payloads ---------------------------------------------------------------------------


class RoomRefSchema(InputSchema):
    room_id = _id(required=True)


class SendSchema(RoomRefSchema, MessageCreateSchema):
    pass


class SyncSchema(RoomRefSchema):
    after_id = WholeNumber(strict=True, required=True,
                           validate=validate.Range(min=0, max=MAX_ID))
    limit = WholeNumber(strict=True, load_default=PAGE,
                        validate=validate.Range(min=1, max=MAX_PAGE))


class ReadSchema(RoomRefSchema, MarkReadSchema):
    pass


class EditSchema(MessageUpdateSchema):
    message_id = _id(required=True)


class DeleteSchema(MessageDeleteSchema):
    message_id = _id(required=True)


class ReadStateSchema(Schema):
    room_id = fields.Integer()
    last_read_message_id = fields.Integer()
    unread = fields.Integer()
    unread_total = fields.Integer()
