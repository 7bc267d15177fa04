"""Every kind of notification, in one registry: what members call it, how it reaches them
unless they choose otherwise, and what its e-mails may say.

A feature that notifies about something new (events, groups, chat, consultations) adds its
kind here; `notify` refuses a kind that is not listed, so none can be sent that members
cannot find on their settings page.
"""

from dataclasses import dataclass

IN_APP = "in_app"
IMMEDIATE = "immediate"
DIGEST = "digest"
# How a notification reaches a member besides the app, as the settings page words it.
DELIVERIES = {
    IN_APP: "In PeerLink only",
    IMMEDIATE: "E-mail at once",
    DIGEST: "In a daily e-mail digest",
}


@dataclass(frozen=True)
class Kind:
    name: str
    label: str  # "Connection requests": the settings page and unsubscribe page say this
    description: str  # when it is sent: "when a member asks to connect with you"
    default: str = IN_APP  # for members who have not chosen
    # Always e-mailed at once, whatever the member chose; cannot be switched off, so its
    # e-mails carry no unsubscribe link. It goes even to an address not confirmed yet: it is
    # about the account itself (a password changed), as the password e-mails always did.
    fixed: bool = False
    # False: the e-mail (at once or in the digest) says only that there is something new,
    # with a link to read it in PeerLink; never the notification's text. Consultations must
    # set this when they exist: what clinicians write about a case never travels by e-mail.
    text_in_email: bool = True

    @property
    def choices(self) -> tuple[str, ...]:
        return (IMMEDIATE,) if self.fixed else tuple(DELIVERIES)


KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("connection_request", "Connection requests",
         "when a member asks to connect with you", default=IMMEDIATE),
    Kind("connection_accepted", "Accepted requests",
         "when a member accepts your request to connect", default=DIGEST),
    Kind("license", "License decisions",
         "when a moderator verifies your license, or cannot", default=IMMEDIATE),
    Kind("ce_deadline", "CE deadlines",
         "when a license renewal's deadline nears and CE hours are still needed",
         default=IMMEDIATE),
    Kind("chat_mention", "Mentions in chat",
         "when a member mentions you (@your name) in a conversation", default=DIGEST,
         text_in_email=False),
    Kind("group_join_request", "Requests to join your groups",
         "when a member asks to join a group you moderate", default=IMMEDIATE),
    Kind("group_decision", "Group decisions",
         "when you are let into a group, removed, made its owner, or a moderator removes "
         "your post", default=IMMEDIATE),
    Kind("group_invitation", "Group invitations",
         "when a moderator invites you to a group", default=IMMEDIATE),
    Kind("group_reply", "Replies in threads you follow",
         "when someone replies in a group thread you follow", default=DIGEST),
    Kind("group_mention", "Mentions in groups",
         "when someone mentions you by @name in a group", default=IMMEDIATE),
    Kind("group_report", "Reports to moderate",
         "when a post is reported in a group you moderate", default=IMMEDIATE),
    # Everything from a peer-support circle: what is said there never leaves it by e-mail.
    Kind("circle_activity", "Peer-support circles",
         "when something in one of your peer-support circles needs you (the e-mail only says "
         "that there is something new)", default=IMMEDIATE, text_in_email=False),
    Kind("event_check_in", "Event check-ins",
         "when you check in at an event and your attendance is verified", default=IN_APP),
    Kind("event_changed", "Changes to your events",
         "when an event you are going to changes its title, time or place",
         default=IMMEDIATE),
    # Consultations: what clinicians write about a case never travels by e-mail.
    Kind("consultation_request", "Consultation requests",
         "when a member asks you, or a group or specialty of yours, for a case consultation "
         "(the e-mail only says that there is something new)", default=IMMEDIATE,
         text_in_email=False),
    Kind("consultation_update", "Your consultations",
         "when a consultation of yours is accepted, declined, moved, cancelled, completed or "
         "expires (the e-mail only says that there is something new)", default=IMMEDIATE,
         text_in_email=False),
    Kind("consultation_reminder", "Consultation reminders",
         "shortly before a consultation of yours starts", default=IMMEDIATE,
         text_in_email=False),
    Kind("security", "Account security",
         "when your password is changed, or something else happens to your account",
         default=IMMEDIATE, fixed=True),
)}


class UnknownKind(LookupError):
    """A notification of a kind the registry does not list."""


def kind_named(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(f"Notification kind {name!r} is not in "
                          "peerlink/notifications/kinds.py; add it there.") from None
