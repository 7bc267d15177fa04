"""Pieces every feature's schemas share: a base that trims strings and refuses unstorable
text, and form loading."""

import re

from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    pre_load,
    validate,
    validates_schema,
)
from werkzeug.datastructures import MultiDict

# Control characters other than tab and line breaks (C0, DEL and the C1 block), the bidi
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) that make text display in
# another order than it is stored, and lone UTF-16 surrogates: nobody types them, PostgreSQL
# cannot store NUL, and no database driver can encode a lone surrogate.
UNSTORABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
DIGITS = re.compile(r"-?[0-9]+")
# The last page number any list answers: a larger one is a field error, never an offset
# past what the database can count.
MAX_PAGE = 10_000
UNSTORABLE_MESSAGE = ("Remove the invisible control characters from this text "
                      "(they are often pasted in by accident).")


def _speak_plainly() -> None:
    """marshmallow's own messages, in the words and tone of ours ("Keep the note to 500
    characters or fewer."), so a form never mixes "Length must be between 1 and 120." with
    them. Fields that need a particular message still give their own."""
    validate.Length.message_min = "Enter at least {min} characters."
    validate.Length.message_max = "Keep this to {max} characters or fewer."
    validate.Length.message_all = "Use between {min} and {max} characters."
    validate.Length.message_equal = "Use exactly {equal} characters."
    # Range formats its messages twice (first with the operators): braces doubled.
    validate.Range.message_min = "Choose {{min}} or more."
    validate.Range.message_max = "Choose {{max}} or less."
    validate.Range.message_all = "Choose a number from {{min}} to {{max}}."
    validate.OneOf.default_message = "Choose one of: {choices}."
    fields.Field.default_error_messages.update(
        required="Fill in this field.", null="Fill in this field.",
        validator_failed="This value is not accepted here.")
    fields.String.default_error_messages.update(invalid="Enter text here.")
    fields.Integer.default_error_messages.update(invalid="Enter a whole number.")
    fields.Number.default_error_messages.update(invalid="Enter a number.")
    fields.Boolean.default_error_messages.update(invalid="Choose yes or no.")
    fields.List.default_error_messages.update(invalid="Send a list here.")
    fields.DateTime.default_error_messages.update(invalid="Enter a date and time.")
    Schema._default_error_messages = {**Schema._default_error_messages,
                                      "unknown": "This is not a field it takes.",
                                      "type": "Send an object of fields."}


_speak_plainly()


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


class InputSchema(Schema):
    """Base for every <Thing>CreateSchema / <Thing>UpdateSchema: trims surrounding spaces
    and refuses text holding control characters (see UNSTORABLE), naming each such field.

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

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def storable_text(self, data, original_data, **kwargs):
        """Checked on what was sent, so a field that failed for another reason is named too."""
        if not hasattr(original_data, "items"):
            return
        sent = (original_data.to_dict(flat=False) if hasattr(original_data, "to_dict")
                else original_data)
        read = {field.data_key or name for name, field in self.load_fields.items()}
        unstorable = {name: [UNSTORABLE_MESSAGE] for name, value in sent.items()
                      if name in read and any(UNSTORABLE.search(text) for text in _texts(value))}
        if unstorable:
            raise ValidationError(unstorable)


NOTHING_TO_CHANGE = "Send at least one field to change."


class PatchSchema(InputSchema):
    """Base for a PATCH body: only the fields sent change, and at least one must be sent. A
    missing body, {} or only unknown fields would otherwise answer 200 and change nothing."""

    @validates_schema
    def something_to_change(self, data, **kwargs):
        if not data:
            raise ValidationError(NOTHING_TO_CHANGE)


def load_form(schema: Schema, form) -> dict:
    """Load an HTML form through the same schema the API uses; extra fields (csrf) ignored.

    Browsers send a text box's line breaks as CRLF but count them as one character for
    `maxlength`: make them one character here too, so a length the page allowed is allowed.
    """
    lines_as_typed = MultiDict(
        (key, value.replace("\r\n", "\n") if isinstance(value, str) else value)
        for key, value in form.items(multi=True))
    return schema.load(lines_as_typed, unknown=EXCLUDE)


def confirm_deidentified() -> fields.Boolean:
    """The PHI guard's confirmation (peerlink/phi/guard.py), on every form and body it checks
    where confirming is allowed."""
    return fields.Boolean(load_default=False, metadata={"description": (
        "You checked the text the PHI guard flagged (the 422 answer's `findings`) and it "
        "identifies nobody: send it as it is. Not enough where only de-identified text is "
        "kept (a consultation's room), where flagged text is always refused.")})


ECHO_MAX = 40


def echo(value: str, limit: int = ECHO_MAX) -> str:
    """What a member sent, quoted back in an error message: a short prefix, never the whole of
    an unbounded query string."""
    return value if len(value) <= limit else value[:limit] + "…"


def has_letters(value: str) -> None:
    """A name must show something: not only spaces, symbols or invisible characters."""
    if value and not any(character.isalpha() for character in value):
        raise ValidationError("Use letters in the name, not only spaces or symbols.")


class WholeNumber(fields.Integer):
    """An integer sent as a JSON number or typed as digits. 4.5, "4.5", 4.0 and digits from
    other scripts are refused, where marshmallow's Integer would round them to a member id."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float) or (isinstance(value, str)
                                        and not DIGITS.fullmatch(value.strip())):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)
