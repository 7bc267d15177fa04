"""Input and output shapes for groups, members, invitations, threads, posts and reports.

Output carries the public member card (profiles.cards), the same for every viewer. A post's
`body` is null where the reader may not see it (deleted, or removed by a moderator), and
`removal_reason` is there for its author and the moderators only.
"""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from peerlink.db_types import MAX_ID
from peerlink.groups.models import KINDS, MAX_EVENTS, VISIBILITIES
from peerlink.profiles.schemas import MemberCardSchema
from peerlink.schemas import (
    InputSchema,
    PatchSchema,
    WholeNumber,
    confirm_deidentified,
    has_letters,
)

NAME_MAX, DESCRIPTION_MAX, RULES_MAX = 120, 2000, 4000
TITLE_MAX, BODY_MAX, REASON_MAX = 200, 20000, 500
REPORT_MAX = 1000


def _text(max_length: int, required: bool = False, **kwargs) -> fields.String:
    length = validate.Length(min=1 if required else 0, max=max_length,
                             error=f"Keep it to {max_length} characters or fewer."
                             if not required else
                             f"Write something, up to {max_length} characters.")
    if required:
        return fields.String(required=True, validate=length, **kwargs)
    return fields.String(load_default="", validate=length, **kwargs)


class EventIds(fields.List):
    """CE event ids; a form sends a single one as a plain string."""

    def __init__(self, **kwargs):
        super().__init__(WholeNumber(validate=validate.Range(min=1, max=MAX_ID)),
                         validate=validate.Length(max=MAX_EVENTS, error=(
                             f"Link a group to {MAX_EVENTS} events at most.")), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            value = [value] if value else []
        return super()._deserialize(value, attr, data, **kwargs)


def _user_id() -> fields.Integer:
    return WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_ID),
                       metadata={"description": "The member's user id."})


class GroupCreateSchema(InputSchema):
    name = fields.String(required=True, validate=[validate.Length(
        min=3, max=NAME_MAX, error=f"Use 3 to {NAME_MAX} characters."), has_letters])
    description = _text(DESCRIPTION_MAX)
    rules = _text(RULES_MAX, metadata={
        "description": "The group's norms; a peer-support circle shows them to each member "
                       "to accept before their first post."})
    kind = fields.String(load_default="topic", validate=validate.OneOf(KINDS), metadata={
        "description": "topic, event_follow_up, or peer_support (always private and unlisted)"})
    visibility = fields.String(load_default="open", validate=validate.OneOf(VISIBILITIES),
                               metadata={"description": "open: anyone may join and read; "
                                         "private: by request or invitation, members read"})
    listed = fields.Boolean(load_default=True, metadata={
        "description": "Shown in the groups list and its search to non-members."})
    event_ids = EventIds(load_default=list, metadata={
        "description": f"CE events the group follows (up to {MAX_EVENTS}); a group started "
                       "from an event page is linked to that event."})


class GroupUpdateSchema(PatchSchema):
    name = fields.String(validate=[validate.Length(
        min=3, max=NAME_MAX, error=f"Use 3 to {NAME_MAX} characters."), has_letters])
    description = fields.String(validate=validate.Length(max=DESCRIPTION_MAX))
    rules = fields.String(validate=validate.Length(max=RULES_MAX))
    visibility = fields.String(validate=validate.OneOf(VISIBILITIES))
    listed = fields.Boolean()


class GroupsQuerySchema(InputSchema):
    class Meta:
        unknown = EXCLUDE  # page and page_size travel in the same query string

    q = fields.String(load_default="", validate=validate.Length(max=200),
                      metadata={"description": "Words in the name or description."})
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    mine = fields.Boolean(load_default=False, metadata={"description": "Only your groups."})
    event_id = WholeNumber(load_default=None, validate=validate.Range(min=1, max=MAX_ID),
                           metadata={"description": "Only the groups linked to this CE event "
                                     "(what its event page lists)."})


class ThreadsQuerySchema(InputSchema):
    class Meta:
        unknown = EXCLUDE

    q = fields.String(load_default="", validate=validate.Length(max=200), metadata={
        "description": "Words in the thread's title or posts (full-text search)."})


class MembersQuerySchema(InputSchema):
    class Meta:
        unknown = EXCLUDE

    status = fields.String(load_default="active", validate=validate.OneOf(
        ("active", "requested", "banned")), metadata={
        "description": "active (the default), or for moderators requested or banned"})


class EventLinkSchema(InputSchema):
    event_id = WholeNumber(required=True, validate=validate.Range(min=1, max=MAX_ID),
                           metadata={"description": "The CE event to link the group to."})


class MemberActionSchema(InputSchema):
    user_id = _user_id()


class RoleSchema(InputSchema):
    role = fields.String(required=True, validate=validate.OneOf(("moderator", "member")))


class InvitationCreateSchema(InputSchema):
    user_id = WholeNumber(validate=validate.Range(min=1, max=MAX_ID),
                          metadata={"description": "A member to invite; or give email."})
    email = fields.Email(validate=validate.Length(max=254), metadata={
        "description": "An address to invite, registered or not; or give user_id."})

    @validates_schema
    def one_of_them(self, data, **kwargs):
        if bool(data.get("user_id")) == bool(data.get("email")):
            raise ValidationError("Give a member (user_id) or an e-mail address, not both.",
                                  "email")


class ThreadCreateSchema(InputSchema):
    title = fields.String(required=True, validate=[validate.Length(
        min=3, max=TITLE_MAX, error=f"Use 3 to {TITLE_MAX} characters."), has_letters])
    body = _text(BODY_MAX, required=True, metadata={"description": "Markdown."})
    confirm_deidentified = confirm_deidentified()


class PostCreateSchema(InputSchema):
    body = _text(BODY_MAX, required=True, metadata={"description": "Markdown."})
    confirm_deidentified = confirm_deidentified()


class PostUpdateSchema(PostCreateSchema):
    title = fields.String(validate=[validate.Length(
        min=3, max=TITLE_MAX, error=f"Use 3 to {TITLE_MAX} characters."), has_letters],
        metadata={"description": "A new title for the thread (its opening post only)."})


class RemovalSchema(InputSchema):
    reason = _text(REASON_MAX, required=True, metadata={
        "description": "Why; the author reads it beside their post."})


class ReportCreateSchema(InputSchema):
    reason = _text(REPORT_MAX, required=True)


class ThreadFlagsSchema(PatchSchema):
    pinned = fields.Boolean()
    locked = fields.Boolean()


class FollowSchema(InputSchema):
    following = fields.Boolean(required=True)


# --- output ---------------------------------------------------------------------------------


class GroupSchema(Schema):
    id = fields.Integer(attribute="group.id")
    name = fields.String(attribute="group.name")
    description = fields.String(attribute="group.description")
    rules = fields.String(attribute="group.rules")
    kind = fields.String(attribute="group.kind")
    visibility = fields.String(attribute="group.visibility")
    listed = fields.Boolean(attribute="group.listed")
    created_at = fields.DateTime(attribute="group.created_at")
    member_count = fields.Integer()
    role = fields.String(allow_none=True, metadata={"description": "Your role, if a member."})
    status = fields.String(allow_none=True, metadata={
        "description": "Your membership: active, requested, banned, or null"})
    can_read = fields.Boolean(metadata={"description": "You may read members and threads."})
    event_ids = fields.List(fields.Integer(), metadata={
        "description": "The CE events the group is linked to."})


class MemberSchema(Schema):
    user_id = fields.Integer()
    role = fields.String()
    status = fields.String()
    since = fields.DateTime()
    member = fields.Nested(MemberCardSchema)


class MembershipSchema(Schema):
    group_id = fields.Integer()
    user_id = fields.Integer()
    role = fields.String()
    status = fields.String()


class InvitationSchema(Schema):
    id = fields.Integer()
    group_id = fields.Integer()
    group_name = fields.String()
    group_kind = fields.String()
    invited_by = fields.String()
    created_at = fields.DateTime()


class InvitationSentSchema(Schema):
    id = fields.Integer()
    group_id = fields.Integer()
    invitee_id = fields.Integer(allow_none=True)
    email = fields.String(allow_none=True)
    status = fields.String()


class ThreadSchema(Schema):
    id = fields.Integer()
    group_id = fields.Integer()
    title = fields.String()
    pinned = fields.Boolean()
    locked = fields.Boolean()
    reply_count = fields.Integer()
    created_at = fields.DateTime()
    last_post_at = fields.DateTime()
    author = fields.Nested(MemberCardSchema, allow_none=True)


class PostSchema(Schema):
    id = fields.Integer()
    thread_id = fields.Integer()
    opening = fields.Boolean()
    state = fields.String(metadata={"description": "shown, deleted or removed"})
    body = fields.String(allow_none=True, metadata={"description": "Markdown, as written."})
    html = fields.Function(lambda post: str(post.html) if post.html is not None else None,
                           metadata={"description": "The body rendered safely."})
    created_at = fields.DateTime()
    edited_at = fields.DateTime(allow_none=True)
    edited = fields.Boolean()
    author = fields.Nested(MemberCardSchema, allow_none=True)
    removal_reason = fields.String(allow_none=True)


class ThreadDetailSchema(ThreadSchema):
    opening = fields.Nested(PostSchema, allow_none=True, metadata={
        "description": "The opening post."})
    following = fields.Boolean(metadata={"description": "You follow its replies."})


class ReportSchema(Schema):
    id = fields.Integer()
    reason = fields.String()
    created_at = fields.DateTime()
    reporter = fields.Nested(MemberCardSchema)
    post = fields.Nested(PostSchema)
    thread_id = fields.Integer()
    thread_title = fields.String()


class ReportCreatedSchema(Schema):
    id = fields.Integer()
    post_id = fields.Integer()
    status = fields.String()
