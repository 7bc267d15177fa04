"""Every move by the right person succeeds (recorded, audited, notified); by anyone else it
is refused: 404 for an outsider, 403 for the other participant, 409 in the wrong state."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from peerlink.audit.models import AuditEvent
from peerlink.chat import services as chat
from peerlink.consultations import services
from peerlink.consultations.models import Consultation, Transition
from peerlink.errors import Conflict, NotFound, PermissionDenied
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from tests.factories import CASE_SUMMARY, add_member, clinician, make_consultation, make_group


def _later(days: int) -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0) + timedelta(days=days)


def _notified(user, kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)))


def test_request_is_recorded_audited_and_notified_without_case_text(pair):
    c = make_consultation(pair["requester"], pair["peer"])
    assert c.state == "requested" and c.peer_id == pair["peer"].id
    assert [(t.from_state, t.to_state) for t in services.transitions(c)] == [(None, "requested")]
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.subject_type == "consultation")).all()
    assert [e.action for e in events] == ["consultation.requested"]
    assert "panic" not in str(events[0].details).lower()
    note, = _notified(pair["peer"], "consultation_request")
    assert "Rita Requester" in note.message and "twelve sessions" not in note.message.lower()
    assert note.message.endswith("a case consultation: “Panic disorder after relapse”.")


def test_notifications_name_the_consultations_topic(pair):
    c = make_consultation(pair["requester"], pair["peer"], topic="School refusal at 14")
    services.decline(pair["peer"], c.id, "")
    note, = _notified(pair["requester"], "consultation_update")
    assert note.message == ("Pete Peer declined your consultation request "
                            "“School refusal at 14”.")
    c = make_consultation(pair["requester"], pair["peer"], topic="Grief " * 30)
    services.accept(pair["peer"], c.id, c.slots[0].id)
    note = _notified(pair["requester"], "consultation_update")[-1]
    assert "your consultation “Grief Grief" in note.message and "…”" in note.message
    assert len(note.message) < 200


def test_peer_accepts_a_slot_and_the_room_opens(pair):
    c = make_consultation(pair["requester"], pair["peer"])
    slot = c.slots[1]
    with pytest.raises(PermissionDenied):
        services.accept(pair["requester"], c.id, slot.id)
    with pytest.raises(NotFound):
        services.accept(pair["outsider"], c.id, slot.id)
    services.accept(pair["peer"], c.id, slot.id)
    assert c.state == "scheduled" and c.starts_at == slot.starts_at
    room = chat.owned_room("consultation", c.id)
    assert room is not None
    assert chat.readers(room) == {pair["requester"].id, pair["peer"].id}
    assert chat.can_post_room(pair["peer"], room)
    assert not chat.can_read_room(pair["outsider"], room)
    assert not chat.can_read_room(pair["admin"], room)
    assert _notified(pair["requester"], "consultation_update")
    with pytest.raises(Conflict):
        services.accept(pair["peer"], c.id, slot.id)


def test_decline_only_by_the_peer(pair):
    c = make_consultation(pair["requester"], pair["peer"])
    with pytest.raises(PermissionDenied):
        services.decline(pair["requester"], c.id, "")
    with pytest.raises(NotFound):
        services.decline(pair["outsider"], c.id, "")
    services.decline(pair["peer"], c.id, "Out of my depth on panic disorder, sorry.")
    assert c.state == "declined" and c.decline_reason.startswith("Out of my depth")
    with pytest.raises(Conflict):
        services.cancel(pair["requester"], c.id)


def test_new_times_then_the_requester_accepts_one(pair):
    c = make_consultation(pair["requester"], pair["peer"])
    with pytest.raises(PermissionDenied):
        services.propose_times(pair["requester"], c.id, [_later(6)], "UTC")
    services.propose_times(pair["peer"], c.id, [_later(6), _later(7)], "Europe/London")
    assert c.state == "times_proposed"
    new = services.current_slots(c)
    assert len(new) == 2 and all(s.proposed_by_id == pair["peer"].id for s in new)
    with pytest.raises(PermissionDenied):  # the proposer does not accept their own times
        services.accept(pair["peer"], c.id, new[0].id)
    from peerlink.errors import ValidationFailed
    with pytest.raises(ValidationFailed):  # an old slot is not on offer any more
        services.accept(pair["requester"], c.id, c.slots[0].id if c.slots[0] not in new
                        else c.slots[-1].id)
    services.accept(pair["requester"], c.id, new[0].id)
    assert c.state == "scheduled" and c.sequence == 0


def test_moving_a_scheduled_consultation_bumps_the_sequence(pair):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    services.propose_times(pair["requester"], c.id, [_later(9)], "America/New_York")
    assert c.state == "times_proposed" and c.starts_at is not None
    room = chat.owned_room("consultation", c.id)
    assert chat.can_post_room(pair["peer"], room)  # the agreed time stands meanwhile
    services.accept(pair["peer"], c.id, services.current_slots(c)[0].id)
    assert c.state == "scheduled" and c.sequence == 1


def test_cancel_rules(pair):
    waiting = make_consultation(pair["requester"], pair["peer"])
    with pytest.raises(PermissionDenied):
        services.cancel(pair["peer"], waiting.id)  # the peer declines instead
    services.cancel(pair["requester"], waiting.id)
    assert waiting.state == "cancelled" and waiting.sequence == 0
    scheduled = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    with pytest.raises(NotFound):
        services.cancel(pair["outsider"], scheduled.id)
    services.cancel(pair["peer"], scheduled.id)
    assert scheduled.state == "cancelled" and scheduled.sequence == 1
    room = chat.owned_room("consultation", scheduled.id)
    assert chat.can_read_room(pair["requester"], room)
    assert not chat.can_post_room(pair["requester"], room)


def test_complete_only_after_the_start_by_a_participant(pair):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    with pytest.raises(Conflict):
        services.complete(pair["peer"], c.id)  # not yet
    c.starts_at = datetime.now(UTC) - timedelta(minutes=5)
    db.session.commit()
    with pytest.raises(NotFound):
        services.complete(pair["outsider"], c.id)
    services.complete(pair["requester"], c.id)
    assert c.state == "completed" and c.completed_at is not None
    room = chat.owned_room("consultation", c.id)
    assert not chat.can_post_room(pair["peer"], room)
    moves = [(t.from_state, t.to_state, t.actor_id) for t in services.transitions(c)]
    assert moves[-1] == ("scheduled", "completed", pair["requester"].id)


def test_expiry_after_the_set_time(app, pair):
    app.config["CONSULTATION_EXPIRY_HOURS"] = 48
    c = make_consultation(pair["requester"], pair["peer"])
    assert services.expire_unanswered(now=c.created_at + timedelta(hours=47)) == 0
    assert services.expire_unanswered(now=c.created_at + timedelta(hours=49)) == 1
    db.session.refresh(c)
    assert c.state == "expired"
    last = db.session.scalars(select(Transition).where(Transition.consultation_id == c.id)
                              .order_by(Transition.id.desc())).first()
    assert last.actor_id is None and last.from_state == "requested"
    assert _notified(pair["requester"], "consultation_update")


def test_an_unanswered_move_lapses_and_the_agreed_time_stands(pair):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    agreed = c.starts_at
    services.propose_times(pair["peer"], c.id, [_later(10)], "UTC")
    services.expire_unanswered(now=c.expires_at + timedelta(seconds=1))
    db.session.refresh(c)
    assert c.state == "scheduled" and c.starts_at == agreed


def test_an_open_request_is_claimed_by_exactly_one_volunteer(app):
    requester = clinician("Rae Requester", specialties=["trauma-ptsd"])
    first = clinician("Vic Volunteer", specialties=["trauma-ptsd"], open_to_consultation=True,
                      consultation_topics=["panic"])
    second = clinician("Val Volunteer", specialties=["trauma-ptsd"], open_to_consultation=True,
                       consultation_topics=["panic"])
    elsewhere = clinician("Nia Elsewhere", specialties=["grief-loss"], open_to_consultation=True,
                          consultation_topics=["grief-loss"])
    c = make_consultation(requester, audience="open", specialty="trauma-ptsd")
    assert c.peer_id is None
    assert services.can_read(first, c) and services.can_read(second, c)
    assert not services.can_read(elsewhere, c)
    assert _notified(first, "consultation_request") and not _notified(elsewhere,
                                                                       "consultation_request")
    with pytest.raises(NotFound):
        services.accept(elsewhere, c.id, c.slots[0].id)
    services.accept(first, c.id, c.slots[0].id)
    assert c.peer_id == first.id and c.state == "scheduled"
    with pytest.raises(NotFound):  # no longer open: the other volunteer reads nothing
        services.accept(second, c.id, c.slots[1].id)


def test_a_claim_that_lost_the_race_is_a_conflict(app):
    requester = clinician("Rae Requester", specialties=["trauma-ptsd"])
    first, second = (clinician(name, specialties=["trauma-ptsd"], open_to_consultation=True,
                               consultation_topics=["panic"])
                     for name in ("Vic Volunteer", "Val Volunteer"))
    c = make_consultation(requester, audience="open", specialty="trauma-ptsd")
    mine = services.require_readable(first, c.id)  # read by the first volunteer ...
    # ... while the second one's claim commits in between
    db.session.execute(update(Consultation).where(Consultation.id == c.id)
                       .values(peer_id=second.id, state="scheduled")
                       .execution_options(synchronize_session=False))
    with pytest.raises(Conflict):
        services._move(first.id, mine, "scheduled", ("requested",), peer_id=first.id)


def test_group_request_reaches_its_members_only(app):
    requester, member, stranger = (clinician(n) for n in ("Gia Asker", "Gus Member",
                                                         "Sam Stranger"))
    group = make_group(requester, name="Anxiety consult circle")
    add_member(group, member)
    c = make_consultation(requester, audience="group", group=group)
    assert services.can_read(member, c) and not services.can_read(stranger, c)
    services.accept(member, c.id, c.slots[0].id)
    assert c.peer_id == member.id


def test_a_blocked_or_unrelated_member_cannot_be_asked(pair):
    from peerlink.errors import ValidationFailed
    from tests.factories import block
    with pytest.raises(ValidationFailed):  # not connected, not open to consultation
        make_consultation(pair["requester"], pair["outsider"])
    block(pair["peer"], pair["requester"])
    with pytest.raises(NotFound):
        make_consultation(pair["requester"], pair["peer"])


def test_the_attestation_is_required(pair):
    from peerlink.errors import ValidationFailed
    data = {"audience": "peer", "peer_id": pair["peer"].id, "topic": "Panic", "summary":
            CASE_SUMMARY, "question": "?", "urgency": "routine", "format": "chat",
            "duration_minutes": 60, "retention_days": 30, "deidentified": False,
            "slots": [_later(2), _later(3)]}
    with pytest.raises(ValidationFailed) as refused:
        services.request_consultation(pair["requester"], data)
    assert "deidentified" in refused.value.errors


def test_the_e_mail_says_only_that_there_is_something_new(pair, outbox):
    make_consultation(pair["requester"], pair["peer"])
    (mail,) = [m for m in outbox if pair["peer"].email in m.to]
    text = (mail.subject + mail.body + "".join(
        str(part[0]) for part in getattr(mail, "alternatives", []))).lower()
    assert "something new" in text
    assert "panic" not in text and "twelve sessions" not in text
    assert "rita requester" not in text  # not even who asked: the app says that
