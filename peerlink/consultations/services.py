"""Consultation requests and their life: who may read one, who may move it, and the moves.

    requested --accept a slot--> scheduled --complete--> completed
        |   \\--propose new times--> times_proposed --accept--> scheduled
        |--decline--> declined           (either side: cancel; nobody answers: expired)

A request goes to one peer (connected with the requester, or open to consultation), or is
open: to a group's members, or to everyone open to consultation who holds the specialty or
modality wanted; one volunteer claims an open request by accepting a slot, and only one can
(a conditional UPDATE on the state and the empty peer). Every move is checked by one
`require_*` per rule, goes through `_move` (compare-and-set on the state, a transition row,
an audit event, notifications) and is committed once.

Nobody but the two participants reads a consultation; while an open request waits, the
members it was sent to read it too (they must, to volunteer). Anyone else gets Not Found,
admins included: they see only `admin_metadata`. Case text never goes into the audit trail,
a log line, a notification or an e-mail (a notification names the topic, which the
PHI guard read).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from flask import current_app
from sqlalchemy import exists, func, or_, select, update

from peerlink.accounts.services import require_confirmed
from peerlink.audit.services import record
from peerlink.chat import services as chat
from peerlink.connections.services import may_contact
from peerlink.consultations.models import (
    CANCELLED,
    COMPLETED,
    CONSULTATION_ROOM,
    DECLINED,
    EXPIRED,
    GROUP,
    MAX_SLOTS,
    MIN_SLOTS,
    OPEN,
    OPEN_STATES,
    PEER,
    REQUESTED,
    SCHEDULED,
    TIMES_PROPOSED,
    Consultation,
    Slot,
    Transition,
)
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import Limit, db
from peerlink.groups.models import Membership
from peerlink.links import path_to
from peerlink.notifications.services import notify
from peerlink.phi import guard as phi_guard
from peerlink.profiles import privacy
from peerlink.profiles.cards import display_name
from peerlink.profiles.models import Profile
from peerlink.taxonomy.models import KINDS

NO_SUCH = "No such consultation."
NOT_NOW = "This consultation is {state} now; that cannot be done."
REQUESTS = Limit("20 per day", "consultation requests")
# Open requests reach at most this many volunteers by notification (all may still claim).
MAX_NOTIFIED = 50


def _user_id(user_or_id) -> int:
    return user_or_id if isinstance(user_or_id, int) else user_or_id.id


def _now() -> datetime:
    return utcnow()


def expiry_after() -> timedelta:
    return timedelta(hours=current_app.config["CONSULTATION_EXPIRY_HOURS"])


# --- who may read -------------------------------------------------------------------------


def is_participant(user, consultation: Consultation | None) -> bool:
    return consultation is not None and _user_id(user) in consultation.participants()


def _volunteers(consultation: Consultation):
    requester = consultation.requester_id
    if consultation.audience == GROUP:
        column = Membership.user_id
        query = select(column).where(Membership.group_id == consultation.group_id,
                                     Membership.status == "active")
    else:
        column = Profile.user_id
        query = select(column).where(Profile.open_to_consultation.is_(True))
        for kind, term_id in (("specialties", consultation.specialty_id),
                              ("modalities", consultation.modality_id)):
            if term_id is not None:
                link = KINDS[kind].link
                query = query.where(exists().where(link.c.profile_id == column,
                                                   link.c.term_id == term_id))
    return query.where(column != requester, privacy.listed(column),
                       ~privacy.suspended(column),
                       ~privacy.blocked_either_way(requester, column)), column


def volunteers(consultation: Consultation):
    """SQL: ids of the members an open request was sent to (who may claim it)."""
    return _volunteers(consultation)[0]


def may_ask(asker_id: int, peer_id: int, *, connected: bool, open_to_consultation: bool) -> bool:
    """May one member ask another for a consultation: a connection, or a member open to
    consultation; never oneself. (Who may be reached at all is `may_contact`'s rule.)"""
    return asker_id != peer_id and (connected or open_to_consultation)


def may_volunteer(user, consultation: Consultation | None) -> bool:
    """An open request still waiting, and the member is one it was sent to."""
    if (consultation is None or consultation.audience == PEER
            or consultation.state != REQUESTED or consultation.peer_id is not None):
        return False
    query, column = _volunteers(consultation)
    return bool(db.session.scalar(select(query.where(column == _user_id(user)).exists())))


def can_read(user, consultation: Consultation | None) -> bool:
    return is_participant(user, consultation) or may_volunteer(user, consultation)


def require_readable(user, consultation_id: int) -> Consultation:
    """The consultation, if the member may read it; otherwise Not Found, as for none."""
    consultation = db.session.get(Consultation, consultation_id)
    if not can_read(user, consultation):
        raise NotFound(NO_SUCH)
    return consultation


def require_participant(user, consultation_id: int) -> Consultation:
    """Notes, the calendar file and the room: the two participants only (else Not Found)."""
    consultation = db.session.get(Consultation, consultation_id)
    if not is_participant(user, consultation):
        raise NotFound(NO_SUCH)
    return consultation


# --- who may do what ------------------------------------------------------------------------


def _latest_round(consultation: Consultation) -> int:
    return max((slot.round for slot in consultation.slots), default=1)


def current_slots(consultation: Consultation) -> list[Slot]:
    """The slots of the latest proposal: the ones that can be accepted."""
    latest = _latest_round(consultation)
    return [slot for slot in consultation.slots if slot.round == latest]


def _proposer(consultation: Consultation) -> int | None:
    slots = current_slots(consultation)
    return slots[0].proposed_by_id if slots else consultation.requester_id


def may_accept(user, consultation: Consultation) -> bool:
    """Requested: the peer asked, or a volunteer for an open request. New times proposed:
    the participant who did not propose them."""
    user_id = _user_id(user)
    if consultation.state == REQUESTED:
        if consultation.audience == PEER:
            return user_id == consultation.peer_id
        return may_volunteer(user_id, consultation)
    if consultation.state == TIMES_PROPOSED:
        return is_participant(user_id, consultation) and user_id != _proposer(consultation)
    return False


def may_decline(user, consultation: Consultation) -> bool:
    """The peer asked by name, before it is scheduled."""
    return (consultation.state in OPEN_STATES and consultation.starts_at is None
            and consultation.peer_id == _user_id(user)
            and (consultation.state == REQUESTED or _proposer(consultation) != _user_id(user)))


def may_propose_times(user, consultation: Consultation) -> bool:
    """The peer instead of accepting; whoever must answer new times, with others; either
    participant to move a scheduled consultation."""
    user_id = _user_id(user)
    if consultation.state == REQUESTED:
        return consultation.peer_id is not None and user_id == consultation.peer_id
    if consultation.state == TIMES_PROPOSED:
        return may_accept(user_id, consultation)
    return consultation.state == SCHEDULED and is_participant(user_id, consultation)


def may_cancel(user, consultation: Consultation) -> bool:
    """The requester while it waits; either participant once a time was agreed."""
    user_id = _user_id(user)
    if consultation.starts_at is not None and consultation.state in (SCHEDULED, TIMES_PROPOSED):
        return is_participant(user_id, consultation)
    return consultation.state in OPEN_STATES and user_id == consultation.requester_id


def may_complete(user, consultation: Consultation, now: datetime | None = None) -> bool:
    """Either participant, once the scheduled time has come."""
    return (consultation.state == SCHEDULED and is_participant(user, consultation)
            and consultation.starts_at is not None
            and (now or _now()) >= consultation.starts_at)


JOINED_BY = {"video": "video_url", "phone": "phone_number"}  # format -> its joining details


def may_set_joining_details(user, consultation: Consultation) -> bool:
    """Either participant of a scheduled video or phone consultation gives or changes how to
    join it: the video link, or the number to call."""
    return (consultation.state == SCHEDULED and consultation.format in JOINED_BY
            and is_participant(user, consultation))


def _require(allowed: bool, consultation: Consultation, message: str,
             states: tuple[str, ...]) -> None:
    """In a state where nobody may do it: 409; else, to a reader who may not: 403."""
    if not allowed:
        if consultation.state not in states:
            raise Conflict(NOT_NOW.format(state=consultation.state.replace("_", " ")))
        raise PermissionDenied(message)


def require_acceptor(user, consultation: Consultation) -> None:
    _require(may_accept(user, consultation), consultation,
             "Only the member asked can accept this time.", OPEN_STATES)


def require_decliner(user, consultation: Consultation) -> None:
    _require(may_decline(user, consultation), consultation,
             "Only the peer asked can decline this request.", OPEN_STATES)


def require_proposer(user, consultation: Consultation) -> None:
    _require(may_propose_times(user, consultation), consultation,
             "You cannot propose new times for this consultation now.",
             OPEN_STATES + (SCHEDULED,))


def require_canceller(user, consultation: Consultation) -> None:
    _require(may_cancel(user, consultation), consultation,
             "Only the requester can withdraw a request that is still waiting.",
             OPEN_STATES + (SCHEDULED,))


def require_joining_details_setter(user, consultation: Consultation) -> None:
    if is_participant(user, consultation) and consultation.state == SCHEDULED \
            and consultation.format not in JOINED_BY:
        raise Conflict("A chat consultation takes place in its PeerLink room: there is no "
                       "link or number to give.")
    _require(may_set_joining_details(user, consultation), consultation,
             "Only the participants can change how to join.", (SCHEDULED,))


def require_completer(user, consultation: Consultation) -> None:
    if consultation.state == SCHEDULED and is_participant(user, consultation):
        if not may_complete(user, consultation):
            raise Conflict("A consultation can be marked completed once its time has come.")
        return
    _require(False, consultation, "Only the participants can mark it completed.",
             (SCHEDULED,))


def actions(user, consultation: Consultation) -> dict[str, bool]:
    """What the member may do now: the detail page's buttons, the API's `actions`."""
    return {"accept": may_accept(user, consultation),
            "decline": may_decline(user, consultation),
            "propose_times": may_propose_times(user, consultation),
            "cancel": may_cancel(user, consultation),
            "complete": may_complete(user, consultation),
            "joining_details": may_set_joining_details(user, consultation)}


# --- time slots ----------------------------------------------------------------------------


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationFailed.on("time_zone", "Choose a time zone from the list.") from None


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in a zone, as UTC. A time the clocks skip (a spring-forward gap)
    is refused: it never happens there."""
    tz = zone(zone_name)
    naive = local.replace(tzinfo=None)
    moment = naive.replace(tzinfo=tz).astimezone(UTC)
    if moment.astimezone(tz).replace(tzinfo=None) != naive:
        raise ValidationFailed.on("slots", f"{naive:%d %b %Y, %H:%M} does not exist in "
                                           f"{zone_name}: the clocks change then.")
    return moment


def _new_slots(consultation: Consultation, actor_id: int, times: list[datetime],
               zone_name: str, minimum: int, round_: int) -> list[Slot]:
    now = _now()
    moments = sorted({to_utc(time, zone_name) for time in times})
    if len(moments) < minimum:
        raise ValidationFailed.on("slots", f"Propose at least {minimum} different times.")
    if len(moments) > MAX_SLOTS:
        raise ValidationFailed.on("slots", f"Propose at most {MAX_SLOTS} times.")
    if any(moment <= now for moment in moments):
        raise ValidationFailed.on("slots", "Propose times in the future.")
    return [Slot(round=round_, proposed_by_id=actor_id,
                 starts_at=moment, time_zone=zone_name) for moment in moments]


def _zone_of(user, given: str | None) -> str:
    """The zone times were given in: as sent, else the member's own, else UTC."""
    from peerlink.profiles.services import time_zone_of

    name = given or time_zone_of(user.id) or "UTC"
    zone(name)
    return name


def in_zone(moment: datetime, zone_name: str) -> datetime:
    """A stored UTC moment as the wall-clock time in a zone (UTC for an unusable one)."""
    try:
        tz = ZoneInfo(zone_name) if zone_name else UTC
    except (ZoneInfoNotFoundError, ValueError, OSError):
        tz = UTC
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(tz)


# --- the moves -------------------------------------------------------------------------------


def _link(consultation: Consultation) -> str:
    return path_to("consultations.show", consultation_id=consultation.id)


def _move(actor_id: int | None, consultation: Consultation, to_state: str,
          from_states: tuple[str, ...], **changes) -> str:
    """Compare-and-set the state (a concurrent move makes this one a 409), record the
    transition and audit it. Returns the state it came from."""
    from_state = consultation.state
    if from_state not in from_states:
        raise Conflict(NOT_NOW.format(state=from_state.replace("_", " ")))
    where = [Consultation.id == consultation.id, Consultation.state == from_state]
    if "peer_id" in changes:  # a claim: nobody else claimed it first
        where.append(Consultation.peer_id.is_(None))
    done = db.session.execute(update(Consultation).where(*where)
                              .values(state=to_state, **changes)
                              .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        raise Conflict("Someone else changed this consultation just now; reload it.")
    db.session.refresh(consultation)
    db.session.add(Transition(consultation_id=consultation.id, actor_id=actor_id,
                              from_state=from_state, to_state=to_state, at=_now()))
    record(f"consultation.{to_state}", actor_id=actor_id,
           subject=("consultation", consultation.id),
           details={"state_from": from_state, "state_to": to_state})
    return from_state


def _tell(user_id: int | None, kind: str, message: str, consultation: Consultation,
          actor_id: int | None, *, invitation: bool = False) -> None:
    """Notify the member; with `invitation`, the e-mail (if they get one at once) carries
    their own calendar file of the consultation as it now stands."""
    if user_id is None:
        return
    attachments = [_invitation(consultation, user_id)] if invitation else None
    notify(user_id, kind, message, _link(consultation), actor_id=actor_id,
           attachments=attachments)


def _named(consultation: Consultation) -> str:
    """The consultation's topic as a notification names it (de-identified: the PHI guard
    read it), in quotes, cut short if long."""
    topic = " ".join(consultation.topic.split())
    return f"“{topic if len(topic) <= 80 else topic[:79].rstrip() + '…'}”"


def _invitation(consultation: Consultation, user_id: int) -> tuple[str, bytes, str]:
    from peerlink.consultations import calendar  # calendar reads this module's times

    return (calendar.filename(consultation), calendar.invitation(consultation, user_id),
            "text/calendar")


@dataclass(frozen=True)
class Audience:
    audience: str
    peer_id: int | None = None
    group_id: int | None = None


def _check_audience(requester, data: dict) -> Audience:
    audience = data.get("audience", PEER)
    if audience == PEER:
        peer_id = data.get("peer_id")
        if peer_id is None:
            raise ValidationFailed.on("peer_id", "Choose the peer to consult.")
        if peer_id == requester.id:
            raise ValidationFailed.on("peer_id", "You cannot consult yourself.")
        privacy.require_not_hidden(requester, peer_id)
        if not may_contact(requester, peer_id):
            raise NotFound("No such member.", {"peer_id": ["No such member."]})
        profile = db.session.get(Profile, peer_id)
        if not may_ask(requester.id, peer_id,
                       connected=privacy.are_connected(requester.id, peer_id),
                       open_to_consultation=profile is not None
                       and profile.open_to_consultation):
            raise ValidationFailed.on(
                "peer_id", "Only your connections and members open to consultation can be "
                           "asked for a consultation.")
        return Audience(PEER, peer_id=peer_id)
    if audience == GROUP:
        group_id = data.get("group_id")
        member = group_id is not None and db.session.scalar(select(Membership.user_id).where(
            Membership.group_id == group_id, Membership.user_id == requester.id,
            Membership.status == "active"))
        if not member:
            raise ValidationFailed.on("group_id", "Choose one of your groups.")
        return Audience(GROUP, group_id=group_id)
    if not (data.get("specialty_id") or data.get("modality_id")):
        raise ValidationFailed.on("specialty", "Choose the specialty or modality wanted.")
    return Audience(OPEN)


def _term_id(kind: str, slug: str | None, field: str) -> int | None:
    if not slug:
        return None
    model = KINDS[kind].model
    term_id = db.session.scalar(select(model.id).where(model.slug == slug))
    if term_id is None:
        raise ValidationFailed.on(field, "Choose one from the list.")
    return term_id


def request_consultation(requester, data: dict) -> Consultation:
    """Ask for a consultation: checked for identifiers before anything is saved."""
    require_confirmed(requester)
    attest = "Confirm that the case is de-identified before sending."
    peer_id = data.get("peer_id") if data.get("audience") == PEER else None
    try:
        phi_guard.check({name: data.get(name) for name in ("topic", "summary", "question")},
                        deidentified_only=True, members=lambda: chat.member_names(
                            {requester.id} | ({peer_id} if isinstance(peer_id, int) else set())))
    except phi_guard.PhiFlagged as exc:  # one submission reports both
        if not data.get("deidentified"):
            exc.errors["deidentified"] = [attest]
        raise
    if not data.get("deidentified"):
        raise ValidationFailed.on("deidentified", attest)
    data = dict(data)
    data["time_zone"] = _zone_of(requester, data.get("time_zone"))
    data["specialty_id"] = _term_id("specialties", data.get("specialty"), "specialty")
    data["modality_id"] = _term_id("modalities", data.get("modality"), "modality")
    target = _check_audience(requester, data)
    now = _now()
    consultation = Consultation(
        requester_id=requester.id, peer_id=target.peer_id, audience=target.audience,
        group_id=target.group_id, specialty_id=data["specialty_id"],
        modality_id=data["modality_id"], topic=data["topic"], summary=data["summary"],
        question=data["question"], urgency=data["urgency"], format=data["format"],
        video_url=data.get("video_url") or "", duration_minutes=data["duration_minutes"],
        time_zone=data["time_zone"], retention_days=data["retention_days"], attested_at=now,
        state=REQUESTED, created_at=now, expires_at=now + expiry_after())
    consultation.slots = _new_slots(consultation, requester.id, data["slots"],
                                    data["time_zone"], MIN_SLOTS, 1)
    db.session.add(consultation)
    db.session.flush()
    db.session.add(Transition(consultation_id=consultation.id, actor_id=requester.id,
                              from_state=None, to_state=REQUESTED, at=now))
    record("consultation.requested", actor_id=requester.id,
           subject=("consultation", consultation.id), details={"state_to": REQUESTED})
    name = display_name(requester.id)
    if target.audience == PEER:
        _tell(target.peer_id, "consultation_request",
              f"{name} asked you for a case consultation: {_named(consultation)}.", consultation,
              requester.id)
    else:
        for user_id in db.session.scalars(volunteers(consultation).limit(MAX_NOTIFIED)):
            _tell(user_id, "consultation_request",
                  f"{name} is looking for a peer to consult on a case: {_named(consultation)}.",
                  consultation,
                  requester.id)
    db.session.commit()
    return consultation


def _open_room(consultation: Consultation) -> None:
    chat.open_room(CONSULTATION_ROOM, consultation.id)


def accept(actor, consultation_id: int, slot_id: int) -> Consultation:
    """Accept one of the latest proposed times: the consultation is scheduled (claimed, for
    an open request: by this volunteer only)."""
    consultation = require_readable(actor, consultation_id)
    require_acceptor(actor, consultation)
    require_confirmed(actor)
    slot = next((s for s in current_slots(consultation) if s.id == slot_id), None)
    if slot is None:
        raise ValidationFailed.on("slot_id", "Choose one of the times proposed.")
    if slot.starts_at <= _now():
        raise ValidationFailed.on("slot_id", "That time has passed; propose new times.")
    moved = consultation.starts_at is not None
    changes = {"starts_at": slot.starts_at, "reminded_at": None,
               "sequence": consultation.sequence + (1 if moved else 0)}
    if consultation.peer_id is None:
        changes["peer_id"] = actor.id
    _move(actor.id, consultation, SCHEDULED, (REQUESTED, TIMES_PROPOSED), **changes)
    _open_room(consultation)
    name = display_name(actor.id)
    message = (f"{name} moved your consultation {_named(consultation)} to a new time." if moved
               else f"{name} accepted a time: your consultation {_named(consultation)} is "
               "scheduled.")
    _tell(consultation.other(actor.id), "consultation_update", message, consultation, actor.id,
          invitation=True)
    db.session.commit()
    return consultation


def decline(actor, consultation_id: int, reason: str = "") -> Consultation:
    consultation = require_readable(actor, consultation_id)
    require_decliner(actor, consultation)
    phi_guard.check({"reason": reason}, deidentified_only=True,
                    members=lambda: chat.member_names(consultation.participants() | {actor.id}))
    _move(actor.id, consultation, DECLINED, OPEN_STATES, decline_reason=reason or "")
    _tell(consultation.requester_id, "consultation_update",
          f"{display_name(actor.id)} declined your consultation request "
          f"{_named(consultation)}.", consultation,
          actor.id)
    db.session.commit()
    return consultation


def propose_times(actor, consultation_id: int, times: list[datetime],
                  zone_name: str | None = None) -> Consultation:
    """New times instead of those proposed (or to move a scheduled consultation): the other
    participant accepts one of them."""
    consultation = require_readable(actor, consultation_id)
    require_proposer(actor, consultation)
    slots = _new_slots(consultation, actor.id, times, _zone_of(actor, zone_name), 1,
                       _latest_round(consultation) + 1)
    _move(actor.id, consultation, TIMES_PROPOSED, (REQUESTED, TIMES_PROPOSED, SCHEDULED),
          expires_at=_now() + expiry_after())
    consultation.slots.extend(slots)
    _tell(consultation.other(actor.id), "consultation_update",
          f"{display_name(actor.id)} proposed new times for your consultation "
          f"{_named(consultation)}.", consultation,
          actor.id)
    db.session.commit()
    db.session.refresh(consultation)
    return consultation


def cancel(actor, consultation_id: int) -> Consultation:
    consultation = require_readable(actor, consultation_id)
    require_canceller(actor, consultation)
    now = _now()
    changes = {"cancelled_at": now}
    if consultation.starts_at is not None:
        changes["sequence"] = consultation.sequence + 1  # the calendar entry is cancelled
    _move(actor.id, consultation, CANCELLED, (REQUESTED, TIMES_PROPOSED, SCHEDULED), **changes)
    _tell(consultation.other(actor.id), "consultation_update",
          f"{display_name(actor.id)} cancelled your consultation {_named(consultation)}.",
          consultation, actor.id,
          invitation=consultation.starts_at is not None)  # the calendar's cancellation
    db.session.commit()
    return consultation


VIDEO_URL_MAX = 500


def _video_url(url: str | None) -> str:
    """The members' own meeting link: an http(s) address (it is their link, not case text,
    so the PHI guard's web-address rule does not apply to it)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if not url or len(url) > VIDEO_URL_MAX or parts.scheme not in ("http", "https") \
            or not parts.hostname or any(c.isspace() for c in url):
        raise ValidationFailed.on("video_url", "Enter the meeting link, starting with https://.")
    return url


PHONE_REGION = "US"  # a number written without +country code is read as a US one


def _phone_number(number: str | None) -> str:
    """The number to call, checked with `phonenumbers` and kept in E.164 ("+19175550199").
    It is the member's own number for the call, not case text: the PHI guard does not read
    it."""
    number = (number or "").strip()
    try:
        parsed = phonenumbers.parse(number, None if number.startswith("+") else PHONE_REGION)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or len(number) > 40 or not phonenumbers.is_valid_number(parsed):
        raise ValidationFailed.on("phone_number", "Enter the number to call, such as "
                                  "917-555-0199 or +44 20 7946 0958.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_display(number: str) -> str:
    """An E.164 number as people read it ("+1 917-555-0199")."""
    if not number:
        return ""
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def set_joining_details(actor, consultation_id: int, *, video_url: str | None = None,
                        phone_number: str | None = None) -> Consultation:
    """Give or change how to join a scheduled consultation (either participant): the video
    link of a video one, the number to call of a phone one. The calendar entry changes with
    it (SEQUENCE bumped); the other participant is told and mailed their updated calendar
    file."""
    consultation = require_readable(actor, consultation_id)
    require_joining_details_setter(actor, consultation)
    if consultation.format == "video":
        field, value = "video_url", _video_url(video_url)
        told = "changed the video link of"
    else:
        field, value = "phone_number", _phone_number(phone_number)
        told = "gave the number to call for"
    if value == getattr(consultation, field):
        return consultation
    done = db.session.execute(
        update(Consultation).where(Consultation.id == consultation.id,
                                   Consultation.state == SCHEDULED,
                                   Consultation.sequence == consultation.sequence)
        .values({field: value, "sequence": consultation.sequence + 1})
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        db.session.rollback()
        raise Conflict("Someone else changed this consultation just now; reload it.")
    db.session.refresh(consultation)
    record("consultation.joining_details", actor_id=actor.id,
           subject=("consultation", consultation.id), details={})
    _tell(consultation.other(actor.id), "consultation_update",
          f"{display_name(actor.id)} {told} your consultation {_named(consultation)}.",
          consultation, actor.id, invitation=True)
    db.session.commit()
    return consultation


def complete(actor, consultation_id: int) -> Consultation:
    consultation = require_readable(actor, consultation_id)
    require_completer(actor, consultation)
    _move(actor.id, consultation, COMPLETED, (SCHEDULED,), completed_at=_now())
    _tell(consultation.other(actor.id), "consultation_update",
          f"{display_name(actor.id)} marked your consultation {_named(consultation)} "
          "completed; its room is now "
          "read-only.", consultation, actor.id)
    db.session.commit()
    return consultation


# --- jobs: expiry, reminders -----------------------------------------------------------------


def expire_unanswered(now: datetime | None = None) -> int:
    """Requests and proposals nobody answered in time expire; a proposal to move a scheduled
    consultation lapses instead, and the agreed time stands. Returns how many changed."""
    now = now or _now()
    due = db.session.scalars(select(Consultation).where(
        Consultation.state.in_(OPEN_STATES), Consultation.expires_at <= now)
        .order_by(Consultation.id)).all()
    changed = 0
    for consultation in due:
        try:
            if consultation.starts_at is not None:
                _move(None, consultation, SCHEDULED, (TIMES_PROPOSED,))
                message = (f"The new times for your consultation {_named(consultation)} were not "
                           "answered in time; the agreed time stands.")
            else:
                _move(None, consultation, EXPIRED, OPEN_STATES)
                message = (f"Your consultation request {_named(consultation)} expired: nobody "
                           "answered in time.")
        except Conflict:
            continue  # answered just now
        for user_id in consultation.participants():
            _tell(user_id, "consultation_update", message, consultation, None)
        db.session.commit()
        changed += 1
    return changed


def send_reminders(now: datetime | None = None) -> int:
    """Remind both participants once, CONSULTATION_REMINDER_MINUTES before the start; each
    reminder e-mail carries the member's calendar file, as the scheduling e-mail does."""
    now = now or _now()
    ahead = timedelta(minutes=current_app.config["CONSULTATION_REMINDER_MINUTES"])
    due = db.session.scalars(select(Consultation).where(
        Consultation.state == SCHEDULED, Consultation.reminded_at.is_(None),
        Consultation.starts_at > now, Consultation.starts_at <= now + ahead)
        .order_by(Consultation.id)).all()
    sent = 0
    for consultation in due:
        claimed = db.session.execute(
            update(Consultation).where(Consultation.id == consultation.id,
                                       Consultation.reminded_at.is_(None))
            .values(reminded_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            db.session.rollback()
            continue
        for user_id in sorted(consultation.participants()):
            other = consultation.other(user_id)
            _tell(user_id, "consultation_reminder",
                  f"Your consultation with {display_name(other)} on {_named(consultation)} "
                  "starts soon.",
                  consultation, other, invitation=True)
        db.session.commit()
        sent += 1
    return sent


# --- lists -------------------------------------------------------------------------------------


def mine(user) -> list[Consultation]:
    """The member's consultations, newest first."""
    return list(db.session.scalars(
        select(Consultation).where(or_(Consultation.requester_id == user.id,
                                       Consultation.peer_id == user.id))
        .order_by(Consultation.created_at.desc(), Consultation.id.desc())))


def open_for(user) -> list[Consultation]:
    """Open requests waiting for a volunteer that the member may claim."""
    waiting = db.session.scalars(
        select(Consultation).where(Consultation.audience != PEER,
                                   Consultation.state == REQUESTED,
                                   Consultation.peer_id.is_(None),
                                   Consultation.requester_id != user.id)
        .order_by(Consultation.created_at.desc()).limit(200)).all()
    return [c for c in waiting if may_volunteer(user, c)]


def my_groups(user) -> list:
    """The groups an open request may go to: those the member is an active member of."""
    from peerlink.groups.models import Group

    return list(db.session.scalars(
        select(Group).join(Membership, Membership.group_id == Group.id)
        .where(Membership.user_id == user.id, Membership.status == "active")
        .order_by(Group.name)))


def transitions(consultation: Consultation) -> list[Transition]:
    return list(db.session.scalars(select(Transition).where(
        Transition.consultation_id == consultation.id).order_by(Transition.at, Transition.id)))


def suggested_peers(viewer, specialty: str | None = None, modality: str | None = None,
                    limit: int = 10):
    """Who the directory's matching suggests for an open request: members open to
    consultation holding the specialty or modality."""
    from peerlink.directory.search import Filters, search_directory

    filters = Filters(specialty=(specialty,) if specialty else (),
                      modality=(modality,) if modality else (), consultation=True)
    return [entry for entry in search_directory(viewer, filters, per_page=limit).items
            if entry.user_id != viewer.id]


@dataclass(frozen=True)
class Metadata:
    """What an admin may see of a consultation for an abuse report: never its text."""

    id: int
    state: str
    audience: str
    requester_id: int
    peer_id: int | None
    created_at: datetime
    starts_at: datetime | None


def admin_metadata(actor, user_id: int | None = None) -> list[Metadata]:
    from peerlink.accounts.services import has_role

    if not has_role(actor, "admin"):
        raise PermissionDenied("Only admins can see consultation records.")
    query = select(Consultation.id, Consultation.state, Consultation.audience,
                   Consultation.requester_id, Consultation.peer_id, Consultation.created_at,
                   Consultation.starts_at).order_by(Consultation.id.desc()).limit(500)
    if user_id is not None:
        query = query.where(or_(Consultation.requester_id == user_id,
                                Consultation.peer_id == user_id))
    return [Metadata(*row) for row in db.session.execute(query)]


def count_by_state(user) -> dict[str, int]:
    return dict(db.session.execute(
        select(Consultation.state, func.count()).where(
            or_(Consultation.requester_id == user.id, Consultation.peer_id == user.id))
        .group_by(Consultation.state)).all())


def member_names(user_ids) -> dict[int, str]:
    return {user_id: display_name(user_id) for user_id in user_ids if user_id}



# --- retention -------------------------------------------------------------------------------


def purge_expired(now: datetime | None = None) -> int:
    """Delete the room messages of each consultation whose retention has passed: its
    completion (or cancellation) plus the days the requester chose. Returns how many rooms
    were emptied; the rest are untouched."""
    from peerlink.consultations.rooms import purge_messages, room_of

    now = now or _now()
    ended = db.session.scalars(select(Consultation).where(
        Consultation.state.in_((COMPLETED, CANCELLED)), Consultation.purged_at.is_(None))
        .order_by(Consultation.id)).all()
    purged = 0
    for consultation in ended:
        end = consultation.completed_at or consultation.cancelled_at
        if end is None or end + timedelta(days=consultation.retention_days) > now:
            continue
        room = room_of(consultation.id)
        if room is not None:
            purge_messages(room.id)
        consultation.purged_at = now
        purged += 1
    db.session.commit()
    return purged


# --- what a reader sees ----------------------------------------------------------------------


@dataclass(frozen=True)
class SlotView:
    id: int
    starts_at: datetime  # UTC
    local: datetime  # in the viewer's own zone
    round: int
    proposed_by_id: int | None
    current: bool


@dataclass(frozen=True)
class ConsultationView:
    """A consultation as one reader sees it: times also in their own zone, what they may
    do, the room once there is one."""

    consultation: Consultation
    viewer_zone: str
    requester_name: str
    peer_name: str | None
    slots: list[SlotView]
    actions: dict
    room_id: int | None
    starts_local: datetime | None
    phone_number: str = ""  # the number to call (E.164): shown to the participants only

    @property
    def phone_display(self) -> str:
        return phone_display(self.phone_number)

    def __getattr__(self, name):
        return getattr(self.consultation, name)


def view(viewer, consultation: Consultation) -> ConsultationView:
    from peerlink.consultations.rooms import room_of
    from peerlink.profiles.services import time_zone_of

    zone_name = time_zone_of(viewer.id) or "UTC"
    latest = _latest_round(consultation)
    room = room_of(consultation.id) if is_participant(viewer, consultation) else None
    return ConsultationView(
        consultation=consultation, viewer_zone=zone_name,
        requester_name=display_name(consultation.requester_id),
        peer_name=display_name(consultation.peer_id) if consultation.peer_id else None,
        slots=[SlotView(slot.id, slot.starts_at, in_zone(slot.starts_at, zone_name),
                        slot.round, slot.proposed_by_id, slot.round == latest)
               for slot in consultation.slots],
        actions=actions(viewer, consultation), room_id=room.id if room else None,
        starts_local=in_zone(consultation.starts_at, zone_name)
        if consultation.starts_at else None,
        phone_number=consultation.phone_number if is_participant(viewer, consultation)
        else "")


def get_view(viewer, consultation_id: int) -> ConsultationView:
    return view(viewer, require_readable(viewer, consultation_id))
