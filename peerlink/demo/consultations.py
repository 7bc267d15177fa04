"""Demo consultations: one in every state among connected demo clinicians, with
de-identified cases written the way clinicians write them (a test runs each text through
the PHI guard), times in each side's zone, rooms with a little history."""

from datetime import timedelta

from peerlink.accounts.models import User
from peerlink.chat.models import Message, Room
from peerlink.consultations.models import (
    CONSULTATION_ROOM,
    Consultation,
    Note,
    Slot,
    Transition,
)
from peerlink.db_types import utcnow
from peerlink.extensions import db
from peerlink.taxonomy.services import terms_by_slug

# requester, peer (None: an open request), state, topic, summary, question, extras
DEMO_CONSULTATIONS = (
    ("maya.okafor", "eleanor.whitfield", "requested",
     "Safety planning with a parent who works nights",
     "A 16-year-old in tenth grade, second suicide attempt by overdose this year, discharged "
     "from an inpatient unit three weeks ago. Lives with one parent who works nights. Comes "
     "to a DBT-A skills group but is ambivalent about individual sessions. The C-SSRS this "
     "week shows ideation without a plan.",
     "How do you involve a parent who can rarely attend, when the safety plan depends on "
     "locking up medication at home?", {}),
    ("daniel.reyes", "marcus.bell", "times_proposed",
     "Naltrexone adherence on weekends",
     "A man in his 50s, a construction foreman, drinking eight to ten drinks a day for years; "
     "AUDIT of 27. Started oral naltrexone 50 mg after a detox admission in 2025 but stops it "
     "every weekend. Motivational interviewing has moved him from precontemplation to "
     "contemplation.",
     "Would you switch to the monthly injection, or first work on the weekend pattern?", {}),
    ("maya.okafor", "kevin.castellano", "scheduled",
     "Written exposure therapy stalls at the hotspot",
     "A paramedic in her 30s with PTSD after repeated calls involving children; PCL-5 of 52. "
     "She declined prolonged exposure because of the time it takes. Nightmares most nights, "
     "partly better on prazosin. Two sessions of written exposure therapy so far: she writes, "
     "but stops at the worst moment every time.",
     "How do you coach someone back to the hotspot without losing the alliance?",
     {"messages": [("kevin.castellano", "Read your summary. Is she stopping mid-sentence or "
                                        "skipping to after the call?"),
                   ("maya.okafor", "Skipping to after. She says the middle is 'a blank'.")]}),
    ("daniel.reyes", "samuel.adeyemi", "completed",
     "Postpartum depression while breastfeeding",
     "A woman in her late 20s, eight weeks postpartum, EPDS of 18, first depressive episode. "
     "She is breastfeeding and reluctant to take medication. Her partner is supportive; no "
     "history of bipolar disorder or psychosis in her or her family.",
     "Sertraline now, or interpersonal therapy alone first, given her preference?",
     {"messages": [("samuel.adeyemi", "With an EPDS of 18 I would offer both and let her "
                                      "choose the order."),
                   ("daniel.reyes", "That matches my instinct. Thanks, this helped.")],
      "note": ("daniel.reyes", "Offer IPT and sertraline together; recheck EPDS in 4 weeks.")}),
    ("priya.raman", "thao.nguyen", "declined",
     "Restrictive eating in a college athlete",
     "A college runner in her early 20s, weight loss over the season, amenorrhea for six "
     "months, denies restricting. The team physician referred her. No prior treatment.",
     "Outpatient with a dietitian, or refer for a higher level of care assessment first?",
     {"reason": "Not taking eating-disorder consultations this month; the ED specialists "
                "in the group would be better placed."}),
    ("halima.warsame", "aaliyah.brooks", "cancelled",
     "Working through an interpreter in trauma therapy",
     "A refugee woman in her 40s with PTSD and chronic pain, seen with a phone interpreter. "
     "Sessions feel stilted and she answers the interpreter rather than me. Six sessions so "
     "far, PHQ-9 unchanged at 16.",
     "What has helped you build the alliance when every sentence passes through a third "
     "person?", {}),
    ("maya.okafor", "ibrahim.haddad", "expired",
     "Tapering a long-term benzodiazepine",
     "A retired teacher in his 70s on clonazepam 2 mg nightly for fifteen years, now with "
     "falls and memory complaints. He is willing to taper but frightened of the insomnia.",
     "Would you start CBT-I before the taper, or alongside it?", {}),
    ("eleanor.whitfield", None, "requested",
     "Moral injury in a veteran",
     "A veteran in his 30s, two deployments, guilt about a decision that cost civilian lives. "
     "CPT has reduced PTSD symptoms (PCL-5 from 61 to 38) but the guilt and shame are "
     "unchanged, and he has stopped going to his place of worship.",
     "Has anyone used adaptive disclosure or another moral-injury approach after CPT?",
     {"specialty": "trauma-ptsd"}),
)


def seed_consultations(users: dict[str, User]) -> None:
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    specialties = terms_by_slug("specialties", ["trauma-ptsd"])
    for index, (requester_slug, peer_slug, state, topic, summary, question,
                extra) in enumerate(DEMO_CONSULTATIONS):
        requester = users[requester_slug]
        peer = users[peer_slug] if peer_slug else None
        zone = requester.profile.timezone or "UTC"
        created = now - timedelta(days=10 - index)
        if state == "completed":
            starts = now - timedelta(days=3)
        elif state in ("scheduled", "cancelled"):
            starts = now + timedelta(days=2, hours=index)
        else:
            starts = None
        specialty = specialties.get(extra.get("specialty", ""))
        consultation = Consultation(
            requester_id=requester.id, peer_id=peer.id if peer else None,
            audience="peer" if peer else "open", specialty_id=specialty.id if specialty else None,
            topic=topic, summary=summary, question=question,
            urgency="soon" if index % 3 == 0 else "routine", format="chat",
            duration_minutes=60, time_zone=zone, retention_days=30, attested_at=created,
            state=state, decline_reason=extra.get("reason", ""), starts_at=starts,
            created_at=created,
            expires_at=(created + timedelta(days=7)) if state != "expired"
            else created + timedelta(days=1),
            completed_at=starts + timedelta(hours=1) if state == "completed" else None,
            cancelled_at=now - timedelta(days=1) if state == "cancelled" else None,
            sequence=1 if state == "cancelled" else 0)
        first = [created + timedelta(days=5, hours=h) for h in (15, 39)]
        if starts is not None:
            first[0] = starts
        consultation.slots = [Slot(round=1, proposed_by_id=requester.id, starts_at=moment,
                                   time_zone=zone, created_at=created) for moment in first]
        if state == "times_proposed":
            consultation.slots.append(Slot(
                round=2, proposed_by_id=peer.id, starts_at=now + timedelta(days=4, hours=2),
                time_zone=peer.profile.timezone or "UTC", created_at=now - timedelta(hours=6)))
        db.session.add(consultation)
        db.session.flush()
        path = {"requested": [], "times_proposed": ["times_proposed"],
                "scheduled": ["scheduled"], "completed": ["scheduled", "completed"],
                "declined": ["declined"], "cancelled": ["scheduled", "cancelled"],
                "expired": ["expired"]}[state]
        before = None
        for step, to_state in enumerate(["requested", *path]):
            actor = (None if to_state == "expired" else
                     requester.id if to_state in ("requested", "cancelled") else peer.id)
            db.session.add(Transition(consultation_id=consultation.id, actor_id=actor,
                                      from_state=before, to_state=to_state,
                                      at=created + timedelta(hours=step * 20)))
            before = to_state
        if starts is not None:
            room = Room(kind=CONSULTATION_ROOM, ref_id=consultation.id,
                        key=f"{CONSULTATION_ROOM}:{consultation.id}", created_at=created)
            db.session.add(room)
            db.session.flush()
            for number, (author, body) in enumerate(extra.get("messages", ())):
                db.session.add(Message(room_id=room.id, author_id=users[author].id, body=body,
                                       client_id=f"demo-consultation-{consultation.id}-{number}",
                                       created_at=created + timedelta(days=1, minutes=number)))
        if "note" in extra:
            author, body = extra["note"]
            db.session.add(Note(consultation_id=consultation.id, author_id=users[author].id,
                                body=body, updated_at=now))
    db.session.flush()
