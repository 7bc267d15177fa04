"""Pieces every feature's schemas share: a base that trims strings, and form loading."""

from marshmallow import EXCLUDE, Schema, fields, pre_load


class InputSchema(Schema):
    """Base for every <Thing>CreateSchema / <Thing>UpdateSchema: trims surrounding spaces.

    Passwords are kept exactly as typed.
    """

    @pre_load
    def strip_strings(self, data, **kwargs):
        if not hasattr(data, "items"):
            return data
        if hasattr(data, "to_dict"):  # werkzeug MultiDict from an HTML form
            data = {key: (values if len(values) > 1 else values[0])
                    for key, values in data.to_dict(flat=False).items()}
        return {key: value.strip() if isinstance(value, str) and "password" not in key else value
                for key, value in data.items()}


def load_form(schema: Schema, form) -> dict:
    """Load an HTML form through the same schema the API uses; extra fields (csrf) ignored."""
    return schema.load(form, unknown=EXCLUDE)


class PaginationSchema(Schema):
    page = fields.Integer(load_default=1, validate=lambda n: n >= 1)
    per_page = fields.Integer(load_default=20, validate=lambda n: 1 <= n <= 100)
