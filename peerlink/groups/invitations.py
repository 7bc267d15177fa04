"""Invitations to a group: to a member, or by e-mail to an address (registered or not).

An e-mail invitation names no account: whoever signs up with that address, or already has
it, sees the invitation once the address is confirmed, and may open the link it carries.
The e-mail is sent whatever the address, so inviting never tells a moderator whether
someone has an account. Only the token's digest is stored.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, literal, or_, select

from peerlink.accounts.models import User
from peerlink.accounts.services import require_confirmed
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound
from peerlink.extensions import Limit, db
from peerlink.groups import services
from peerlink.groups.models import Group, Invitation, Membership
from peerlink.links import absolute_url, path_to
from peerlink.mailer import mail_after_commit
from peerlink.profiles import privacy
from peerlink.profiles.cards import display_name

INVITING = Limit("100 per day", "group invitations")
NO_SUCH_INVITATION = "No such invitation."


@dataclass(frozen=True)
class InvitationEntry:
    id: int
    group_id: int
    group_name: str
    group_kind: str
    invited_by: str
    created_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def pending_for(user):
    """SQL on Invitation: pending and addressed to this member, by account or by their
    confirmed e-mail address."""
    by_address = and_(Invitation.email == (user.email or "").lower(),
                      literal(bool(user.email_confirmed)))
    return and_(Invitation.status == "pending",
                or_(Invitation.invitee_id == user.id, by_address))


def _new_invitation(group: Group, inviter, **to) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation(group_id=group.id, invited_by_id=inviter.id,
                            token_digest=_digest(token), **to)
    db.session.add(invitation)
    return invitation, token


def invite_member(inviter, group_id: int, user_id: int) -> Invitation:
    group, _ = services.require_moderator(inviter, group_id)
    require_confirmed(inviter)
    privacy.require_not_hidden(inviter, user_id)
    if db.session.get(User, user_id) is None:
        raise NotFound("No such member.")
    membership = services.membership_of(user_id, group_id)
    if membership is not None and membership.status == "banned":
        raise Conflict("That member is banned from this group.",
                       {"user_id": ["That member is banned from this group."]})
    if membership is not None and membership.status == "active":
        raise Conflict("That member is in the group already.",
                       {"user_id": ["That member is in the group already."]})
    if db.session.scalar(select(func.count()).select_from(Invitation).where(
            Invitation.group_id == group_id, Invitation.invitee_id == user_id,
            Invitation.status == "pending")):
        raise Conflict("That member has an invitation already.",
                       {"user_id": ["That member has an invitation already."]})
    invitation, _ = _new_invitation(group, inviter, invitee_id=user_id)
    db.session.flush()
    services.group_notify(group, user_id, "group_invitation",
                          f"{display_name(inviter.id)} invited you to join {group.name}.",
                          path_to("groups.invitations_page"), actor_id=inviter.id)
    db.session.commit()
    return invitation


def invite_by_email(inviter, group_id: int, email: str) -> Invitation:
    """An e-mail with a link; a circle's e-mail does not name the circle."""
    group, _ = services.require_moderator(inviter, group_id)
    require_confirmed(inviter)
    email = email.lower()
    if db.session.scalar(select(func.count()).select_from(Invitation).where(
            Invitation.group_id == group_id, Invitation.email == email,
            Invitation.status == "pending")):
        raise Conflict("That address has an invitation already.",
                       {"email": ["That address has an invitation already."]})
    invitation, token = _new_invitation(group, inviter, email=email)
    db.session.flush()
    mail_after_commit(email, "an invitation to a group" if group.circle
                      else f"an invitation to {group.name}", "group_invitation",
                      inviter=display_name(inviter.id),
                      group_name=None if group.circle else group.name,
                      link=absolute_url("groups.invitation", token=token))
    db.session.commit()
    return invitation


def list_invitations(user) -> list[InvitationEntry]:
    """The member's pending invitations, newest first (one query)."""
    inviter_name = (select(User.name).where(User.id == Invitation.invited_by_id)
                    .scalar_subquery())
    rows = db.session.execute(
        select(Invitation, Group.name, Group.kind, inviter_name)
        .join(Group, Group.id == Invitation.group_id)
        .where(pending_for(user)).order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    return [InvitationEntry(id=inv.id, group_id=inv.group_id, group_name=name,
                            group_kind=kind, invited_by=inviter or "A former member",
                            created_at=inv.created_at) for inv, name, kind, inviter in rows]


def by_token(user, token: str) -> Invitation:
    """The invitation the link carries, if it is addressed to this member."""
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.token_digest == _digest(token), pending_for(user)))
    if invitation is None:
        raise NotFound(NO_SUCH_INVITATION)
    return invitation


def _mine(user, invitation_id: int) -> Invitation:
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.id == invitation_id, pending_for(user)))
    if invitation is None:
        raise NotFound(NO_SUCH_INVITATION)
    return invitation


def accept(user, invitation_id: int) -> Membership:
    invitation = _mine(user, invitation_id)
    require_confirmed(user)
    group = db.session.get(Group, invitation.group_id)
    membership = services.membership_of(user.id, group.id)
    if membership is not None and membership.status == "banned":
        raise NotFound(NO_SUCH_INVITATION)
    invitation.status, invitation.answered_at = "accepted", utcnow()
    invitation.invitee_id = user.id
    if membership is None:
        membership = Membership(group_id=group.id, user_id=user.id)
        db.session.add(membership)
    elif membership.status == "requested":
        membership.status, membership.created_at = "active", utcnow()
    if invitation.invited_by_id is not None:
        services.group_notify(group, invitation.invited_by_id, "group_decision",
                              f"{display_name(user.id)} accepted your invitation to "
                              f"{group.name}.", services.group_link(group.id),
                              actor_id=user.id)
    db.session.commit()
    return membership


def decline(user, invitation_id: int) -> None:
    invitation = _mine(user, invitation_id)
    invitation.status, invitation.answered_at = "declined", utcnow()
    invitation.invitee_id = user.id
    db.session.commit()
