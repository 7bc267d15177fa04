"""The CE subjects boards set minimums for, in one registry: the code stored on entries,
requirements and earned credits (events send these codes), and the plain title shown.

A code list rather than a table: sources and templates refer to the codes, which must not
change under them; a new subject is a new line here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Subject:
    code: str
    title: str  # "Suicide prevention": headings, checkboxes, the transcript
    phrase: str  # "suicide prevention": inside a progress sentence
    # Hours in this subject count toward a requirement only where the requirement names
    # the subject (a minimum, even of 0): peer consultation counts for some boards only.
    only_where_named: bool = False


SUBJECTS: dict[str, Subject] = {subject.code: subject for subject in (
    Subject("ethics", "Ethics", "ethics"),
    Subject("suicide-prevention", "Suicide prevention", "suicide prevention"),
    Subject("cultural-competence", "Cultural competence", "cultural competence"),
    Subject("supervision", "Clinical supervision", "supervision"),
    Subject("clinical-practice", "Clinical practice", "clinical practice"),
    Subject("pain-opioids", "Pain management and opioids", "pain management and opioids"),
    Subject("laws-rules", "Laws and rules of practice", "laws and rules"),
    Subject("domestic-violence", "Domestic violence", "domestic violence"),
    Subject("child-abuse", "Child abuse reporting", "child abuse reporting"),
    Subject("substance-use", "Substance use disorders", "substance use"),
    Subject("peer-consultation", "Peer consultation", "peer consultation",
            only_where_named=True),
)}
# The subjects whose hours count only toward requirements that name them.
ONLY_WHERE_NAMED = frozenset(s.code for s in SUBJECTS.values() if s.only_where_named)


def subject_title(code: str) -> str:
    subject = SUBJECTS.get(code)
    return subject.title if subject else code


def subject_choices() -> list[dict]:
    """The subjects as checkbox choices for the shared `checkbox_group` form macro."""
    return [{"slug": s.code, "label": s.title, "active": True} for s in SUBJECTS.values()]


def subject_titles(codes) -> list[str]:
    return [subject_title(code) for code in codes or ()]
