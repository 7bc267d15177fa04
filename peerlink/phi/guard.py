"""The PHI guard's policy: what happens to text that may identify a client, wherever a
member writes it (chat, group discussions, consultations). The detector
(`peerlink.phi.detector.find_phi`, plain Python with no PeerLink import) says where; this
module says what follows, the same for the page, the API and the socket:

- where a place holds de-identified text only (a consultation request, a consultation room),
  flagged text is refused, whatever the member says;
- elsewhere (direct and group chat, event lounges, group threads and replies), flagged text
  is refused unless the member confirmed it is de-identified (`confirm_deidentified`).

The refusal is a `PhiFlagged` (a ValidationFailed, 422) carrying, per field, the spans found
(offsets into the text as the service was given it, after trimming), their category and a
plain way to de-identify each. It never holds the text: a face that marks the spans slices
the text it already has. Nothing here logs, stores or copies what it reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from peerlink.errors import ValidationFailed
from peerlink.phi.detector import Finding, find_phi

CONFIRM_FIELD = "confirm_deidentified"

# How each category reads in a sentence ("it looks like a date of birth, a phone number").
CATEGORY_NAMES = {
    "date": "a date", "age": "an age over 89", "phone": "a phone or fax number",
    "email": "an e-mail address", "ssn": "a Social Security number",
    "record_number": "a record, account or license number",
    "device_id": "a vehicle or device identifier", "url": "a web address",
    "ip_address": "an IP address", "street_address": "a street address",
    "zip_code": "a ZIP code", "name": "a name",
}

BLOCKED_MESSAGE = ("This may identify a client, and only de-identified text is kept here: "
                   "change what is marked and send it again.")
CONFIRM_MESSAGE = ("This may identify a client. Change what is marked, or confirm that it "
                   "is de-identified and send it again.")


def _what(findings: list[Finding]) -> str:
    names = list(dict.fromkeys(CATEGORY_NAMES[finding.category] for finding in findings))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class PhiFlagged(ValidationFailed):
    """Text that may identify a client was refused. `findings`: field -> its findings;
    `confirmable`: whether confirming (`confirm_deidentified`) would let it through.

    `errors` names each flagged field (and, where confirming helps, the confirmation field);
    `extra` puts the findings in the API's error body and the socket's error ack."""

    def __init__(self, findings: dict[str, list[Finding]], *, confirmable: bool):
        self.findings = findings
        self.confirmable = confirmable
        errors = {field: [f"This looks like it may contain {_what(found)}: see what is "
                          "marked."] for field, found in findings.items()}
        if confirmable:
            errors[CONFIRM_FIELD] = ["Confirm that the text is de-identified to send it "
                                     "as it is."]
        super().__init__(CONFIRM_MESSAGE if confirmable else BLOCKED_MESSAGE, errors)
        self.extra = {"findings": {field: [finding_data(finding) for finding in found]
                                   for field, found in findings.items()},
                      "confirmable": confirmable}

    def __repr__(self) -> str:  # categories and offsets only, as everywhere
        spans = {field: [(f.category, f.start, f.end) for f in found]
                 for field, found in self.findings.items()}
        return f"PhiFlagged({spans!r}, confirmable={self.confirmable})"


def finding_data(finding: Finding) -> dict:
    return {"start": finding.start, "end": finding.end, "category": finding.category,
            "advice": finding.advice}


def check(texts: Mapping[str, str | None], *, deidentified_only: bool,
          confirmed: bool = False, members: Iterable[str] = ()) -> None:
    """Refuse flagged text: `texts` maps each field to what will be stored (None: the field
    is not being written). In a de-identified-only place nothing flagged passes; elsewhere
    it passes once `confirmed` (and is then not even read).

    `members`: display names of the members who may be @mentioned there; a name found
    inside `@<their name>` is a colleague's, not a client's, and is not flagged."""
    if confirmed and not deidentified_only:
        return
    names = [name for name in members if name]
    findings = {}
    for field, text in texts.items():
        found = find_phi(text) if text else []
        if found and names and "@" in text:
            found = _outside_mentions(text, found, names)
        if found:
            findings[field] = found
    if findings:
        raise PhiFlagged(findings, confirmable=not deidentified_only)


def _outside_mentions(text: str, findings: list[Finding], names: list[str]) -> list[Finding]:
    """The findings, less names lying wholly inside an `@Display Name` of a member (any
    case, as mentions are matched)."""
    spans = [(m.start(), m.end()) for name in names
             for m in re.finditer(re.escape("@" + name), text, re.IGNORECASE)]
    if not spans:
        return findings
    return [f for f in findings if f.category != "name"
            or not any(start <= f.start and f.end <= end for start, end in spans)]


def warm_up() -> None:
    """Load the detector's name lists now (about 0.1 s, once per process), not in the first
    message a member sends, where it would hold up every live socket of the process."""
    find_phi("Warm up")


@dataclass(frozen=True)
class Piece:
    """A stretch of a flagged text: plain (`finding` None) or marked."""

    text: str
    finding: Finding | None

    @property
    def label(self) -> str | None:
        """What the marked stretch may be, in words ("a phone or fax number")."""
        return CATEGORY_NAMES[self.finding.category] if self.finding else None


def pieces(text: str, findings: list[Finding]) -> list[Piece]:
    """The text cut at its findings, for a page that marks them (`<mark>`), in order."""
    cut, at = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < at or finding.end > len(text):
            continue  # not this text's findings: never mark the wrong words
        if finding.start > at:
            cut.append(Piece(text[at:finding.start], None))
        cut.append(Piece(text[finding.start:finding.end], finding))
        at = finding.end
    if at < len(text):
        cut.append(Piece(text[at:], None))
    return cut


class Advice(NamedTuple):
    """How to de-identify one kind of finding: its category, what it may be in words ("a
    phone or fax number") and the advice."""

    category: str
    what: str
    text: str


@dataclass(frozen=True)
class Marked:
    """A flagged field as a page shows it: the text cut at its findings, and the advice for
    each kind of finding once, in the order they first appear."""

    pieces: list[Piece]
    advice: list[Advice]


def marked(exc: PhiFlagged, texts: Mapping[str, str | None]) -> dict[str, Marked]:
    """Each flagged field's text (as the service was given it) cut at its findings."""
    found = {}
    for field, findings in exc.findings.items():
        advice = {f.category: Advice(f.category, CATEGORY_NAMES[f.category], f.advice)
                  for f in findings}
        found[field] = Marked(pieces(texts.get(field) or "", findings), list(advice.values()))
    return found
