"""People to meet: members the viewer is not yet linked with, ranked by what they share.

Ranked in SQL (a few grouped sub-queries, whatever the number of members), then the top
few get their reason in plain words from one more query. Only members whose full profile
the viewer may see are suggested (privacy.full_profile_visible_to), once they have
confirmed their e-mail address (privacy.listed), and only with a real reason: an event, a
specialty, a method or a population in common. Anyone already linked with the viewer by a
connection, a request (pending or declined, either way) or a block, and anyone the viewer
dismissed, is left out.
"""

from dataclasses import dataclass, field

from sqlalchemy import case, exists, func, literal, select, union_all
from sqlalchemy.exc import IntegrityError

from peerlink.accounts.models import User
from peerlink.connections.models import DismissedSuggestion
from peerlink.connections.services import between, member, not_yourself
from peerlink.db_types import utcnow
from peerlink.extensions import db
from peerlink.profiles.attendance import attendance
from peerlink.profiles.cards import CARD_WIDTH, MemberCard, card_columns, card_from_row
from peerlink.profiles.models import Profile
from peerlink.profiles.privacy import blocked_either_way, full_profile_visible_to, listed
from peerlink.taxonomy.models import KINDS, Discipline

LIMIT = 20

PRESCRIBERS = ("psychiatrist", "psychiatric-np")
THERAPISTS = ("psychologist", "lcsw", "lpc", "lmft")

# Whose discipline complements whose, by discipline slug. Clients in therapy often need a
# medication opinion, and a prescriber needs therapists to refer to and co-treat with: the
# most useful new contact for a counselor is the prescriber from the same track, not a
# fourth counselor. School psychologists, peer specialists and trainees mostly work
# alongside therapists already, so a prescriber is what they lack too. Slugs that are not
# listed (e.g. "other", or a term an admin added) have no complement.
COMPLEMENTS: dict[str, tuple[str, ...]] = {
    **{slug: PRESCRIBERS for slug in THERAPISTS},
    "school-psychologist": PRESCRIBERS,
    "peer-specialist": PRESCRIBERS,
    "trainee": PRESCRIBERS,
    "psychiatrist": THERAPISTS,
    "psychiatric-np": THERAPISTS,
}

# How the reason describes a complementary member's work: (after she/he, after they).
ROLE_PHRASES: dict[str, tuple[str, str]] = {
    **{slug: ("prescribes", "prescribe") for slug in PRESCRIBERS},
    **{slug: ("provides therapy", "provide therapy") for slug in THERAPISTS},
}

# Points per shared thing. Having attended an event together puts a member above everyone
# who did not (PeerLink is for finding peers after an event; the page groups by event);
# among those, a complementary discipline is worth a bit more than one shared specialty.
WEIGHTS = {"event": 100, "complement": 4, "specialty": 3, "modality": 2, "population": 1}

# filter name -> (link table, term model); the order is the order of the reason's clauses.
_SHARED_KINDS = {KINDS[name].filter: (KINDS[name].link, KINDS[name].model)
                 for name in ("specialties", "populations", "modalities")}
# Shared terms named in a reason, per clause, before "and N more" takes over.
REASON_TERMS = 3


@dataclass(frozen=True)
class Recommendation:
    member: MemberCard
    score: int
    reason: str
    complementary: bool
    open_to_consultation: bool = False
    shared_events: list[str] = field(default_factory=list)
    # (session or track title, event title) both were in
    shared_sessions: list[tuple[str, str]] = field(default_factory=list)
    shared_specialties: list[str] = field(default_factory=list)
    shared_modalities: list[str] = field(default_factory=list)
    shared_populations: list[str] = field(default_factory=list)


def suggest(viewer, limit: int = LIMIT) -> list[Recommendation]:
    """The viewer's suggestions, best first; ties by name then id. A constant few queries."""
    me = viewer.id
    mine = _my_term_ids(me)
    my_discipline = db.session.scalar(
        select(Discipline.slug).join(Profile, Profile.discipline_id == Discipline.id)
        .where(Profile.user_id == me))
    complements = COMPLEMENTS.get(my_discipline, ())

    overlaps = {kind: _overlap(table, mine[kind], kind)
                for kind, (table, _) in _SHARED_KINDS.items()}
    complementary = Discipline.slug.in_(complements) if complements else literal(False)
    # What the two have in common: an event, specialties, methods, populations. A
    # complementary discipline ranks among those, but is no reason on its own.
    in_common = (sum(func.coalesce(sub.c.n, 0) * WEIGHTS[kind]
                     for kind, sub in overlaps.items())
                 + case((attendance().co_attendee_clause(me, Profile.user_id),
                         WEIGHTS["event"]), else_=0))
    score = in_common + case((complementary, WEIGHTS["complement"]), else_=0)
    # Pronouns for the reason ("she prescribes"): everyone suggested shows the viewer their
    # full profile, whatever the public card carries.
    query = (select(*card_columns(), Discipline.slug, score.label("score"), Profile.pronouns,
                    Profile.open_to_consultation)
             .select_from(Profile).join(User, User.id == Profile.user_id)
             .outerjoin(Discipline, Discipline.id == Profile.discipline_id))
    for sub in overlaps.values():
        query = query.outerjoin(sub, sub.c.profile_id == Profile.user_id)
    query = (query.where(Profile.user_id != me, full_profile_visible_to(viewer),
                         listed(Profile.user_id),
                         # Admins see every profile; a block still keeps people apart.
                         ~blocked_either_way(me, Profile.user_id),
                         ~exists().where(between(me, Profile.user_id)),
                         ~exists().where(DismissedSuggestion.member_id == me,
                                         DismissedSuggestion.dismissed_id == Profile.user_id),
                         in_common > 0)
             .order_by(score.desc(), Profile.display_name, Profile.user_id).limit(limit))
    rows = db.session.execute(query).all()
    if not rows:
        return []

    ids = [row[0] for row in rows]
    shared = _shared_labels(ids, mine)
    events = attendance().shared_events(me, ids)
    sessions = attendance().shared_sessions(me, ids)
    results = []
    for row in rows:
        person = card_from_row(row[:CARD_WIDTH])
        slug, points, pronouns, open_to_consultation = row[CARD_WIDTH:]
        labels = {kind: shared.get((kind, person.id), []) for kind in _SHARED_KINDS}
        is_complement = slug in complements
        results.append(Recommendation(
            member=person, score=points, complementary=is_complement,
            open_to_consultation=open_to_consultation,
            shared_events=list(events.get(person.id, [])),
            shared_sessions=list(sessions.get(person.id, [])),
            shared_specialties=labels["specialty"], shared_modalities=labels["modality"],
            shared_populations=labels["population"],
            reason=reason(pronouns, events.get(person.id, []), labels,
                          slug if is_complement else None, sessions.get(person.id, []))))
    return results


def dismiss(viewer, user_id: int) -> MemberCard:
    """Never suggest this member to the viewer again; dismissing twice is harmless."""
    not_yourself(viewer, user_id, "dismiss")
    card = member(viewer, user_id)
    if db.session.get(DismissedSuggestion, (viewer.id, user_id)) is None:
        db.session.add(DismissedSuggestion(member_id=viewer.id, dismissed_id=user_id,
                                           created_at=utcnow()))
        try:
            db.session.commit()
        except IntegrityError:  # dismissed twice at once: the other commit did it
            db.session.rollback()
    return card


def group_by_event(recommendations: list[Recommendation]) -> list[tuple[str | None, list]]:
    """[(event title, people), ...] in rank order, then (None, the rest). Each person once."""
    groups: dict[str | None, list[Recommendation]] = {}
    for rec in recommendations:
        groups.setdefault(rec.shared_events[0] if rec.shared_events else None, []).append(rec)
    rest = groups.pop(None, [])
    return list(groups.items()) + ([(None, rest)] if rest else [])


# --- reasons in plain words ---------------------------------------------------------------------


def subject_pronoun(pronouns: str) -> str:
    first = pronouns.split("/")[0].strip().lower()
    return first if first in ("she", "he") else "they"


def _lower_label(label: str) -> str:
    """"Trauma & PTSD" -> "trauma & PTSD"; "CBT" and "LGBTQ+ people" keep their capitals."""
    word = label.split(" ")[0]
    return label if word[1:2].isupper() else label[:1].lower() + label[1:]


def join_words(words: list[str]) -> str:
    if len(words) > REASON_TERMS:
        words = [*words[:REASON_TERMS], f"{len(words) - REASON_TERMS} more"]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def reason(pronouns: str, events: list[str], labels: dict[str, list[str]],
           complement_slug: str | None, sessions: list[tuple[str, str]] = ()) -> str:
    """E.g. "You both work with trauma & PTSD and adolescents; she prescribes." or "You were
    both in the EMDR track at Trauma Summit 2026; he prescribes." """
    clauses = []
    if sessions:
        tracks = [f"the {session} track at {event}" for session, event in sessions]
        clauses.append(f"you were both in {join_words(tracks)}")
    in_tracks = {event for _, event in sessions}
    events = [event for event in events if event not in in_tracks]
    shared = []
    if events:
        shared.append(f"attended {join_words(events)}")
    work = [_lower_label(label) for label in labels["specialty"] + labels["population"]]
    if work:
        shared.append(f"work with {join_words(work)}")
    methods = [_lower_label(label) for label in labels["modality"]]
    if methods:
        shared.append(f"use {join_words(methods)}")
    if shared:
        clauses.append(f"you both {join_words(shared)}")
    if complement_slug in ROLE_PHRASES:
        pronoun = subject_pronoun(pronouns)
        singular, plural = ROLE_PHRASES[complement_slug]
        clauses.append(f"{pronoun} {plural if pronoun == 'they' else singular}")
    text = "; ".join(clauses)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


# --- queries --------------------------------------------------------------------------------------


def _my_term_ids(user_id: int) -> dict[str, set[int]]:
    parts = [select(literal(kind).label("kind"), table.c.term_id)
             .where(table.c.profile_id == user_id)
             for kind, (table, _) in _SHARED_KINDS.items()]
    mine: dict[str, set[int]] = {kind: set() for kind in _SHARED_KINDS}
    for kind, term_id in db.session.execute(union_all(*parts)):
        mine[kind].add(term_id)
    return mine


def _overlap(table, term_ids: set[int], name: str):
    """profile_id -> how many of the viewer's terms of one kind the profile has."""
    return (select(table.c.profile_id, func.count().label("n"))
            .where(table.c.term_id.in_(sorted(term_ids)))
            .group_by(table.c.profile_id).subquery(f"shared_{name}"))


def _shared_labels(ids: list[int], mine: dict[str, set[int]]) -> dict:
    """(kind, profile id) -> labels of the terms shared with the viewer, in taxonomy order."""
    parts = [select(literal(kind).label("kind"), table.c.profile_id, model.label,
                    model.position)
             .join(model, model.id == table.c.term_id)
             .where(table.c.profile_id.in_(ids), table.c.term_id.in_(sorted(mine[kind])))
             for kind, (table, model) in _SHARED_KINDS.items() if mine[kind]]
    if not parts:
        return {}
    shared: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for kind, profile_id, label, position in db.session.execute(union_all(*parts)):
        shared.setdefault((kind, profile_id), []).append((position, label))
    return {key: [label for _, label in sorted(values)] for key, values in shared.items()}
