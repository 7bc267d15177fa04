"""Pieces every feature's schemas share: a base that trims strings, and form loading."""

from marshmallow import EXCLUDE, Schema, fields, pre_load
from werkzeug.datastructures import MultiDict


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
    """Load an HTML form through the same schema the API uses; extra fields (csrf) ignored.

    Browsers send a text box's line breaks as CRLF but count them as one character for
    `maxlength`: make them one character here too, so a length the page allowed is allowed.
    """
    lines_as_typed = MultiDict(
        (key, value.replace("\r\n", "\n") if isinstance(value, str) else value)
        for key, value in form.items(multi=True))
    return schema.load(lines_as_typed, unknown=EXCLUDE)


class PaginationSchema(Schema):
    page = fields.Integer(load_default=1, validate=lambda n: n >= 1)
    per_page = fields.Integer(load_default=20, validate=lambda n: 1 <= n <= 100)
