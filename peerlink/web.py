"""What every HTML blueprint shares: turning an invalid submission into a re-rendered form."""

from flask import render_template, request
from marshmallow import ValidationError

from peerlink.errors import ValidationFailed


def field_errors(exc: ValidationError | ValidationFailed) -> dict[str, list[str]]:
    if isinstance(exc, ValidationError):
        messages = exc.normalized_messages()
        return {field: msgs if isinstance(msgs, list) else [str(msgs)]
                for field, msgs in messages.items()}
    return exc.errors or {"_form": [exc.message]}


def render_form(template: str, errors: dict | None = None, **context):
    """Render a form page; with errors it answers 422 and keeps what was typed (not passwords)."""
    typed = {key: value for key, value in request.form.items() if "password" not in key}
    status = 422 if errors else 200
    return render_template(template, form=typed, errors=errors or {}, **context), status
