"""How far a member is toward one renewal requirement, and the sentence that says so.

Pure: it reads only the requirement and the log's lines, so it is tested on its own.

- Only lines completed within the cycle (start and end dates included) count.
- Self-study hours count up to the requirement's cap; hours above it do not count toward
  the total (they still count toward a subject minimum, as most boards count topic hours).
- Live hours count in full, toward the total and toward the live minimum.
- Hours in a subject that counts only where named (peer consultation) count only toward a
  requirement that names that subject.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from peerlink.ce_log.subjects import ONLY_WHERE_NAMED, SUBJECTS
from peerlink.local_time import format_date

ZERO = Decimal(0)


@dataclass(frozen=True)
class SubjectProgress:
    code: str
    title: str
    phrase: str
    required: Decimal
    earned: Decimal

    @property
    def counted(self) -> Decimal:
        return min(self.earned, self.required)

    @property
    def met(self) -> bool:
        return self.earned >= self.required


@dataclass(frozen=True)
class Progress:
    cycle_end: date
    required: Decimal
    counted: Decimal  # toward the total, after the self-study cap
    live: Decimal
    self_study: Decimal  # all self-study hours in the cycle
    self_study_counted: Decimal
    live_minimum: Decimal | None
    self_study_cap: Decimal | None
    subjects: tuple[SubjectProgress, ...]

    @property
    def self_study_over_cap(self) -> Decimal:
        return self.self_study - self.self_study_counted

    @property
    def hours_needed(self) -> Decimal:
        return max(ZERO, self.required - self.counted)

    @property
    def live_needed(self) -> Decimal:
        return max(ZERO, (self.live_minimum or ZERO) - self.live)

    @property
    def met(self) -> bool:
        return (not self.hours_needed and not self.live_needed
                and all(subject.met for subject in self.subjects))

    @property
    def sentence(self) -> str:
        """"12 of 40 hours; ethics 3 of 6; 4 live hours still needed by 31 Aug 2027"."""
        parts = [f"{hours(min(self.counted, self.required))} of {hours(self.required)} hours"]
        parts += [f"{subject.phrase} {hours(subject.counted)} of {hours(subject.required)}"
                  for subject in self.subjects]
        by = format_date(self.cycle_end)
        if self.met:
            parts.append(f"all met for the cycle ending {by}")
        elif self.live_needed:
            parts.append(f"{hours(self.live_needed)} live {plural(self.live_needed)} still "
                         f"needed by {by}")
        else:
            parts.append(f"due by {by}")
        return "; ".join(parts)

    @property
    def cap_note(self) -> str:
        """Why some hours do not count, or "" when all do."""
        if not self.self_study_over_cap:
            return ""
        return (f"{hours(self.self_study_over_cap)} self-study "
                f"{plural(self.self_study_over_cap)} above the {hours(self.self_study_cap)}-hour "
                "cap do not count toward the total.")


def hours(value: Decimal | None) -> str:
    """4 -> "4", 1.50 -> "1.5", 0.25 -> "0.25"."""
    if value is None:
        return ""
    text = f"{Decimal(value).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plural(value: Decimal) -> str:
    return "hour" if value == 1 else "hours"


def progress(requirement, lines) -> Progress:
    """`requirement`: anything with cycle_start, cycle_end, total_hours, self_study_cap,
    live_minimum and subject_hours; `lines`: anything with completed_on, hours, live and
    subjects (manual entries and earned credits alike)."""
    named = set(requirement.subject_hours)
    in_cycle = [line for line in lines
                if requirement.cycle_start <= line.completed_on <= requirement.cycle_end
                and ONLY_WHERE_NAMED.intersection(line.subjects or ()) <= named]
    live = sum((line.hours for line in in_cycle if line.live), ZERO)
    self_study = sum((line.hours for line in in_cycle if not line.live), ZERO)
    cap = requirement.self_study_cap
    self_study_counted = self_study if cap is None else min(self_study, cap)
    subjects = []
    for code, required in sorted(requirement.subject_hours.items(),
                                 key=lambda item: list(SUBJECTS).index(item[0])
                                 if item[0] in SUBJECTS else len(SUBJECTS)):
        subject = SUBJECTS.get(code)
        subjects.append(SubjectProgress(
            code=code, title=subject.title if subject else code,
            phrase=subject.phrase if subject else code, required=required,
            earned=sum((line.hours for line in in_cycle if code in line.subjects), ZERO)))
    return Progress(cycle_end=requirement.cycle_end, required=requirement.total_hours,
                    counted=live + self_study_counted, live=live, self_study=self_study,
                    self_study_counted=self_study_counted,
                    live_minimum=requirement.live_minimum, self_study_cap=cap,
                    subjects=tuple(subjects))
