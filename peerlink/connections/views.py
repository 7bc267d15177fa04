"""HTML pages for connections, blocks and people to meet. Rules live in services, blocks
and people_to_meet."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from peerlink.accounts.security import confirmed_required, safe_next_url
from peerlink.accounts.signals import account_exporting
from peerlink.connections import blocks, people_to_meet, schemas, services
from peerlink.connections.relations import RELATIONS
from peerlink.errors import Conflict, ValidationFailed
from peerlink.extensions import limited
from peerlink.profiles.attendance import events_recorded
from peerlink.profiles.relations import register_relation_source
from peerlink.profiles.signals import profile_page_actions
from peerlink.schemas import load_form
from peerlink.web import field_errors, render_form

bp = Blueprint("connections", __name__)
# Privacy asks this feature who is connected and who is blocked.
bp.record_once(lambda state: register_relation_source(RELATIONS))


@profile_page_actions.connect
def connection_buttons(view, viewer, **_) -> dict:
    """Connect, Accept, Withdraw, Remove and Block on someone else's profile page."""
    return {"template": "connections/_profile_actions.html",
            "relationship": services.relationship_with(viewer.id, view.profile.user_id)}


@account_exporting.connect
def export_connections(user, **_) -> dict:
    """The member's own download: their connections, pending requests both ways and blocks,
    each other member as their public card."""
    entries = schemas.ConnectionSchema(many=True)
    return {"connections": entries.dump(services.list_connections(user.id)),
            "connection_requests": {direction: entries.dump(services.list_requests(
                user.id, direction)) for direction in schemas.DIRECTIONS},
            "blocks": schemas.BlockSchema(many=True).dump(blocks.list_blocks(user.id))}


@bp.app_context_processor
def note_limit():
    """The connect form's note limit, shown beside the field on every page that has one."""
    return {"connection_note_max": schemas.NOTE_MAX}


def _back() -> str:
    """Where a form asked to return to, if it is a path on this site."""
    return safe_next_url(request.form.get("next")) or url_for("connections.index")


@bp.get("/connections")
@login_required
def index():
    me = current_user.id
    return render_template(
        "connections/index.html",
        connections=services.list_connections(me),
        incoming=services.list_requests(me, "incoming"),
        outgoing=services.list_requests(me, "outgoing"),
        blocks=blocks.list_blocks(me))


@bp.get("/people-to-meet", endpoint="people_to_meet")
@login_required
def people_to_meet_page():
    people = people_to_meet.suggest(current_user)
    return render_template("connections/people_to_meet.html", people=people,
                           events_recorded=events_recorded(), most=people_to_meet.LIMIT,
                           groups=people_to_meet.group_by_event(people))


@bp.post("/people-to-meet/<int:user_id>/dismiss")
@login_required
def dismiss_suggestion(user_id: int):
    card = people_to_meet.dismiss(current_user, user_id)
    flash(f"We will not suggest {card.display_name} again.", "success")
    return redirect(_back())


@bp.get("/connections/request/<int:user_id>")
@login_required
@confirmed_required
def request_form(user_id: int):
    return _form_about(services.requestable_member, user_id, "connections/request.html")


def _form_about(find_member, user_id: int, template: str):
    """A form about another member; about yourself, the profile page says why there is none."""
    try:
        member = find_member(current_user, user_id)
    except ValidationFailed as exc:
        return _refused_on_profile(exc, user_id)
    return render_form(template, member=member,
                       next=safe_next_url(request.args.get("next")) or "")


def _refused_on_profile(exc: ValidationFailed, user_id: int):
    flash(field_errors(exc).get("user_id", [exc.message])[0], "error")
    return redirect(url_for("profiles.show", user_id=user_id))


@bp.post("/connections/request")
@login_required
@confirmed_required
@limited(services.REQUESTS)
def send_request():
    try:
        data = load_form(schemas.ConnectionFormSchema(), request.form)
    except ValidationError as exc:
        errors = field_errors(exc)
        if "user_id" in errors:
            flash("Choose a member to connect with.", "error")
            return redirect(_back())
        user_id = int(request.form["user_id"])
        try:
            member = services.requestable_member(current_user, user_id)
        except ValidationFailed as refused:
            return _refused_on_profile(refused, user_id)
        return render_form("connections/request.html", errors, member=member,
                           next=request.form.get("next", ""))
    try:
        connection = services.request_connection(current_user, data["user_id"], data["note"])
    except (Conflict, ValidationFailed) as exc:
        flash(field_errors(exc).get("user_id", [exc.message])[0], "error")
        return redirect(_back())
    name = services.entry(current_user.id, connection.id).member.display_name
    if connection.status == "accepted":
        flash(f"{name} had already asked you: you are now connected.", "success")
    else:
        flash(f"Your request is on its way to {name}.", "success")
    return redirect(_back())


def _answer(action, connection_id: int, message: str):
    try:
        action(current_user, connection_id)
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect(_back())
    flash(message, "success")
    return redirect(_back())


@bp.post("/connections/<int:connection_id>/accept")
@login_required
def accept(connection_id: int):
    try:
        services.accept_request(current_user, connection_id)
    except Conflict as exc:
        flash(exc.message, "error")
        return redirect(_back())
    name = services.entry(current_user.id, connection_id).member.display_name
    flash(f"You are now connected with {name}.", "success")
    return redirect(_back())


@bp.post("/connections/<int:connection_id>/decline")
@login_required
def decline(connection_id: int):
    return _answer(services.decline_request, connection_id,
                   "Request declined. We do not tell the member who asked.")


@bp.post("/connections/<int:connection_id>/withdraw")
@login_required
def withdraw(connection_id: int):
    return _answer(services.withdraw_request, connection_id, "Request withdrawn.")


@bp.post("/connections/<int:connection_id>/remove")
@login_required
def remove(connection_id: int):
    return _answer(services.remove_connection, connection_id, "Connection removed.")


@bp.route("/connections/block/<int:user_id>", methods=["GET", "POST"])
@login_required
def block(user_id: int):
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return _form_about(blocks.blockable_member, user_id, "connections/block.html")
    try:
        blocks.block(current_user, user_id)
    except ValidationFailed as exc:
        return _refused_on_profile(exc, user_id)
    name = _name_for_message(blocks.block_entry(current_user.id, user_id).member)
    flash(f"You blocked {name}. They can no longer see your profile, find you, "
          "or contact you.", "success")
    # The blocked member's page is gone for us both: return to the list, not to it.
    return redirect(url_for("connections.index"))


def _name_for_message(member) -> str:
    return "this member" if member.hidden else member.display_name


@bp.post("/connections/unblock/<int:user_id>")
@login_required
def unblock(user_id: int):
    name = _name_for_message(blocks.block_entry(current_user.id, user_id).member)
    blocks.unblock(current_user, user_id)
    flash(f"You unblocked {name}.", "success")
    return redirect(_back())
