"""What every HTML blueprint shares: turning an invalid submission into a re-rendered form,
the page links under a long list, a download, and the mark for endpoints that need no CSRF
token."""

import json
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, render_template, request
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


@dataclass(frozen=True)
class Pages:
    """A list's page links: the current page, a window of numbered pages around it (None
    marks a gap), and each shown page's URL. A page past the end keeps its number but is
    `past_end`, so the page can say so instead of "page 99 of 3"."""

    current: int
    count: int
    window: list[int | None]
    urls: dict[int, str]

    @property
    def past_end(self) -> bool:
        return self.current > self.count

    @property
    def previous(self) -> int | None:
        return self.current - 1 if 1 < self.current <= self.count else None

    @property
    def next(self) -> int | None:
        return self.current + 1 if self.current < self.count else None


def page_links(current: int, count: int, url_for_page: Callable[[int], str],
               around: int = 2) -> Pages:
    """First, last, and `around` pages either side of the current one: 1 … 4 5 [6] 7 8 … 20."""
    shown = sorted({1, count, *range(current - around, current + around + 1)}
                   & set(range(1, count + 1)))
    window: list[int | None] = []
    for number in shown:
        if window and number - window[-1] > 1:
            window.append(None)
        window.append(number)
    return Pages(current=current, count=count, window=window,
                 urls={number: url_for_page(number) for number in shown})


def json_download(data, filename: str) -> Response:
    """A JSON file the browser saves rather than shows, kept by no cache on the way."""
    return Response(json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                    mimetype="application/json", headers={
                        "Content-Disposition": f'attachment; filename="{filename}"',
                        "Cache-Control": "no-store"})
