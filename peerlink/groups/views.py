"""HTML pages for groups: the list and its search, a group with its threads, members,
invitations, a thread with its replies, and the moderators' report queue. Every rule lives
in services, invitations, discussions and reports; these pages ask them."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from peerlink.accounts.security import confirmed_required
from peerlink.accounts.signals import account_deleting, account_exporting
from peerlink.chat.rooms import register_room_kind
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.events.services import get_event
from peerlink.events.signals import event_page_sections
from peerlink.extensions import limited
from peerlink.groups import discussions, invitations, reports, schemas, services
from peerlink.groups.exports import export_groups, forget_member
from peerlink.groups.models import KIND_LABELS, MAX_EVENTS
from peerlink.groups.rooms import GROUP_ROOMS, group_room_id
from peerlink.phi.guard import PhiFlagged, marked
from peerlink.profiles import privacy
from peerlink.schemas import load_form
from peerlink.web import field_errors, page_links, render_form

bp = Blueprint("groups", __name__)
bp.record_once(lambda state: register_room_kind(GROUP_ROOMS))
PER_PAGE = 20
REPLIES_PER_PAGE = 30
MEMBERS_PER_PAGE = 50


@account_exporting.connect
def _export(user, **_) -> dict:
    return export_groups(user)


@account_deleting.connect
def _forget(user, **_) -> None:
    forget_member(user)


@event_page_sections.connect
def event_groups(event, viewer, **_) -> dict:
    """The groups linked to an event that the viewer may see, on the event's page."""
    return {"template": "groups/_event_groups.html", "event": event,
            "groups": services.groups_of_event(viewer, event.id)}


@bp.app_context_processor
def group_words():
    return {"group_kind_labels": KIND_LABELS}


def _page_number() -> int:
    value = request.args.get("page", "1")
    return max(1, min(int(value), 10_000)) if value.isdigit() else 1


def _pages(total: int, per_page: int, endpoint: str, **values):
    page = _page_number()
    return page, page_links(page, max(1, -(-total // per_page)),
                            lambda number: url_for(endpoint, **values, page=number))


def _done(message: str, endpoint: str = "groups.show", **values):
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def _refused(exc, endpoint: str = "groups.show", **values):
    flash(field_errors(exc).get("user_id", [exc.message])[0]
          if isinstance(exc, ValidationFailed) else exc.message, "error")
    return redirect(url_for(endpoint, **values))


# --- the list and a group ------------------------------------------------------------------


@bp.get("/groups")
@login_required
def index():
    q = request.args.get("q", "").strip()[:200]
    kind = request.args.get("kind") if request.args.get("kind") in KIND_LABELS else None
    total = services.count_groups(current_user, q, kind)
    page, pages = _pages(total, PER_PAGE, "groups.index", q=q, **({"kind": kind} if kind else {}))
    return render_template(
        "groups/index.html", q=q, kind=kind, total=total, pages=pages,
        groups=services.list_groups(current_user, q, kind, limit=PER_PAGE,
                                    offset=(page - 1) * PER_PAGE),
        invitation_count=len(invitations.list_invitations(current_user)))


def _group_form(errors=None, event=None):
    return render_form("groups/new.html", errors, kinds=KIND_LABELS, event=event)


def _event_from(value: str | None):
    """The event a group is being started from (/groups/new?event_id=N), if it exists."""
    if not value or not value.isdigit() or len(value) > 12:
        return None
    try:
        return get_event(int(value))
    except NotFound:
        return None


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
@confirmed_required
@limited(services.CREATING, methods=["POST"])
def create():
    if request.method != "POST":
        event = _event_from(request.args.get("event_id"))
        if event is None:
            return _group_form()
        return render_template("groups/new.html", errors={}, kinds=KIND_LABELS, event=event,
                               form={"kind": "event_follow_up", "listed": "true",
                                     "event_ids": str(event.id)})
    form = request.form.copy()
    form.setdefault("listed", "false")
    event = _event_from(form.get("event_ids"))
    try:
        data = load_form(schemas.GroupCreateSchema(), form)
        group = services.create_group(current_user, **data)
    except (ValidationError, ValidationFailed) as exc:
        return _group_form(field_errors(exc), event)
    return _done(f"{group.name} is ready. Start the first thread.", group_id=group.id)


@bp.get("/groups/<int:group_id>")
@login_required
def show(group_id: int):
    view = services.group_view(current_user, group_id)
    q = request.args.get("q", "").strip()[:200]
    threads, total, pages = [], 0, None
    if view.can_read:
        page = _page_number()
        threads, total = discussions.list_threads(current_user, group_id, q, PER_PAGE,
                                                  (page - 1) * PER_PAGE)
        _, pages = _pages(total, PER_PAGE, "groups.show", group_id=group_id, q=q)
    membership = services.membership_of(current_user.id, group_id)
    return render_template("groups/show.html", view=view, group=view.group, threads=threads,
                           total=total, pages=pages, q=q,
                           events=services.events_of_group(group_id),
                           needs_norms=services.needs_norms(view.group, membership),
                           chat_room_id=group_room_id(group_id) if view.is_member else None)


@bp.route("/groups/<int:group_id>/settings", methods=["GET", "POST"])
@login_required
def settings(group_id: int):
    """The group's name, description, norms and who may find and join it (moderators)."""
    group, _ = services.require_moderator(current_user, group_id)
    view = services.group_view(current_user, group_id)
    if request.method != "POST":
        current = {"name": group.name, "description": group.description,
                   "rules": group.rules, "visibility": group.visibility,
                   "listed": "true" if group.listed else ""}
        return render_template("groups/settings.html", view=view, group=group, form=current,
                               errors={}, **_event_links(group_id))
    form = request.form.copy()
    form.setdefault("listed", "false")
    try:
        data = load_form(schemas.GroupUpdateSchema(), form)
        services.update_group(current_user, group_id, **data)
    except (ValidationError, ValidationFailed) as exc:
        return render_form("groups/settings.html", field_errors(exc), view=view, group=group,
                           **_event_links(group_id))
    return _done("Settings saved.", group_id=group_id)


def _event_links(group_id: int) -> dict:
    return {"events": services.events_of_group(group_id),
            "linkable": services.linkable_events(), "max_events": MAX_EVENTS}


@bp.post("/groups/<int:group_id>/events")
@login_required
def link_event(group_id: int):
    """Moderators link the group to a CE event (from the settings page)."""
    try:
        data = load_form(schemas.EventLinkSchema(), request.form)
        services.link_event(current_user, group_id, data["event_id"])
    except (ValidationError, ValidationFailed) as exc:
        flash(field_errors(exc).get("event_id", ["Choose an event."])[0], "error")
        return redirect(url_for("groups.settings", group_id=group_id))
    except Conflict as exc:
        return _refused(exc, "groups.settings", group_id=group_id)
    return _done("The group is linked to the event.", "groups.settings", group_id=group_id)


@bp.post("/groups/<int:group_id>/events/<int:event_id>/unlink")
@login_required
def unlink_event(group_id: int, event_id: int):
    services.unlink_event(current_user, group_id, event_id)
    return _done("The link to the event is gone.", "groups.settings", group_id=group_id)


@bp.get("/groups/<int:group_id>/members")
@login_required
def members(group_id: int):
    status = request.args.get("status", "active")
    if status not in ("active", "requested", "banned"):
        status = "active"
    view = services.group_view(current_user, group_id)
    page = _page_number()
    entries, total = services.members_page(current_user, group_id, MEMBERS_PER_PAGE,
                                           (page - 1) * MEMBERS_PER_PAGE, status)
    _, pages = _pages(total, MEMBERS_PER_PAGE, "groups.members", group_id=group_id,
                      status=status)
    # Message, beside the members the viewer is connected with (chat.start, as on profiles).
    connected = privacy.connected_among(current_user.id, [e.user_id for e in entries]) \
        if status == "active" else set()
    return render_template("groups/members.html", view=view, group=view.group,
                           entries=entries, total=total, pages=pages, status=status,
                           connected=connected)


# --- joining, leaving and running the group -------------------------------------------------


def _member_action(action, message: str, group_id: int, *args, back="groups.show"):
    """A refusal by role (PermissionDenied) is the 403 page; a clash with the group's state
    (a member already, the owner leaving) returns with the reason."""
    try:
        action(current_user, group_id, *args)
    except (Conflict, ValidationFailed) as exc:
        return _refused(exc, back, group_id=group_id)
    return _done(message, back, group_id=group_id)


@bp.post("/groups/<int:group_id>/join")
@login_required
@confirmed_required
def join(group_id: int):
    return _member_action(services.join, "Welcome to the group.", group_id)


@bp.post("/groups/<int:group_id>/request")
@login_required
@confirmed_required
def request_to_join(group_id: int):
    return _member_action(services.request_to_join,
                          "Your request is with the group's moderators.", group_id)


@bp.post("/groups/<int:group_id>/leave")
@login_required
def leave(group_id: int):
    try:
        services.leave(current_user, group_id)
    except Conflict as exc:
        return _refused(exc, group_id=group_id)
    return _done("You left the group.", "groups.index")


@bp.post("/groups/<int:group_id>/norms")
@login_required
def acknowledge_norms(group_id: int):
    return _member_action(services.acknowledge_norms,
                          "Thank you. You can take part in the circle now.", group_id)


def _user_id_from_form() -> int:
    value = request.form.get("user_id", "")
    if not value.isdigit():
        raise ValidationFailed.on("user_id", "Choose a member.")
    return int(value)


def _on_member(action, message: str, group_id: int, user_id: int, *extra):
    return _member_action(action, message, group_id, user_id, *extra, back="groups.members")


@bp.post("/groups/<int:group_id>/members/<int:user_id>/approve")
@login_required
def approve(group_id: int, user_id: int):
    return _on_member(services.answer_request, "Request accepted.", group_id, user_id, True)


@bp.post("/groups/<int:group_id>/members/<int:user_id>/decline")
@login_required
def decline(group_id: int, user_id: int):
    return _on_member(services.answer_request, "Request declined.", group_id, user_id, False)


@bp.post("/groups/<int:group_id>/members/<int:user_id>/remove")
@login_required
def remove(group_id: int, user_id: int):
    return _on_member(services.remove_member, "Removed from the group.", group_id, user_id)


@bp.post("/groups/<int:group_id>/members/<int:user_id>/ban")
@login_required
def ban(group_id: int, user_id: int):
    return _on_member(services.ban_member, "Banned from the group.", group_id, user_id)


@bp.post("/groups/<int:group_id>/members/<int:user_id>/unban")
@login_required
def unban(group_id: int, user_id: int):
    return _on_member(services.unban, "Ban lifted.", group_id, user_id)


@bp.post("/groups/<int:group_id>/members/<int:user_id>/role")
@login_required
def set_role(group_id: int, user_id: int):
    role = request.form.get("role", "")
    return _on_member(services.set_role, "Role changed.", group_id, user_id, role)


@bp.post("/groups/<int:group_id>/members/<int:user_id>/ownership")
@login_required
def transfer(group_id: int, user_id: int):
    return _on_member(services.transfer_ownership,
                      "Ownership passed on; you are a moderator now.", group_id, user_id)


# --- invitations ---------------------------------------------------------------------------


@bp.route("/groups/<int:group_id>/invite", methods=["GET", "POST"])
@login_required
@limited(invitations.INVITING, methods=["POST"])
def invite(group_id: int):
    services.require_moderator(current_user, group_id)
    view = services.group_view(current_user, group_id)
    if request.method != "POST":
        return render_form("groups/invite.html", view=view, group=view.group)
    try:
        data = load_form(schemas.InvitationCreateSchema(), request.form)
        if data.get("user_id"):
            invitations.invite_member(current_user, group_id, data["user_id"])
        else:
            invitations.invite_by_email(current_user, group_id, data["email"])
    except (ValidationError, ValidationFailed, Conflict) as exc:
        return render_form("groups/invite.html", field_errors(exc), view=view,
                           group=view.group)
    return _done("Invitation sent.", group_id=group_id)


@bp.get("/groups/invitations")
@login_required
def invitations_page():
    return render_template("groups/invitations.html",
                           invitations=invitations.list_invitations(current_user))


@bp.get("/groups/invitations/<token>")
@login_required
def invitation(token: str):
    """The link in an invitation e-mail: the invitation, if it is addressed to this account
    (sign up or log in with the invited address, and confirm it)."""
    found = invitations.by_token(current_user, token)
    return render_template("groups/invitations.html",
                           invitations=[entry for entry in invitations.list_invitations(
                               current_user) if entry.id == found.id])


@bp.post("/groups/invitations/<int:invitation_id>/accept")
@login_required
@confirmed_required
def accept_invitation(invitation_id: int):
    membership = invitations.accept(current_user, invitation_id)
    return _done("Welcome to the group.", group_id=membership.group_id)


@bp.post("/groups/invitations/<int:invitation_id>/decline")
@login_required
def decline_invitation(invitation_id: int):
    invitations.decline(current_user, invitation_id)
    return _done("Invitation declined.", "groups.invitations_page")


# --- threads and posts ---------------------------------------------------------------------


@bp.route("/groups/<int:group_id>/threads/new", methods=["GET", "POST"])
@login_required
@limited(discussions.POSTING, methods=["POST"])
def new_thread(group_id: int):
    services.require_poster(current_user, group_id)
    group, _ = services.require_group(current_user, group_id)
    if request.method != "POST":
        return render_form("groups/new_thread.html", group=group)
    try:
        data = load_form(schemas.ThreadCreateSchema(), request.form)
        thread = discussions.start_thread(current_user, group_id, data["title"], data["body"],
                                          confirm_deidentified=data["confirm_deidentified"])
    except PhiFlagged as exc:
        return render_form("groups/new_thread.html", field_errors(exc), group=group,
                           flagged=marked(exc, data))
    except ValidationError as exc:
        return render_form("groups/new_thread.html", field_errors(exc), group=group)
    return _done("Thread started.", "groups.thread", thread_id=thread.id)


def _thread_page(thread_id: int, errors=None, status: int = 200, flagged=None):
    page = _page_number()
    view = discussions.thread_page(current_user, thread_id, REPLIES_PER_PAGE,
                                   (page - 1) * REPLIES_PER_PAGE)
    _, pages = _pages(view.reply_total, REPLIES_PER_PAGE, "groups.thread",
                      thread_id=thread_id)
    form = request.form if errors else {}
    return render_template("groups/thread.html", page=view, thread=view.thread,
                           group=view.group, pages=pages, errors=errors or {},
                           form=form, flagged=flagged or {}), status


@bp.get("/groups/threads/<int:thread_id>")
@login_required
def thread(thread_id: int):
    return _thread_page(thread_id)


@bp.post("/groups/threads/<int:thread_id>/reply")
@login_required
@limited(discussions.POSTING)
def reply(thread_id: int):
    try:
        data = load_form(schemas.PostCreateSchema(), request.form)
    except ValidationError as exc:
        discussions.require_thread(current_user, thread_id)
        return _thread_page(thread_id, field_errors(exc), 422)
    try:
        discussions.reply(current_user, thread_id, data["body"],
                          confirm_deidentified=data["confirm_deidentified"])
    except PhiFlagged as exc:
        return _thread_page(thread_id, field_errors(exc), 422, marked(exc, data))
    except Conflict as exc:
        return _refused(exc, "groups.thread", thread_id=thread_id)
    return _done("Reply posted.", "groups.thread", thread_id=thread_id,
                 page=request.args.get("page", 1))


def _flag(thread_id: int, message: str, **flags):
    discussions.set_thread_flags(current_user, thread_id, **flags)
    return _done(message, "groups.thread", thread_id=thread_id)


@bp.post("/groups/threads/<int:thread_id>/pin")
@login_required
def pin(thread_id: int):
    pinned = request.form.get("pinned", "true") == "true"
    return _flag(thread_id, "Thread pinned." if pinned else "Thread unpinned.", pinned=pinned)


@bp.post("/groups/threads/<int:thread_id>/lock")
@login_required
def lock(thread_id: int):
    locked = request.form.get("locked", "true") == "true"
    return _flag(thread_id, "Thread locked." if locked else "Thread unlocked.", locked=locked)


@bp.post("/groups/threads/<int:thread_id>/follow")
@login_required
def follow(thread_id: int):
    following = request.form.get("following", "true") == "true"
    discussions.follow(current_user, thread_id, following)
    return _done("You follow this thread." if following else "You no longer follow it.",
                 "groups.thread", thread_id=thread_id)


@bp.route("/groups/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    view = discussions.post_view(current_user, post_id)
    if not view.mine or view.state != "shown":
        raise PermissionDenied("Only its author can change a post still shown.")
    if request.method != "POST":
        return render_template("groups/edit_post.html", post=view,
                               form={"body": view.body}, errors={}, flagged={})
    try:
        data = load_form(schemas.PostCreateSchema(), request.form)
        discussions.edit_post(current_user, post_id, data["body"],
                              confirm_deidentified=data["confirm_deidentified"])
    except PhiFlagged as exc:
        return render_form("groups/edit_post.html", field_errors(exc), post=view,
                           flagged=marked(exc, data))
    except (ValidationError, ValidationFailed) as exc:
        return render_form("groups/edit_post.html", field_errors(exc), post=view)
    return _done("Post edited.", "groups.thread", thread_id=view.thread_id)


@bp.post("/groups/posts/<int:post_id>/delete")
@login_required
def delete_post(post_id: int):
    post = discussions.delete_post(current_user, post_id)
    return _done("Post deleted.", "groups.thread", thread_id=post.thread_id)


@bp.route("/groups/posts/<int:post_id>/remove", methods=["GET", "POST"])
@login_required
def remove_post(post_id: int):
    view = discussions.post_view(current_user, post_id)
    post, thread, group, membership = discussions.require_post(current_user, post_id)
    if not services.can_moderate(membership):
        raise PermissionDenied("Only the group's moderators can remove posts.")
    if request.method != "POST":
        return render_form("groups/remove_post.html", post=view, thread=thread)
    try:
        data = load_form(schemas.RemovalSchema(), request.form)
    except ValidationError as exc:
        return render_form("groups/remove_post.html", field_errors(exc), post=view,
                           thread=thread)
    discussions.remove_post(current_user, post_id, data["reason"])
    return _done("Post removed; its author is told why.", "groups.thread",
                 thread_id=thread.id)


@bp.route("/groups/posts/<int:post_id>/report", methods=["GET", "POST"])
@login_required
@limited(reports.REPORTING, methods=["POST"])
def report_post(post_id: int):
    view = discussions.post_view(current_user, post_id)
    if request.method != "POST":
        return render_form("groups/report_post.html", post=view)
    try:
        data = load_form(schemas.ReportCreateSchema(), request.form)
    except ValidationError as exc:
        return render_form("groups/report_post.html", field_errors(exc), post=view)
    try:
        reports.report_post(current_user, post_id, data["reason"])
    except Conflict as exc:
        return _refused(exc, "groups.thread", thread_id=view.thread_id)
    return _done("Thank you. The group's moderators will look at it.", "groups.thread",
                 thread_id=view.thread_id)


@bp.get("/groups/<int:group_id>/reports")
@login_required
def reports_page(group_id: int):
    page = _page_number()
    entries, total = reports.queue(current_user, group_id, PER_PAGE, (page - 1) * PER_PAGE)
    _, pages = _pages(total, PER_PAGE, "groups.reports_page", group_id=group_id)
    view = services.group_view(current_user, group_id)
    return render_template("groups/reports.html", view=view, group=view.group,
                           reports=entries, total=total, pages=pages)


@bp.post("/groups/reports/<int:report_id>/dismiss")
@login_required
def dismiss_report(report_id: int):
    report = reports.dismiss(current_user, report_id)
    return _done("Report dismissed; the post stays.", "groups.reports_page",
                 group_id=report.group_id)

