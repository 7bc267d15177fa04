"""Demo conversations: a few direct chats among connected demo clinicians, so `make run`
shows the chat page with history, unread badges and a small group conversation."""

from datetime import timedelta

from peerlink.accounts.models import User
from peerlink.chat.models import DIRECT, Message, Room, RoomMember
from peerlink.db_types import utcnow
from peerlink.extensions import db

# (starter, others, [(author, minutes ago, text)]); every other member is connected with
# the starter (seed.DEMO_CONNECTIONS). Maya reads up to the message marked with `read`.
DEMO_CONVERSATIONS = (
    ("maya.okafor", ("eleanor.whitfield",), [
        ("eleanor.whitfield", 2900, "Thanks again for the safety-planning handout. "
                                    "Did you adapt it for adolescents?"),
        ("maya.okafor", 2880, "I did: shorter steps, and a **family** section. "
                              "I'll share the outline."),
        ("eleanor.whitfield", 95, "Lovely. The CE notes are here: https://example.org/ce-notes"),
        ("eleanor.whitfield", 90, "Free for a quick consult call on Thursday?"),
    ]),
    ("maya.okafor", ("kevin.castellano", "ibrahim.haddad"), [
        ("maya.okafor", 600, "Starting a thread for the three of us after the trauma track."),
        ("kevin.castellano", 580, "Good idea. Anyone trying written exposure therapy yet?"),
        ("ibrahim.haddad", 30, "@Maya Okafor I have two clients in it; happy to compare notes."),
    ]),
    ("daniel.reyes", ("marcus.bell",), [
        ("daniel.reyes", 1500, "How did the MI refresher go?"),
        ("marcus.bell", 1440, "Useful. The reflections practice was the best part."),
    ]),
)
READ_BY_STARTER = 2  # the starter has read this many messages of each conversation


def seed_conversations(users: dict[str, User]) -> None:
    now = utcnow()
    for starter, others, lines in DEMO_CONVERSATIONS:
        members = [users[starter], *(users[slug] for slug in others)]
        started = now - timedelta(minutes=lines[0][1] + 5)
        room = Room(kind=DIRECT, key="direct:" + ",".join(
            str(i) for i in sorted(member.id for member in members)),
            started_by_id=users[starter].id, created_at=started)
        db.session.add(room)
        db.session.flush()
        sent = []
        for number, (author, minutes, text) in enumerate(lines, start=1):
            message = Message(room_id=room.id, author_id=users[author].id, body=text,
                              client_id=f"demo-{room.id}-{number}",
                              created_at=now - timedelta(minutes=minutes))
            db.session.add(message)
            sent.append(message)
        db.session.flush()
        for member in members:
            read = sent[-1] if member.id != users[starter].id else sent[READ_BY_STARTER - 1]
            db.session.add(RoomMember(room_id=room.id, user_id=member.id, joined_at=started,
                                      last_read_message_id=read.id))
    db.session.flush()
