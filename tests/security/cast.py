"""The people and things every access check runs against.

Twelve kinds of viewer (three of them the owner, a moderator and a member of a private
group; everyone else is outside it), a suspended member connected with the owner, and a
member ("the owner") whose private details are planted where a leak would show: a license
number and an e-mail address no one but the owner and admins may ever read, in any body,
header or download. A private group's thread holds a planted sentence only its three
members may ever read.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from peerlink.accounts import services as accounts
from peerlink.accounts import tokens
from peerlink.ce_log.models import CETemplate
from peerlink.connections import services as connections
from peerlink.connections.models import Connection
from peerlink.extensions import db
from peerlink.groups import invitations
from peerlink.groups import reports as group_reports
from peerlink.groups import services as groups
from peerlink.notifications.models import Notification
from peerlink.profiles import services as profiles
from tests.factories import (
    PASSWORD,
    add_member,
    attend,
    block,
    capture_mail,
    ce_entry,
    ce_requirement,
    ce_templates,
    chat_message,
    clinician,
    connect,
    direct_room,
    fill_profile,
    give_certificate,
    give_photo,
    make_consultation,
    make_event,
    make_group,
    make_reply,
    make_session,
    make_thread,
    make_user,
)

PLANTED_LICENSE = "LIC-PLANTED-7731"
PLANTED_EMAIL = "olivia.planted.secret@example.org"
PLANTED_GROUP_SECRET = "Planted circle confidence 4417"

ANONYMOUS = "anonymous"
UNCONFIRMED = "unconfirmed"
MEMBER = "member"
ORGANIZER = "organizer"  # runs CE events; otherwise a member like any other
OWNER = "owner"
CONNECTION = "connection"
BLOCKED = "blocked"
MODERATOR = "moderator"
ADMIN = "admin"
GROUP_OWNER = "group_owner"
GROUP_MODERATOR = "group_moderator"
GROUP_MEMBER = "group_member"
VIEWERS = (ANONYMOUS, UNCONFIRMED, MEMBER, OWNER, CONNECTION, BLOCKED, MODERATOR, ADMIN,
           ORGANIZER, GROUP_OWNER, GROUP_MODERATOR, GROUP_MEMBER)
SIGNED_IN = VIEWERS[1:]
# Who may read the planted secrets.
TRUSTED = (OWNER, ADMIN)
# The private group's members, who alone may read its planted sentence; every other viewer
# (the site's admins and moderators too) is a non-member of it.
GROUP_INSIDERS = (GROUP_OWNER, GROUP_MODERATOR, GROUP_MEMBER)
GROUP_MODERATORS = (GROUP_OWNER, GROUP_MODERATOR)


@dataclass
class Cast:
    users: dict = field(default_factory=dict)  # viewer -> User (none for anonymous)
    bearer: dict = field(default_factory=dict)  # viewer -> API token
    ids: dict = field(default_factory=dict)  # name -> id of a thing the routes act on
    secrets: dict = field(default_factory=dict)  # name -> a value for routes that need one

    def user(self, viewer: str):
        return self.users.get(viewer)


def make_cast() -> Cast:
    cast = Cast()
    owner = make_user(name="Olivia Planted", email=PLANTED_EMAIL)
    fill_profile(owner, display_name="Olivia Planted", discipline="psychologist",
                 pronouns="she/her", specialties=["trauma-ptsd"], city="Portland",
                 country="US", show_email_to_connections=False)
    review = profiles.submit_license(owner, jurisdiction="Oregon", number=PLANTED_LICENSE)
    photo = give_photo(owner)
    ce_templates()
    owner_entry = ce_entry(owner, title="Ethics in telehealth", subjects=["ethics"])
    owner_requirement = ce_requirement(owner, subjects={"ethics": "6"})
    give_certificate(owner, owner_entry.key)
    cast.users = {
        OWNER: owner,
        UNCONFIRMED: make_user(name="Uma Unconfirmed", confirmed=False),
        MEMBER: clinician("Mo Member", discipline="lcsw", specialties=["trauma-ptsd"]),
        CONNECTION: clinician("Cal Connection", discipline="psychiatrist"),
        BLOCKED: clinician("Bo Blocked", discipline="lpc"),
        MODERATOR: clinician("Mia Moderator", role="moderator", discipline="lmft"),
        ADMIN: clinician("Ada Admin", role="admin", discipline="psychologist"),
        GROUP_OWNER: clinician("Gus Groupowner", discipline="psychologist"),
        GROUP_MODERATOR: clinician("Gwen Groupmoderator", discipline="lcsw"),
        GROUP_MEMBER: clinician("Gil Groupmember", discipline="lpc"),
        ORGANIZER: clinician("Orla Organizer", role="organizer", discipline="lmft"),
    }
    suspended = clinician("Sid Suspended", discipline="lcsw", specialties=["trauma-ptsd"])
    connect(owner, suspended)
    accounts.suspend(cast.users[ADMIN], suspended.id, "Sent the same request to everyone")
    connect(owner, cast.users[CONNECTION])
    connection = db.session.scalar(select(Connection).where(
        Connection.requester_id == owner.id, Connection.addressee_id == cast.users[CONNECTION].id))
    block(owner, cast.users[BLOCKED])
    # A CE event the organizer runs (on now, so check-in is open); the owner checked in and
    # was in its one session.
    event = make_event(cast.users[ORGANIZER], title="Access Summit")
    session = make_session(cast.users[ORGANIZER], event, title="Access track")
    attend(owner, event, sessions=[session])
    request = connections.request_connection(cast.users[MEMBER], owner.id, "Met at the summit")
    # The owner's direct conversation with their connection, and a message in it.
    room = direct_room(owner, cast.users[CONNECTION])
    owner_message = chat_message(owner, room, "Shall we compare notes on the case series?")
    owner_token, _ = accounts.create_api_token(email=owner.email, password=PASSWORD,
                                               name="Owner's script")
    for viewer, user in cast.users.items():
        _, plaintext = accounts.create_api_token(email=user.email, password=PASSWORD,
                                                 name="Access checks")
        cast.bearer[viewer] = plaintext
    cast.ids = {"owner": owner.id, "member": cast.users[MEMBER].id, "suspended": suspended.id,
                "connection": cast.users[CONNECTION].id, "blocked": cast.users[BLOCKED].id,
                "request_to_owner": request.id, "owner_token": owner_token.id,
                "owner_review": review.id, "owner_connection": connection.id,
                "owner_ce_entry": owner_entry.id, "owner_ce_requirement": owner_requirement.id,
                "ce_template": db.session.scalar(select(CETemplate.id).limit(1)),
                "owner_room": room.id, "owner_message": owner_message.id,
                "event": event.id, "session": session.id,
                "owner_notification": db.session.scalar(
                    select(Notification.id).where(Notification.user_id == owner.id))}
    cast.ids.update(_groups(cast))
    cast.ids.update(_consultations(cast))
    cast.secrets = {
        "confirm_token": tokens.sign(tokens.CONFIRM_EMAIL, {
            "uid": cast.users[UNCONFIRMED].id, "email": cast.users[UNCONFIRMED].email}),
        "reset_token": "not-a-real-reset-token",
        "event_code": event.checkin_code,
        "owner_photo": photo,  # the random name in the photo's address
        # The member moving to a new address (not the owner: the link's answer would name
        # the planted address).
        "email_change_token": tokens.sign(tokens.CHANGE_EMAIL, {
            "uid": cast.users[MEMBER].id, "old": cast.users[MEMBER].email,
            "new": "mo.moved@example.org"}),
        "group_invitation_token": _email_invitation(cast),
    }
    db.session.commit()
    return cast


def _groups(cast: Cast) -> dict:
    """A private, listed group with a thread holding the planted sentence, a reply by its
    member, a report on it, a request to join (from the connection), an invitation (to the
    member) and a member banned from it; and an open group only its owner belongs to. The
    private group follows a CE event of its own (for unlinking)."""
    owner, moderator, member = (cast.users[GROUP_OWNER], cast.users[GROUP_MODERATOR],
                                cast.users[GROUP_MEMBER])
    followed = make_event(cast.users[ORGANIZER], title="Consult Forum")
    private = make_group(owner, name="Clinicians' private consult group", visibility="private",
                         rules="Nothing identifying; what is said here stays here.",
                         events=[followed])
    add_member(private, moderator, role="moderator")
    add_member(private, member)
    banned = clinician("Bea Banned", discipline="lpc")
    add_member(private, banned, status="banned")
    thread = make_thread(private, owner, "A hard week on the unit",
                         f"Between us: {PLANTED_GROUP_SECRET}.")
    reply = make_reply(thread, member, f"Thank you for trusting us. {PLANTED_GROUP_SECRET}")
    report = group_reports.report_post(moderator, reply.id, "Checking the queue")
    groups.request_to_join(cast.users[CONNECTION], private.id)
    invitation = invitations.invite_member(owner, private.id, cast.users[MEMBER].id)
    open_group = make_group(owner, name="Open trauma-informed care group")
    return {"group": private.id, "group_thread": thread.id, "group_reply": reply.id,
            "group_report": report.id, "group_invitation": invitation.id,
            "open_group": open_group.id, "group_owner": owner.id,
            "group_moderator": moderator.id, "group_member": member.id,
            "group_banned": banned.id, "group_event": followed.id}


def _consultations(cast: Cast) -> dict:
    """The owner's consultations with their connection, one in each state a route acts on:
    waiting for an answer, scheduled (its time has come, so it can be completed), completed,
    and a scheduled video consultation (its link).
    Only the two read any of them; everyone else (admins too) gets Not Found."""
    from datetime import UTC, datetime, timedelta

    owner, peer = cast.users[OWNER], cast.users[CONNECTION]
    waiting = make_consultation(owner, peer)
    due = make_consultation(owner, peer, state="scheduled", slot_days=(5, 6))
    due.starts_at = datetime.now(UTC) - timedelta(minutes=10)
    done = make_consultation(owner, peer, state="completed", slot_days=(7, 8))
    video = make_consultation(owner, peer, state="scheduled", slot_days=(9, 10), fmt="video")
    db.session.commit()
    return {"consultation_waiting": waiting.id, "consultation_slot": waiting.slots[0].id,
            "consultation_due": due.id, "consultation_done": done.id,
            "consultation_video": video.id}


def _email_invitation(cast: Cast) -> str:
    """The token of an invitation by e-mail to the member's address (read from the mail)."""
    with capture_mail() as sent:
        invitations.invite_by_email(cast.users[GROUP_OWNER], cast.ids["group"],
                                    cast.users[MEMBER].email)
    link = next(line for line in sent[-1].body.splitlines() if "/groups/invitations/" in line)
    return link.rsplit("/", 1)[1].strip()
