"""The PHI guard in front of everything a consultation stores: text with a finding is never
saved, and the refusal names each field with the exact spans (offsets, never the text) and
a plain way to de-identify each.

Nothing here logs, and the refusal carries no copy of the flagged text: only the member who
wrote it sees it again, marked in their own form.
"""

from peerlink.consultations.phi import find_phi
from peerlink.errors import ValidationFailed

FOUND = ("This may identify a client ({what}). Change the marked text as advised, then send "
         "it again.")
LABELS = {"date": "a date", "age": "an age over 89", "phone": "a phone or fax number",
          "email": "an e-mail address", "ssn": "a Social Security number",
          "record_number": "a record or account number",
          "device_id": "a vehicle or device identifier", "url": "a web address",
          "ip_address": "an IP address", "street_address": "a street address",
          "zip_code": "a ZIP code", "name": "a name"}


class PHIFound(ValidationFailed):
    """422: `errors` holds a message per flagged field and, under "phi", the spans per field:
    {"phi": {"summary": [{"start": 12, "end": 19, "category": "date", "advice": "…"}]}}."""

    default_message = ("Some of what you wrote may identify a client. Nothing was saved: "
                       "change the marked text and send it again.")

    def __init__(self, spans: dict[str, list[dict]]):
        errors: dict = {field: [FOUND.format(what=", ".join(dict.fromkeys(
            LABELS.get(span["category"], span["category"]) for span in found)))]
            for field, found in spans.items()}
        errors["phi"] = spans
        super().__init__(errors=errors)
        self.spans = spans


def findings(fields: dict[str, str | None]) -> dict[str, list[dict]]:
    """Field -> its findings as spans, for the fields that have any."""
    spans = {}
    for name, text in fields.items():
        found = find_phi(text or "")
        if found:
            spans[name] = [{"start": f.start, "end": f.end, "category": f.category,
                            "advice": f.advice} for f in found]
    return spans


def require_deidentified(fields: dict[str, str | None]) -> None:
    """Refuse (PHIFound, 422) unless every field is free of identifiers."""
    spans = findings(fields)
    if spans:
        raise PHIFound(spans)


def marked(text: str, spans: list[dict]) -> list[tuple[str, dict | None]]:
    """The text cut into pieces for a page that marks the spans: (piece, span or None)."""
    pieces, at = [], 0
    for span in sorted(spans, key=lambda s: s["start"]):
        if span["start"] > at:
            pieces.append((text[at:span["start"]], None))
        pieces.append((text[span["start"]:span["end"]], span))
        at = span["end"]
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces
