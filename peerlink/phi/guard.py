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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
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
          confirmed: bool = False,
          members: Iterable[str] | Callable[[], Iterable[str]] = (),
          advice: Mapping[str, str] | None = None) -> None:
    """Refuse flagged text: `texts` maps each field to what will be stored (None: the field
    is not being written). In a de-identified-only place nothing flagged passes; elsewhere
    it passes once `confirmed` (and is then not even read), and web addresses pass (sharing
    a link is routine there).

    `members`: display names of the PeerLink members who can read the place (the author
    too), or a function returning them (called only when a name is found). A member's name
    there, whole or first or last name alone, any case, `@`-mention or not, is a colleague's,
    not a client's, and is not flagged.

    `advice`: the place's own advice for some categories (category -> text), instead of the
    detector's (a consultation room tells where a member's own number for the call goes)."""
    if confirmed and not deidentified_only:
        return
    findings = {}
    for field, text in texts.items():
        found = find_phi(text) if text else []
        if found and not deidentified_only:
            found = [finding for finding in found if finding.category != "url"]
        if any(finding.category == "name" for finding in found):
            if callable(members):
                members = list(members())
            found = _without_members(text, found, members)
        if found and advice:
            found = [replace(f, advice=advice[f.category]) if f.category in advice else f
                     for f in found]
        if found:
            findings[field] = found
    if findings:
        raise PhiFlagged(findings, confirmable=not deidentified_only)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def member_name_forms(names: Iterable[str]) -> list[str]:
    """How members are called in text: each display name whole, its first and its last
    name (what follows a comma, such as credentials, left out), longest first."""
    forms = set()
    for name in names:
        words = _WORD.findall((name or "").split(",")[0])
        if not words:
            continue
        forms.add(" ".join(words))
        forms.update(word for word in (words[0], words[-1]) if len(word) > 1)
    return sorted(forms, key=lambda form: (-len(form), form))


def _without_members(text: str, findings: list[Finding], names: Iterable[str]) -> list[Finding]:
    """The findings, with names read again once the members' names are blanked out: a
    name finding stands only where it also stands without them ("Hi Halima" is a greeting
    to a member; "Halima Jones" may still be a client's name)."""
    forms = member_name_forms(names)
    if not forms:
        return findings
    pattern = re.compile(r"(?<![\w'’-])(?:" + "|".join(
        r"\s+".join(map(re.escape, form.split())) for form in forms) + r")(?![\w'’-])",
        re.IGNORECASE)
    spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not spans:
        return findings
    blanked, at = [], 0
    for start, end in spans:
        blanked += [text[at:start], "x" * (end - start)]
        at = end
    blanked.append(text[at:])
    others = [f for f in findings if f.category != "name"]
    names_left = [f for f in find_phi("".join(blanked)) if f.category == "name"
                  and not any(f.start < o.end and o.start < f.end for o in others)]
    return sorted(others + names_left, key=lambda f: f.start)


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
