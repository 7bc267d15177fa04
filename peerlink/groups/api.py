"""The groups API: groups, memberships, invitations, threads, posts and reports. Every
answer follows the same rules as the pages (services): a private group's members, threads
and posts are Not Found to anyone outside it."""

from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.error_handler import ErrorSchema

from peerlink.accounts.security import confirmed_required
from peerlink.groups import discussions, invitations, reports, schemas, services
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("groups_api", __name__,
                    "Interest groups and peer-support circles: members, invitations, "
                    "threads, posts and reports to a group's moderators.")

NO_GROUP = "No such group, or it is private and you are not a member."
NOT_MODERATOR = "Only the group's moderators (or its owner) can do that."
NO_THREAD = "No such thread, or its group is private and you are not a member."
NO_POST = "No such post, or its group is private and you are not a member."
UNCONFIRMED = "Your e-mail address is not confirmed yet."


def _page(pagination_parameters) -> tuple[int, int]:
    size = pagination_parameters.page_size
    return size, (pagination_parameters.page - 1) * size


def _membership(group_id: int, user_id: int) -> dict:
    membership = services.membership_of(user_id, group_id)
    return {"group_id": group_id, "user_id": user_id,
            "role": membership.role if membership else None,
            "status": membership.status if membership else None}


@blp.route("/groups")
class Groups(MethodView):
    @blp.arguments(schemas.GroupsQuerySchema, location="query")
    @blp.response(200, schemas.GroupSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, pagination_parameters):
        """Listed groups and your own, by name; `q` searches names and descriptions;
        `event_id` gives the groups linked to a CE event (what its event page lists).

        Unlisted groups (every peer-support circle) appear to their members only."""
        pagination_parameters.item_count = services.count_groups(
            current_user, args["q"], args["kind"], args["mine"], args["event_id"])
        return services.list_groups(current_user, args["q"], args["kind"], args["mine"],
                                    *_page(pagination_parameters), event_id=args["event_id"])

    @blp.arguments(schemas.GroupCreateSchema)
    @blp.response(201, schemas.GroupSchema)
    @blp.alt_response(403, schema=ErrorSchema, description=UNCONFIRMED)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @confirmed_required
    @blp.rate_limit(services.CREATING)
    def post(self, data):
        """Create a group; you own it, linked to `event_ids` (CE events). A peer_support
        group is always private and unlisted."""
        group = services.create_group(current_user, **data)
        return services.group_view(current_user, group.id)


@blp.route("/groups/<int:group_id>")
class GroupById(MethodView):
    @blp.response(200, schemas.GroupSchema)
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, group_id: int):
        """A group, with your standing in it. Unlisted groups: members and invitees only."""
        return services.group_view(current_user, group_id)

    @blp.arguments(schemas.GroupUpdateSchema)
    @blp.response(200, schemas.GroupSchema)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def patch(self, data, group_id: int):
        """Change the name, description, rules, visibility or listing (moderators)."""
        services.update_group(current_user, group_id, **data)
        return services.group_view(current_user, group_id)


@blp.route("/groups/<int:group_id>/events")
class GroupEvents(MethodView):
    @blp.arguments(schemas.EventLinkSchema)
    @blp.response(201, schemas.GroupSchema)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, NO_GROUP)
    @blp.error(409, "The group is linked to this event already.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, group_id: int):
        """Link the group to a CE event (moderators; up to 10 events). An unknown event is
        a field error on `event_id`."""
        services.link_event(current_user, group_id, data["event_id"])
        return services.group_view(current_user, group_id)


@blp.route("/groups/<int:group_id>/events/<int:event_id>")
class GroupEventById(MethodView):
    @blp.response(204)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, "No such group, or it is not linked to that event.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, group_id: int, event_id: int):
        """Unlink the group from a CE event (moderators)."""
        services.unlink_event(current_user, group_id, event_id)


@blp.route("/groups/<int:group_id>/members")
class Members(MethodView):
    @blp.arguments(schemas.MembersQuerySchema, location="query")
    @blp.response(200, schemas.MemberSchema(many=True))
    @blp.paginate()
    @blp.error(403, "Only moderators see join requests and bans.")
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, group_id: int, pagination_parameters):
        """The members (owner and moderators first), leaving out anyone with a block between
        you; `status=requested` or `banned` for moderators."""
        entries, total = services.members_page(current_user, group_id,
                                               *_page(pagination_parameters),
                                               status=args["status"])
        pagination_parameters.item_count = total
        return entries


@blp.route("/groups/<int:group_id>/membership")
class OwnMembership(MethodView):
    @blp.response(201, schemas.MembershipSchema)
    @blp.error(403, "The group is private (ask to join), or you were banned from it.")
    @blp.error(404, NO_GROUP)
    @blp.error(409, "You are a member already, or asked already.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @confirmed_required
    def post(self, group_id: int):
        """Join an open group."""
        services.join(current_user, group_id)
        return _membership(group_id, current_user.id)

    @blp.response(204)
    @blp.error(404, NO_GROUP)
    @blp.error(409, "The owner passes ownership on before leaving.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, group_id: int):
        """Leave the group, or withdraw your request to join."""
        services.leave(current_user, group_id)


@blp.route("/groups/<int:group_id>/join-requests")
class JoinRequests(MethodView):
    @blp.response(201, schemas.MembershipSchema)
    @blp.error(403, "Invitation only (circles, unlisted groups), or you were banned.")
    @blp.error(404, NO_GROUP)
    @blp.error(409, "You are a member already, asked already, or the group is open.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @confirmed_required
    def post(self, group_id: int):
        """Ask to join a private group; its moderators are notified."""
        services.request_to_join(current_user, group_id)
        return _membership(group_id, current_user.id)


@blp.route("/groups/<int:group_id>/join-requests/<int:user_id>/approve")
class Approve(MethodView):
    @blp.response(200, schemas.MembershipSchema)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, "No such group or request.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, group_id: int, user_id: int):
        """Let a member in (moderators). They are notified."""
        services.answer_request(current_user, group_id, user_id, True)
        return _membership(group_id, user_id)


@blp.route("/groups/<int:group_id>/join-requests/<int:user_id>/decline")
class DeclineRequest(MethodView):
    @blp.response(204)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, "No such group or request.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, group_id: int, user_id: int):
        """Turn a request down (moderators). The member is notified and may ask again."""
        services.answer_request(current_user, group_id, user_id, False)


@blp.route("/groups/<int:group_id>/members/<int:user_id>")
class MemberById(MethodView):
    @blp.response(204)
    @blp.error(403, "Moderators remove members; only the owner removes a moderator; "
                    "nobody removes the owner.")
    @blp.error(404, "No such group or member.")
    @blp.error(422, "You cannot remove yourself (leave the group instead).")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, group_id: int, user_id: int):
        """Remove a member from the group; they may join or ask again."""
        services.remove_member(current_user, group_id, user_id)


@blp.route("/groups/<int:group_id>/members/<int:user_id>/role")
class MemberRole(MethodView):
    @blp.arguments(schemas.RoleSchema)
    @blp.response(200, schemas.MembershipSchema)
    @blp.error(403, "Only the owner appoints and demotes moderators.")
    @blp.error(404, "No such group or member.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data, group_id: int, user_id: int):
        """Make a member a moderator, or a moderator a member again (owner)."""
        services.set_role(current_user, group_id, user_id, data["role"])
        return _membership(group_id, user_id)


@blp.route("/groups/<int:group_id>/bans")
class Bans(MethodView):
    @blp.arguments(schemas.MemberActionSchema)
    @blp.response(201, schemas.MembershipSchema)
    @blp.error(403, "Moderators ban members; only the owner bans a moderator; nobody bans "
                    "the owner.")
    @blp.error(404, "No such group or member.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, group_id: int):
        """Ban a member or someone asking to join: they cannot read a private group, join,
        ask or be invited again."""
        services.ban_member(current_user, group_id, data["user_id"])
        return _membership(group_id, data["user_id"])


@blp.route("/groups/<int:group_id>/bans/<int:user_id>")
class BanById(MethodView):
    @blp.response(204)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, "No such group, or no such ban.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, group_id: int, user_id: int):
        """Lift a ban: the member may join, ask or be invited again (moderators)."""
        services.unban(current_user, group_id, user_id)


@blp.route("/groups/<int:group_id>/ownership")
class Ownership(MethodView):
    @blp.arguments(schemas.MemberActionSchema)
    @blp.response(200, schemas.MembershipSchema)
    @blp.error(403, "Only the owner passes ownership on.")
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data, group_id: int):
        """Pass ownership to an active member; you stay on as a moderator."""
        services.transfer_ownership(current_user, group_id, data["user_id"])
        return _membership(group_id, data["user_id"])


@blp.route("/groups/<int:group_id>/norms-acknowledgement")
class Norms(MethodView):
    @blp.response(200, schemas.MembershipSchema)
    @blp.error(403, "Only members accept the group's norms.")
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, group_id: int):
        """Say you read and accept a circle's norms: needed before your first post there."""
        services.acknowledge_norms(current_user, group_id)
        return _membership(group_id, current_user.id)


@blp.route("/groups/<int:group_id>/invitations")
class GroupInvitations(MethodView):
    @blp.arguments(schemas.InvitationCreateSchema)
    @blp.response(201, schemas.InvitationSentSchema)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, "No such group or member.")
    @blp.error(409, "In the group already, invited already, or banned.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(invitations.INVITING)
    def post(self, data, group_id: int):
        """Invite a member (`user_id`), or anyone by `email`: they get a link, and on
        signing up and confirming that address the invitation is theirs (moderators)."""
        if data.get("user_id"):
            return invitations.invite_member(current_user, group_id, data["user_id"])
        return invitations.invite_by_email(current_user, group_id, data["email"])


@blp.route("/group-invitations")
class MyInvitations(MethodView):
    @blp.response(200, schemas.InvitationSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """Your pending invitations, to your account or your confirmed address."""
        return invitations.list_invitations(current_user)


@blp.route("/group-invitations/<int:invitation_id>/accept")
class AcceptInvitation(MethodView):
    @blp.response(200, schemas.MembershipSchema)
    @blp.error(404, "No such invitation for you.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @confirmed_required
    def post(self, invitation_id: int):
        """Join the group you were invited to."""
        membership = invitations.accept(current_user, invitation_id)
        return _membership(membership.group_id, current_user.id)


@blp.route("/group-invitations/<int:invitation_id>/decline")
class DeclineInvitation(MethodView):
    @blp.response(204)
    @blp.error(404, "No such invitation for you.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, invitation_id: int):
        """Decline an invitation; nobody is told."""
        invitations.decline(current_user, invitation_id)


@blp.route("/groups/<int:group_id>/threads")
class Threads(MethodView):
    @blp.arguments(schemas.ThreadsQuerySchema, location="query")
    @blp.response(200, schemas.ThreadSchema(many=True))
    @blp.paginate()
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, group_id: int, pagination_parameters):
        """The group's threads, pinned first, then the latest active; `q` searches titles
        and posts (full text)."""
        entries, total = discussions.list_threads(current_user, group_id, args["q"],
                                                  *_page(pagination_parameters))
        pagination_parameters.item_count = total
        return entries

    @blp.arguments(schemas.ThreadCreateSchema)
    @blp.phi_guarded()
    @blp.response(201, schemas.ThreadSchema)
    @blp.error(403, "Members only; a circle's norms must be accepted first.")
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(discussions.POSTING)
    def post(self, data, group_id: int):
        """Start a thread (members). You follow it; members you @mention are notified.

        A title or text that may identify a client is refused with 422, its `findings`
        and `confirmable`; send it again with `confirm_deidentified: true` once checked."""
        thread = discussions.start_thread(current_user, group_id, data["title"], data["body"],
                                          confirm_deidentified=data["confirm_deidentified"])
        return discussions.thread_entry(current_user, thread.id)


@blp.route("/groups/threads/<int:thread_id>")
class ThreadById(MethodView):
    @blp.response(200, schemas.ThreadDetailSchema)
    @blp.error(404, NO_THREAD)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, thread_id: int):
        """A thread with its opening post (replies: /groups/threads/{thread_id}/posts)."""
        page = discussions.thread_page(current_user, thread_id, limit=0)
        return {**page.thread.__dict__, "opening": page.opening, "following": page.following}

    @blp.arguments(schemas.ThreadFlagsSchema)
    @blp.response(200, schemas.ThreadSchema)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, NO_THREAD)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def patch(self, data, thread_id: int):
        """Pin or lock a thread (moderators). Nobody but moderators replies to a locked one."""
        discussions.set_thread_flags(current_user, thread_id, **data)
        return discussions.thread_entry(current_user, thread_id)


@blp.route("/groups/threads/<int:thread_id>/posts")
class Posts(MethodView):
    @blp.response(200, schemas.PostSchema(many=True))
    @blp.paginate()
    @blp.error(404, NO_THREAD)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, thread_id: int, pagination_parameters):
        """The thread's replies, oldest first."""
        entries, total = discussions.replies_page(current_user, thread_id,
                                                  *_page(pagination_parameters))
        pagination_parameters.item_count = total
        return entries

    @blp.arguments(schemas.PostCreateSchema)
    @blp.phi_guarded()
    @blp.response(201, schemas.PostSchema)
    @blp.error(403, "Members only; a circle's norms must be accepted first.")
    @blp.error(404, NO_THREAD)
    @blp.error(409, "The thread is locked.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(discussions.POSTING)
    def post(self, data, thread_id: int):
        """Reply. Followers of the thread and members you @mention are notified. Text the
        PHI guard flags needs `confirm_deidentified: true` (see starting a thread)."""
        post = discussions.reply(current_user, thread_id, data["body"],
                                 confirm_deidentified=data["confirm_deidentified"])
        return discussions.post_view(current_user, post.id)


@blp.route("/groups/threads/<int:thread_id>/follow")
class Follow(MethodView):
    @blp.arguments(schemas.FollowSchema)
    @blp.response(204)
    @blp.error(404, NO_THREAD)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data, thread_id: int):
        """Follow (`true`) or stop following (`false`) a thread's replies."""
        discussions.follow(current_user, thread_id, data["following"])


@blp.route("/groups/posts/<int:post_id>")
class PostById(MethodView):
    @blp.response(200, schemas.PostSchema)
    @blp.error(404, NO_POST)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, post_id: int):
        """A post; its body is null once deleted or removed (except for its author and the
        moderators, who also read the removal reason)."""
        return discussions.post_view(current_user, post_id)

    @blp.arguments(schemas.PostUpdateSchema)
    @blp.phi_guarded()
    @blp.response(200, schemas.PostSchema)
    @blp.error(403, "Only the post's author edits it.")
    @blp.error(404, NO_POST)
    @blp.error(409, "The post was deleted or removed.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def patch(self, data, post_id: int):
        """Edit your post (it is marked edited); `title` retitles a thread you started.
        Text the PHI guard flags needs `confirm_deidentified: true`."""
        discussions.edit_post(current_user, post_id, data["body"], data.get("title"),
                              confirm_deidentified=data["confirm_deidentified"])
        return discussions.post_view(current_user, post_id)

    @blp.response(204)
    @blp.error(403, "Only the post's author deletes it.")
    @blp.error(404, NO_POST)
    @blp.error(409, "The post was deleted or removed already.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, post_id: int):
        """Delete your post: its text is gone, a marker stays in the thread."""
        discussions.delete_post(current_user, post_id)


@blp.route("/groups/posts/<int:post_id>/removal")
class Removal(MethodView):
    @blp.arguments(schemas.RemovalSchema)
    @blp.response(200, schemas.PostSchema)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, NO_POST)
    @blp.error(409, "The post was deleted or removed already.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, post_id: int):
        """Remove a post with a reason (moderators); its author is told and reads the reason
        beside it. Its open reports are resolved."""
        discussions.remove_post(current_user, post_id, data["reason"])
        return discussions.post_view(current_user, post_id)


@blp.route("/groups/posts/<int:post_id>/reports")
class PostReports(MethodView):
    @blp.arguments(schemas.ReportCreateSchema)
    @blp.response(201, schemas.ReportCreatedSchema)
    @blp.error(404, NO_POST)
    @blp.error(409, "You reported it already, or it is gone.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(reports.REPORTING)
    def post(self, data, post_id: int):
        """Report a post to the group's moderators (only they hear of it)."""
        return reports.report_post(current_user, post_id, data["reason"])


@blp.route("/groups/<int:group_id>/reports")
class Queue(MethodView):
    @blp.response(200, schemas.ReportSchema(many=True))
    @blp.paginate()
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, NO_GROUP)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, group_id: int, pagination_parameters):
        """Open reports, oldest first (the group's moderators)."""
        entries, total = reports.queue(current_user, group_id, *_page(pagination_parameters))
        pagination_parameters.item_count = total
        return entries


@blp.route("/groups/reports/<int:report_id>/dismissal")
class Dismissal(MethodView):
    @blp.response(204)
    @blp.error(403, NOT_MODERATOR)
    @blp.error(404, "No such report.")
    @blp.error(409, "Handled already.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, report_id: int):
        """Dismiss a report: the post stays (moderators)."""
        reports.dismiss(current_user, report_id)
