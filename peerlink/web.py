"""What every HTML blueprint shares: turning an invalid submission into a re-rendered form,
and the mark for endpoints that need no CSRF token."""

from flask import render_template, request
from marshmallow import ValidationError

from peerlink.errors import ValidationFailed


def csrf_exempt(view):
    """For endpoints that authenticate by credentials in the body or a signed link in the
    URL, never by cookie (read by accounts.security's CSRF check)."""
    view.csrf_exempt = True
    return view


def field_errors(exc: ValidationError | ValidationFailed) -> dict[str, list[str]]:
    if isinstance(exc, ValidationError):
        return {field: _readable(msgs) for field, msgs in exc.normalized_messages().items()}
    return exc.errors or {"_form": [exc.message]}


def _readable(messages) -> list[str]:
    """A field's messages as sentences. A list field (one item per line of a text box) gets
    {line index: [messages]}: each message once, with the lines it concerns."""
    if isinstance(messages, list):
        return [str(message) for message in messages]
    if not isinstance(messages, dict):
        return [str(messages)]
    lines: dict[str, list[int]] = {}
    for index, item_messages in messages.items():
        for message in _readable(item_messages):
            numbers = lines.setdefault(message, [])
            if str(index).isdigit():  # "_schema": about the whole field, not one line
                numbers.append(int(index) + 1)
    return [f"{message.rstrip('.')} (line{'s' if len(numbers) > 1 else ''} "
            f"{', '.join(map(str, numbers[:10]))}{', …' if len(numbers) > 10 else ''})."
            if numbers else message for message, numbers in lines.items()]


def render_form(template: str, errors: dict | None = None, **context):
    """Render a form page; with errors it answers 422 and keeps what was typed (not passwords)."""
    typed = {key: value for key, value in request.form.items() if "password" not in key}
    status = 422 if errors else 200
    return render_template(template, form=typed, errors=errors or {}, **context), status
