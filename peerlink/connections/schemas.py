"""Input and output shapes for connections, blocks and people to meet.

Output schemas carry the public member card (profiles.cards), the same for every viewer.
Never an email, never a license number.
"""

from marshmallow import EXCLUDE, Schema, fields, validate

from peerlink.db_types import MAX_ID
from peerlink.profiles.schemas import MemberCardSchema
from peerlink.schemas import InputSchema, WholeNumber

NOTE_MAX = 500
DIRECTIONS = ("incoming", "outgoing")


def _user_id() -> fields.Integer:
    return WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_ID),
                          metadata={"description": "The other member's user id."})


class ConnectionCreateSchema(InputSchema):
    user_id = _user_id()
    note = fields.String(load_default="", validate=validate.Length(
        max=NOTE_MAX, error=f"Keep the note to {NOTE_MAX} characters or fewer."),
        metadata={"description": "Optional; shown to the member you ask."})


class ConnectionFormSchema(ConnectionCreateSchema):
    """The HTML form also says where to go back to."""

    next = fields.String(load_default="", validate=validate.Length(max=500))


class RequestsQuerySchema(InputSchema):
    class Meta:
        unknown = EXCLUDE  # page and page_size travel in the same query string

    direction = fields.String(load_default="incoming", validate=validate.OneOf(DIRECTIONS))


class BlockCreateSchema(InputSchema):
    user_id = _user_id()


class ConnectionSchema(Schema):
    id = fields.Integer()
    status = fields.String(metadata={"description": "pending or accepted"})
    direction = fields.String(metadata={"description": "outgoing: you sent the request"})
    note = fields.String()
    created_at = fields.DateTime()
    responded_at = fields.DateTime(allow_none=True)
    member = fields.Nested(MemberCardSchema, metadata={"description": "The other member."})


class BlockSchema(Schema):
    member = fields.Nested(MemberCardSchema)
    created_at = fields.DateTime()


class RecommendationSchema(Schema):
    member = fields.Nested(MemberCardSchema)
    score = fields.Integer()
    reason = fields.String(metadata={"description": "Why, in plain words."})
    complementary = fields.Boolean(metadata={
        "description": "Their discipline complements yours (e.g. a prescriber for a therapist)."})
    shared_events = fields.List(fields.String())
    shared_specialties = fields.List(fields.String())
    shared_modalities = fields.List(fields.String())
    shared_populations = fields.List(fields.String())
