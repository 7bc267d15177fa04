"""Who may use the groups pages and operations (read by tests/security).

The cast's private, listed group: its owner, moderator and member (GROUP_INSIDERS) read its
members, threads and posts; everyone else, the site's admins and moderators included, gets
Not Found for them, as for a group that does not exist, and never reads the sentence planted
in its thread. Inside the group, a member who tries what only moderators (or the owner) may
do is told so (403). The connection has asked to join; the member is invited (by account
and by e-mail). The open group has its owner only.
"""

from tests.security.cast import (
    ADMIN,
    BLOCKED,
    CONNECTION,
    GROUP_INSIDERS,
    GROUP_MEMBER,
    GROUP_MODERATOR,
    GROUP_MODERATORS,
    GROUP_OWNER,
    MEMBER,
    MODERATOR,
    ORGANIZER,
    OWNER,
    SIGNED_IN,
    UNCONFIRMED,
)
from tests.security.rules import Rule

CONFIRMED = tuple(viewer for viewer in SIGNED_IN if viewer != UNCONFIRMED)
OUTSIDERS_WHO_MAY_ASK = (MEMBER, OWNER, BLOCKED, MODERATOR, ADMIN, ORGANIZER)
API = "/api/v1"


def _group(cast):
    return {"group_id": cast.ids["group"]}


def _open(cast):
    return {"group_id": cast.ids["open_group"]}


def _on(member: str):
    return lambda cast: {"group_id": cast.ids["group"], "user_id": cast.ids[member]}


def _requester(cast):
    return {"group_id": cast.ids["group"], "user_id": cast.ids["connection"]}


def _linked(cast):
    return {"group_id": cast.ids["group"], "event_id": cast.ids["group_event"]}


def _thread(cast):
    return {"thread_id": cast.ids["group_thread"]}


def _post(cast):
    return {"post_id": cast.ids["group_reply"]}


def _report(cast):
    return {"report_id": cast.ids["group_report"]}


def _invitation(cast):
    return {"invitation_id": cast.ids["group_invitation"]}


def _empty(cast):
    return {}


def insiders(method, rule, path, **extra):
    """Members of the private group only; Not Found for everyone else."""
    return Rule(method, rule, allow=GROUP_INSIDERS, hidden=True, path=path, **extra)


def moderators(method, rule, path, **extra):
    """The private group's moderators; its member is told no, the rest Not Found."""
    return Rule(method, rule, allow=GROUP_MODERATORS, hidden=True, path=path,
                expect={GROUP_MEMBER: 403, **extra.pop("expect", {})}, **extra)


def owner_only(method, rule, path, **extra):
    return Rule(method, rule, allow=(GROUP_OWNER,), hidden=True, path=path,
                expect={GROUP_MEMBER: 403, GROUP_MODERATOR: 403}, **extra)


def author_only(method, rule, **extra):
    """The reply is the group member's: the others inside are told no."""
    return Rule(method, rule, allow=(GROUP_MEMBER,), hidden=True, path=_post,
                expect={GROUP_OWNER: 403, GROUP_MODERATOR: 403}, **extra)


# A clash with the group's state (a member joining again, the owner leaving) is 409 in the
# API; the page returns to the group saying why (302).
def _join(clash: int) -> dict:
    return dict(allow=tuple(v for v in CONFIRMED if v != GROUP_OWNER), path=_open,
                expect={GROUP_OWNER: clash, UNCONFIRMED: 403}, acting=MEMBER)


def _ask(clash: int) -> dict:
    return dict(allow=OUTSIDERS_WHO_MAY_ASK, path=_group, acting=MEMBER,
                expect={CONNECTION: clash, UNCONFIRMED: 403,
                        **{v: clash for v in GROUP_INSIDERS}})


def _leave(clash: int) -> dict:
    return dict(allow=(GROUP_MODERATOR, GROUP_MEMBER, CONNECTION), hidden=True, path=_group,
                expect={GROUP_OWNER: clash}, acting=GROUP_MEMBER)



MEMBER_INVITED = dict(allow=(MEMBER,), hidden=True, path=_invitation)

RULES = [
    # pages
    Rule("GET", "/groups", allow=SIGNED_IN),
    Rule("GET", "/groups/new", allow=CONFIRMED, expect={UNCONFIRMED: 403}),
    Rule("POST", "/groups/new", allow=CONFIRMED, expect={UNCONFIRMED: 403},
         form=lambda cast: {"name": "Sleep medicine peers", "kind": "topic",
                            "visibility": "open", "listed": "true"}),
    Rule("GET", "/groups/<int:group_id>", allow=SIGNED_IN, path=_group),
    insiders("GET", "/groups/<int:group_id>/members", _group),
    moderators("GET", "/groups/<int:group_id>/settings", _group),
    moderators("POST", "/groups/<int:group_id>/settings", _group,
               form=lambda cast: {"name": "Renamed consult group", "visibility": "private",
                                  "listed": "true", "description": "", "rules": ""}),
    moderators("POST", "/groups/<int:group_id>/members/<int:user_id>/unban",
               _on("group_banned"), form=_empty),
    Rule("POST", "/groups/<int:group_id>/join", form=_empty, **_join(302)),
    Rule("POST", "/groups/<int:group_id>/request", form=_empty, **_ask(302)),
    Rule("POST", "/groups/<int:group_id>/leave", form=_empty, **_leave(302)),
    insiders("POST", "/groups/<int:group_id>/norms", _group, form=_empty),
    moderators("POST", "/groups/<int:group_id>/members/<int:user_id>/approve", _requester,
               form=_empty),
    moderators("POST", "/groups/<int:group_id>/members/<int:user_id>/decline", _requester,
               form=_empty),
    moderators("POST", "/groups/<int:group_id>/members/<int:user_id>/remove",
               _on("group_member"), form=_empty, acting=GROUP_MODERATOR),
    moderators("POST", "/groups/<int:group_id>/members/<int:user_id>/ban",
               _on("group_member"), form=_empty, acting=GROUP_MODERATOR),
    owner_only("POST", "/groups/<int:group_id>/members/<int:user_id>/role",
               _on("group_member"), form=lambda cast: {"role": "moderator"}),
    owner_only("POST", "/groups/<int:group_id>/members/<int:user_id>/ownership",
               _on("group_member"), form=_empty),
    moderators("GET", "/groups/<int:group_id>/invite", _group),
    moderators("POST", "/groups/<int:group_id>/invite", _group,
               form=lambda cast: {"email": "colleague.to.be@example.org"}),
    Rule("GET", "/groups/invitations", allow=SIGNED_IN),
    Rule("GET", "/groups/invitations/<token>", allow=(MEMBER,), hidden=True,
         path=lambda cast: {"token": cast.secrets["group_invitation_token"]}),
    Rule("POST", "/groups/invitations/<int:invitation_id>/accept", form=_empty,
         expect={UNCONFIRMED: 403}, **MEMBER_INVITED),
    Rule("POST", "/groups/invitations/<int:invitation_id>/decline", form=_empty,
         **MEMBER_INVITED),
    insiders("GET", "/groups/<int:group_id>/threads/new", _group),
    insiders("POST", "/groups/<int:group_id>/threads/new", _group,
             form=lambda cast: {"title": "Documentation time", "body": "How long?"}),
    insiders("GET", "/groups/threads/<int:thread_id>", _thread),
    insiders("POST", "/groups/threads/<int:thread_id>/reply", _thread,
             form=lambda cast: {"body": "Same here."}),
    insiders("POST", "/groups/threads/<int:thread_id>/follow", _thread,
             form=lambda cast: {"following": "false"}),
    moderators("POST", "/groups/threads/<int:thread_id>/pin", _thread,
               form=lambda cast: {"pinned": "true"}),
    moderators("POST", "/groups/threads/<int:thread_id>/lock", _thread,
               form=lambda cast: {"locked": "true"}),
    author_only("GET", "/groups/posts/<int:post_id>/edit"),
    author_only("POST", "/groups/posts/<int:post_id>/edit",
                form=lambda cast: {"body": "Edited words"}),
    author_only("POST", "/groups/posts/<int:post_id>/delete", form=_empty),
    moderators("GET", "/groups/posts/<int:post_id>/remove", _post),
    moderators("POST", "/groups/posts/<int:post_id>/remove", _post,
               form=lambda cast: {"reason": "Off topic"}),
    insiders("GET", "/groups/posts/<int:post_id>/report", _post),
    insiders("POST", "/groups/posts/<int:post_id>/report", _post,
             form=lambda cast: {"reason": "Identifies a client"}, acting=GROUP_OWNER),
    moderators("POST", "/groups/<int:group_id>/events", _group,
               form=lambda cast: {"event_id": cast.ids["event"]}),
    moderators("POST", "/groups/<int:group_id>/events/<int:event_id>/unlink", _linked,
               form=_empty),
    moderators("GET", "/groups/<int:group_id>/reports", _group),
    moderators("POST", "/groups/reports/<int:report_id>/dismiss", _report, form=_empty),
    # API
    Rule("GET", f"{API}/groups", allow=SIGNED_IN),
    Rule("POST", f"{API}/groups", allow=CONFIRMED, expect={UNCONFIRMED: 403},
         json=lambda cast: {"name": "Sleep medicine peers"}),
    Rule("GET", f"{API}/groups/<int:group_id>", allow=SIGNED_IN, path=_group),
    moderators("PATCH", f"{API}/groups/<int:group_id>", _group,
               json=lambda cast: {"description": "Consults among peers."}),
    moderators("POST", f"{API}/groups/<int:group_id>/events", _group,
               json=lambda cast: {"event_id": cast.ids["event"]}),
    moderators("DELETE", f"{API}/groups/<int:group_id>/events/<int:event_id>", _linked),
    insiders("GET", f"{API}/groups/<int:group_id>/members", _group),
    Rule("POST", f"{API}/groups/<int:group_id>/membership", **_join(409)),
    Rule("DELETE", f"{API}/groups/<int:group_id>/membership", **_leave(409)),
    Rule("POST", f"{API}/groups/<int:group_id>/join-requests", **_ask(409)),
    moderators("POST", f"{API}/groups/<int:group_id>/join-requests/<int:user_id>/approve",
               _requester),
    moderators("POST", f"{API}/groups/<int:group_id>/join-requests/<int:user_id>/decline",
               _requester),
    moderators("DELETE", f"{API}/groups/<int:group_id>/members/<int:user_id>",
               _on("group_member"), acting=GROUP_MODERATOR),
    owner_only("PUT", f"{API}/groups/<int:group_id>/members/<int:user_id>/role",
               _on("group_member"), json=lambda cast: {"role": "moderator"}),
    moderators("POST", f"{API}/groups/<int:group_id>/bans", _group, acting=GROUP_MODERATOR,
               json=lambda cast: {"user_id": cast.ids["group_member"]}),
    moderators("DELETE", f"{API}/groups/<int:group_id>/bans/<int:user_id>",
               _on("group_banned")),
    owner_only("PUT", f"{API}/groups/<int:group_id>/ownership", _group,
               json=lambda cast: {"user_id": cast.ids["group_member"]}),
    insiders("PUT", f"{API}/groups/<int:group_id>/norms-acknowledgement", _group),
    moderators("POST", f"{API}/groups/<int:group_id>/invitations", _group,
               json=lambda cast: {"email": "colleague.to.be@example.org"}),
    Rule("GET", f"{API}/group-invitations", allow=SIGNED_IN),
    Rule("POST", f"{API}/group-invitations/<int:invitation_id>/accept",
         expect={UNCONFIRMED: 403}, **MEMBER_INVITED),
    Rule("POST", f"{API}/group-invitations/<int:invitation_id>/decline", **MEMBER_INVITED),
    insiders("GET", f"{API}/groups/<int:group_id>/threads", _group),
    insiders("POST", f"{API}/groups/<int:group_id>/threads", _group,
             json=lambda cast: {"title": "Documentation time", "body": "How long?"}),
    insiders("GET", f"{API}/groups/threads/<int:thread_id>", _thread),
    moderators("PATCH", f"{API}/groups/threads/<int:thread_id>", _thread,
               json=lambda cast: {"pinned": True}),
    insiders("GET", f"{API}/groups/threads/<int:thread_id>/posts", _thread),
    insiders("POST", f"{API}/groups/threads/<int:thread_id>/posts", _thread,
             json=lambda cast: {"body": "Same here."}),
    insiders("PUT", f"{API}/groups/threads/<int:thread_id>/follow", _thread,
             json=lambda cast: {"following": True}),
    insiders("GET", f"{API}/groups/posts/<int:post_id>", _post),
    author_only("PATCH", f"{API}/groups/posts/<int:post_id>",
                json=lambda cast: {"body": "Edited words"}),
    author_only("DELETE", f"{API}/groups/posts/<int:post_id>"),
    moderators("POST", f"{API}/groups/posts/<int:post_id>/removal", _post,
               json=lambda cast: {"reason": "Off topic"}),
    insiders("POST", f"{API}/groups/posts/<int:post_id>/reports", _post, acting=GROUP_OWNER,
             json=lambda cast: {"reason": "Identifies a client"}),
    moderators("GET", f"{API}/groups/<int:group_id>/reports", _group),
    moderators("POST", f"{API}/groups/reports/<int:report_id>/dismissal", _report),
]
