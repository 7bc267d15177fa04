"""Demo interest groups: topic groups, event follow-ups and peer-support circles, with
members, threads and replies, so `make run` shows the groups feature in use."""

from dataclasses import dataclass, field
from datetime import timedelta

from peerlink.accounts.models import User
from peerlink.chat import services as chat
from peerlink.chat.models import Message
from peerlink.db_types import utcnow
from peerlink.events.models import Event
from peerlink.extensions import db
from peerlink.groups.models import (
    GROUP_ROOM,
    Group,
    GroupEvent,
    Membership,
    Post,
    Thread,
    ThreadFollow,
)
from peerlink.groups.search import rebuild_thread_index


@dataclass(frozen=True)
class DemoThread:
    title: str
    author: str
    body: str
    replies: tuple[tuple[str, str], ...] = ()  # (author slug, text)
    pinned: bool = False


@dataclass(frozen=True)
class DemoGroup:
    name: str
    kind: str
    visibility: str
    owner: str
    description: str
    rules: str = ""
    moderators: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    threads: tuple[DemoThread, ...] = field(default_factory=tuple)
    events: tuple[str, ...] = ()  # titles of demo events (demo/events.py) it is linked to


# A little history in two groups' chat rooms: (author, minutes ago, text).
GROUP_CHAT = {
    "Trauma-focused therapies": (
        ("kevin.castellano", 240, "Is anyone running CPT groups online? Wondering about "
                                  "worksheets over screen share."),
        ("eleanor.whitfield", 200, "I do. I send the worksheets ahead and we fill them in "
                                   "together; it works better than I expected."),
        ("maya.okafor", 45, "@Kevin Castellano the handout from the summit's CPT session "
                            "covers this. I'll post it in the thread."),
    ),
    "Trauma Summit 2026: adolescent track follow-up": (
        ("halima.warsame", 300, "Who is trying the school-partnership model from the "
                                "closing panel?"),
        ("priya.raman", 120, "Our district said yes to a pilot in January."),
    ),
}

GROUPS = (
    DemoGroup(
        "Trauma-focused therapies", "topic", "open", "maya.okafor",
        "Prolonged exposure, CPT, EMDR and the rest: what works, for whom, and how to pace it.",
        rules="Never share anything that could identify a client. Disagree with ideas, "
              "not people.",
        moderators=("eleanor.whitfield",),
        members=("kevin.castellano", "caleb.hoffman", "ibrahim.haddad", "keisha.lawrence",
                 "brandon.miller", "jolene.begay", "daniel.reyes"),
        threads=(
            DemoThread(
                "Start here: how we use this group", "maya.okafor",
                "Welcome! Post questions, share handouts you wrote yourself, and tell us "
                "what you tried. De-identify **everything**: age ranges, not ages; "
                "\"a rural county\", not the town.", pinned=True,
                replies=(("eleanor.whitfield", "Thanks for setting this up, Maya."),)),
            DemoThread(
                "Pacing PE when the client dissociates in imaginal exposure", "brandon.miller",
                "I have a veteran who goes glassy-eyed about ten minutes into imaginal "
                "exposure. I've been shortening the recounting and adding grounding, but "
                "I worry I'm teaching avoidance. How do you decide when to push?",
                replies=(
                    ("maya.okafor", "I check SUDS every five minutes and keep one foot in the "
                     "room: eyes open, feet on the floor, describing it in present tense. If "
                     "he can still answer me, we keep going."),
                    ("kevin.castellano", "Worth screening for the dissociative subtype if you "
                     "haven't. I add a brief skills phase first for those clients, two or three "
                     "sessions, then go back to full exposure."),
                    ("brandon.miller", "@Kevin Castellano that's helpful. I hadn't used the "
                     "subtype items formally. Will do it this week."),
                )),
            DemoThread(
                "CPT worksheets in Spanish", "daniel.reyes",
                "Does anyone have validated Spanish versions of the ABC and Challenging "
                "Beliefs worksheets? The ones I found online read like machine translation.",
                replies=(("keisha.lawrence", "The training portal has official Spanish "
                          "versions. Ask your consultant for the link; they're free."),)),
        )),
    DemoGroup(
        "Trauma Summit 2026: adolescent track follow-up", "event_follow_up", "open",
        "eleanor.whitfield", events=("Trauma Summit 2026",), description=
        "For everyone who was at the summit: slides, questions we ran out of time for, and "
        "the school-partnership ideas from the closing panel.",
        members=("maya.okafor", "halima.warsame", "aaliyah.brooks", "thao.nguyen",
                 "priya.raman", "chantal.baptiste"),
        threads=(
            DemoThread(
                "Questions we didn't get to in the safety-planning session", "eleanor.whitfield",
                "We had eleven questions left on the board. I've typed them up below; "
                "pick one and answer if it's in your wheelhouse.\n\n1. Safety plans for "
                "teens who share a phone with a parent\n2. When to involve the school "
                "counselor\n3. Means restriction conversations with rural families",
                replies=(
                    ("halima.warsame", "On #3: I frame it as \"storing\" rather than "
                     "\"removing\". Families in my county hear the second as politics."),
                    ("aaliyah.brooks", "On #1: we write the plan on paper too, and agree on a "
                     "code word the teen can text a trusted adult."),
                )),
            DemoThread(
                "Slides from the closing panel", "thao.nguyen",
                "The panelists agreed to share. The school-partnership model starts on "
                "slide 14.", replies=(("priya.raman", "Thank you! Sharing with my team."),)),
        )),
    DemoGroup(
        "Prescribers' consult corner", "topic", "private", "daniel.reyes",
        "Psychiatrists, psychiatric NPs and PAs: medication questions among prescribers. "
        "Private so we can talk doses and side effects candidly.",
        rules="Prescribers only. No client identifiers. Cite a source when you can.",
        moderators=("samuel.adeyemi",),
        members=("tomas.almeida", "marcus.bell", "omar.siddiqui", "rohan.mehta"),
        requests=("lucas.ferreira",),
        threads=(
            DemoThread(
                "Clozapine monitoring when the lab is an hour away", "marcus.bell",
                "Rural clinic, one patient on clozapine, and the nearest lab draw is an hour "
                "each way. Anyone using point-of-care ANC testing?",
                replies=(
                    ("samuel.adeyemi", "We do. The fingerstick device is approved for REMS "
                     "monitoring now. Calibrate against a venous draw the first month."),
                    ("tomas.almeida", "Also check whether your pharmacy can do the draw; ours "
                     "started offering it last year."),
                )),
            DemoThread(
                "Sertraline vs. escitalopram for perinatal anxiety", "omar.siddiqui",
                "I lean sertraline for breastfeeding patients. Any reason to prefer "
                "escitalopram if she already responded to it before pregnancy?",
                replies=(("daniel.reyes", "Prior response counts for a lot. I'd keep what "
                          "worked and monitor the infant; the data on both are reassuring."),)),
        )),
    DemoGroup(
        "Clinician burnout circle", "peer_support", "private", "jolene.begay",
        "A small circle to talk about the weight of the work, away from case talk.",
        rules="What is said in the circle stays in the circle. We listen before we advise. "
              "No fixing unless someone asks for it.",
        members=("maya.okafor", "halima.warsame", "keisha.lawrence", "aoife.brennan"),
        threads=(
            DemoThread(
                "Check-in: how are you really doing this week?", "jolene.begay",
                "One line is enough. I'll start: tired, but the Thursday group made me laugh "
                "for the first time in a while.",
                replies=(
                    ("keisha.lawrence", "Heavy week. Two crisis calls on Sunday. Grateful for "
                     "this space."),
                    ("maya.okafor", "Better than last week. Took a real lunch break twice."),
                )),
        )),
    DemoGroup(
        "New clinicians' peer support", "peer_support", "private", "aoife.brennan",
        "For those in their first five years: imposter feelings, supervision, and finding "
        "your footing.",
        rules="Be gentle with each other. Nothing leaves the circle.",
        members=("ethan.kowalczyk", "jordan.ellis", "nour.alhassan"),
        threads=(
            DemoThread(
                "When a client no-shows after a hard session", "jordan.ellis",
                "I keep replaying what I said. Is that normal, or a sign I got it wrong?",
                replies=(("aoife.brennan", "Very normal. Bring it to supervision, and reach "
                          "out once with a warm, short message. Then let it rest."),)),
        )),
    DemoGroup(
        "Telehealth across state lines", "topic", "open", "rohan.mehta",
        "Licensure compacts, platforms, and what to do when a client travels.",
        members=("genevieve.tremblay", "kiana.moradi", "hana.takahashi", "carolina.ruiz"),
        threads=(
            DemoThread(
                "Client is spending the winter in another state", "kiana.moradi",
                "She'll be away three months. I'm not licensed there and the state isn't in "
                "the compact. What have you done?",
                replies=(
                    ("rohan.mehta", "Some states allow a short temporary practice period; "
                     "check the board's site. Otherwise a warm referral for the three months."),
                    ("genevieve.tremblay", "I document where the client is at the start of "
                     "every session now. Saved me once in an audit."),
                )),
        )),
    DemoGroup(
        "Eating disorders consultation", "topic", "private", "priya.raman",
        "Case consultation for clinicians treating eating disorders across levels of care.",
        rules="De-identify. Medical stability questions go to the client's physician first.",
        moderators=("thao.nguyen",),
        members=("naomi.feldman", "meiling.wu", "fiona.macleod"),
        requests=("vivian.chu",),
        threads=(
            DemoThread(
                "FBT when one parent isn't on board", "naomi.feldman",
                "The mother is all in; the father thinks it's \"a phase\". How do you "
                "bring a reluctant parent into family-based treatment?",
                replies=(
                    ("priya.raman", "I ask him what he has noticed at meals, and start there. "
                     "Curiosity lands better than psychoeducation with skeptical parents."),
                    ("thao.nguyen", "A joint session with the pediatrician reviewing vitals "
                     "changed everything for one of my families."),
                )),
        )),
    DemoGroup(
        "Substance use and co-occurring disorders: 2026 CE intensive follow-up",
        "event_follow_up", "open", "omar.siddiqui",
        events=("Addiction Medicine Update", "DBT Intensive"), description=
        "Continuing the conversation from the intensive: MOUD, contingency management, "
        "and integrated care.",
        members=("lucas.ferreira", "benjamin.osei", "terrence.holloway", "shauna.price",
                 "jamal.carter"),
        threads=(
            DemoThread(
                "Contingency management on a shoestring", "terrence.holloway",
                "Our clinic can't fund gift cards. Has anyone run CM with non-monetary "
                "rewards that actually worked?",
                replies=(
                    ("benjamin.osei", "Bus passes donated by the transit authority, and "
                     "priority scheduling. Attendance went up noticeably."),
                    ("shauna.price", "@Terrence Holloway we used a prize bowl with donated "
                     "items from local shops. Ask your board members for contacts."),
                ), pinned=True),
        )),
    DemoGroup(
        "Perinatal mental health", "topic", "open", "halima.warsame",
        events=("Perinatal Mental Health Forum",), description=
        "Pregnancy and postpartum: screening, treatment and the systems around new parents.",
        members=("chantal.baptiste", "yesenia.morales", "malia.leota", "ingrid.solberg"),
        threads=(
            DemoThread(
                "EPDS cut-offs for fathers", "ingrid.solberg",
                "We've started screening fathers too. Do you use a lower cut-off for them?",
                replies=(("halima.warsame", "Many programs use a lower threshold for fathers; "
                          "I'd pair it with a short interview rather than rely on the score."),)),
        )),
)


def seed_groups(users: dict[str, User]) -> int:
    """Add the demo groups in the caller's transaction, linked to the demo events they
    follow (seed them first); returns how many."""
    now = utcnow()
    events = dict(db.session.query(Event.title, Event.id))
    for index, spec in enumerate(GROUPS):
        listed = spec.kind != "peer_support"
        group = Group(name=spec.name, kind=spec.kind, visibility=spec.visibility,
                      listed=listed, description=spec.description, rules=spec.rules,
                      created_by_id=users[spec.owner].id,
                      created_at=now - timedelta(days=60 - index))
        db.session.add(group)
        db.session.flush()
        db.session.add_all(GroupEvent(group_id=group.id, event_id=events[title])
                           for title in spec.events if title in events)
        room = chat.open_room(GROUP_ROOM, group.id)
        for number, (slug, minutes, text) in enumerate(GROUP_CHAT.get(spec.name, ()), 1):
            db.session.add(Message(room_id=room.id, author_id=users[slug].id, body=text,
                                   client_id=f"demo-group-{group.id}-{number}",
                                   created_at=now - timedelta(minutes=minutes)))
        roles = [(spec.owner, "owner", "active")] + \
            [(slug, "moderator", "active") for slug in spec.moderators] + \
            [(slug, "member", "active") for slug in spec.members] + \
            [(slug, "member", "requested") for slug in spec.requests]
        for order, (slug, role, status) in enumerate(roles):
            db.session.add(Membership(group_id=group.id, user_id=users[slug].id, role=role,
                                      status=status,
                                      created_at=now - timedelta(days=50 - order),
                                      norms_acknowledged_at=now if status == "active" else None))
        for number, spec_thread in enumerate(spec.threads):
            started = now - timedelta(days=20 - number * 3, hours=index)
            last = started + timedelta(hours=4 * len(spec_thread.replies))
            thread = Thread(group_id=group.id, author_id=users[spec_thread.author].id,
                            title=spec_thread.title, pinned=spec_thread.pinned,
                            reply_count=len(spec_thread.replies), created_at=started,
                            last_post_at=last)
            db.session.add(thread)
            db.session.flush()
            db.session.add(Post(thread_id=thread.id, author_id=users[spec_thread.author].id,
                                opening=True, body=spec_thread.body, created_at=started))
            db.session.add(ThreadFollow(thread_id=thread.id,
                                        user_id=users[spec_thread.author].id))
            for hours, (slug, text) in enumerate(spec_thread.replies, start=1):
                db.session.add(Post(thread_id=thread.id, author_id=users[slug].id, body=text,
                                    created_at=started + timedelta(hours=4 * hours)))
    db.session.flush()
    rebuild_thread_index()
    return len(GROUPS)
