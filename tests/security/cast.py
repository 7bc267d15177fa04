"""The people and things every access check runs against.

Nine kinds of viewer, a suspended member connected with the owner, and a member ("the
owner") whose private details are planted where a leak would show: a license number and an
e-mail address no one but the owner and admins may ever read, in any body, header or
download.
"""

from dataclasses import dataclass, field

from sqlalchemy import select

from peerlink.accounts import services as accounts
from peerlink.accounts import tokens
from peerlink.connections import services as connections
from peerlink.connections.models import Connection
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from peerlink.profiles import services as profiles
from tests.factories import (
    PASSWORD,
    attend,
    block,
    clinician,
    connect,
    fill_profile,
    give_photo,
    make_event,
    make_session,
    make_user,
)

PLANTED_LICENSE = "LIC-PLANTED-7731"
PLANTED_EMAIL = "olivia.planted.secret@example.org"

ANONYMOUS = "anonymous"
UNCONFIRMED = "unconfirmed"
MEMBER = "member"
ORGANIZER = "organizer"  # runs CE events; otherwise a member like any other
OWNER = "owner"
CONNECTION = "connection"
BLOCKED = "blocked"
MODERATOR = "moderator"
ADMIN = "admin"
VIEWERS = (ANONYMOUS, UNCONFIRMED, MEMBER, OWNER, CONNECTION, BLOCKED, MODERATOR, ADMIN,
           ORGANIZER)
SIGNED_IN = VIEWERS[1:]
# Who may read the planted secrets.
TRUSTED = (OWNER, ADMIN)


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
    cast.users = {
        OWNER: owner,
        UNCONFIRMED: make_user(name="Uma Unconfirmed", confirmed=False),
        MEMBER: clinician("Mo Member", discipline="lcsw", specialties=["trauma-ptsd"]),
        CONNECTION: clinician("Cal Connection", discipline="psychiatrist"),
        BLOCKED: clinician("Bo Blocked", discipline="lpc"),
        MODERATOR: clinician("Mia Moderator", role="moderator", discipline="lmft"),
        ADMIN: clinician("Ada Admin", role="admin", discipline="psychologist"),
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
                "event": event.id, "session": session.id,
                "owner_notification": db.session.scalar(
                    select(Notification.id).where(Notification.user_id == owner.id))}
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
    }
    db.session.commit()
    return cast
