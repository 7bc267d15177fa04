from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema

from peerlink.audit.services import ACTIONS
from peerlink.db_types import MAX_ID
from peerlink.schemas import MAX_PAGE, InputSchema, WholeNumber


class AuditFilterSchema(InputSchema):
    """The admin's filters; every one optional. A form's empty box means no filter."""

    action = fields.String(load_default=None, validate=validate.OneOf(
        ACTIONS, error="Choose one of the listed actions."), metadata={
            "description": "One of: " + ", ".join(ACTIONS) + "."})
    actor = WholeNumber(load_default=None, strict=False,
                        validate=validate.Range(min=1, max=MAX_ID), metadata={
                            "description": "The acting member's id."})
    since = fields.Date(load_default=None, metadata={"description": "From this day (UTC)."})
    until = fields.Date(load_default=None, metadata={
        "description": "To this day (UTC), included."})

    @pre_load
    def blank_is_no_filter(self, data, **kwargs):
        if not hasattr(data, "items"):
            return data
        return {key: value for key, value in data.items()
                if not (isinstance(value, str) and not value.strip())}

    @validates_schema
    def in_order(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("Choose an end day on or after the start day.", "until")


class AuditPageQuerySchema(AuditFilterSchema):
    """The page's query string: the filters and the page number (the API paginates itself)."""

    page = WholeNumber(load_default=1, strict=False, validate=validate.Range(min=1, max=MAX_PAGE))


class AuditEventSchema(Schema):
    id = fields.Integer()
    created_at = fields.DateTime()
    action = fields.String()
    actor_id = fields.Integer(allow_none=True)
    subject_type = fields.String(allow_none=True)
    subject_id = fields.Integer(allow_none=True)
    ip = fields.String(allow_none=True)
    details = fields.Dict(keys=fields.String())
