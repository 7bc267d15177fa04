"""HTML pages for consultations: my consultations by state, the request form (from a
profile's "Request a consultation" button, or an open request), a consultation with what
each side may do, the calendar file, and the admins' metadata-only list. Every rule lives
in services, notes and calendar; these pages ask them."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from peerlink.accounts.security import confirmed_required
from peerlink.accounts.signals import account_deleting, account_exporting
from peerlink.ce_log.sources import register_credit_source
from peerlink.chat.rooms import register_room_kind
from peerlink.connections.services import may_contact
from peerlink.consultations import calendar, credits, notes, rooms, schemas, services
from peerlink.consultations.models import (
    DURATIONS,
    FORMATS,
    RETENTION_DAYS,
    STATE_LABELS,
    STATES,
    URGENCIES,
)
from peerlink.consultations.rooms import CONSULTATION_ROOMS
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import limited
from peerlink.phi.guard import PhiFlagged, marked
from peerlink.profiles import privacy
from peerlink.profiles.cards import display_name
from peerlink.profiles.services import time_zone_of
from peerlink.profiles.signals import card_actions, profile_page_actions
from peerlink.schemas import load_form
from peerlink.taxonomy.services import terms
from peerlink.taxonomy.time_zones import time_zone_choices
from peerlink.web import field_errors, render_form

bp = Blueprint("consultations", __name__)
bp.record_once(lambda state: register_room_kind(CONSULTATION_ROOMS))
bp.record_once(lambda state: register_credit_source(credits.CREDITS))

FORM_ERRORS = (ValidationError, ValidationFailed)
GUARDED = {"topic": "Topic", "summary": "Case summary", "question": "Your question",
           "reason": "Reason", "body": "Note"}


@account_exporting.connect
def _export(user, **_) -> dict:
    return notes.export_consultations(user)


@account_deleting.connect
def _forget(user, **_) -> None:
    """The member's consultations go with their account (the rows cascade); so do their
    rooms, with the other participant's messages in them."""
    rooms.close_rooms_of(user.id)


@profile_page_actions.connect
def consultation_button(view, viewer, **_) -> dict | None:
    """Request a consultation, on the profile of a connection or of a member open to it."""
    other = view.profile.user_id
    if not services.may_ask(viewer.id, other, connected=privacy.are_connected(viewer.id, other),
                            open_to_consultation=view.profile.open_to_consultation):
        return None
    return {"template": "consultations/_profile_actions.html", "consult_with": other}


@card_actions.connect
def consultation_card_link(_sender=None, *, member_id, viewer, connected,
                           open_to_consultation, **_) -> dict | None:
    """The same, on a directory result or a people-to-meet suggestion."""
    if not services.may_ask(viewer.id, member_id, connected=connected,
                            open_to_consultation=open_to_consultation):
        return None
    return {"template": "consultations/_card_action.html", "consult_with": member_id}


def _errors(exc) -> dict:
    return field_errors(exc)


# --- lists ----------------------------------------------------------------------------------


@bp.get("/consultations")
@login_required
def index():
    mine = services.mine(current_user)
    by_state = {state: [services.view(current_user, c) for c in mine if c.state == state]
                for state in STATES}
    return render_template("consultations/index.html", by_state=by_state,
                           labels=STATE_LABELS,
                           waiting=[services.view(current_user, c)
                                    for c in services.open_for(current_user)])


# --- the request form -------------------------------------------------------------------------


def _peer(value: str | None) -> int | None:
    if value and value.isdigit() and len(value) <= 12:
        return int(value)
    return None


def _form_context(peer_id: int | None) -> dict:
    return {"peer_id": peer_id, "peer_name": display_name(peer_id) if peer_id else None,
            "specialties": terms("specialties"), "modalities": terms("modalities"),
            "groups": services.my_groups(current_user), "time_zones": time_zone_choices(),
            "urgencies": URGENCIES, "formats": FORMATS, "durations": DURATIONS,
            "retention_days": RETENTION_DAYS, "guarded": GUARDED}


def _request_form(errors=None, peer_id=None, phi=None):
    return render_form("consultations/new.html", errors, phi=phi or {},
                       slot_values=request.form.getlist("slots"), **_form_context(peer_id))


@bp.route("/consultations/new", methods=["GET", "POST"])
@login_required
@confirmed_required
@limited(services.REQUESTS, methods=["POST"])
def create():
    peer_id = _peer(request.values.get("peer_id"))
    if peer_id is not None:
        privacy.require_not_hidden(current_user, peer_id)
        if not may_contact(current_user, peer_id):
            raise NotFound("No such member.")
    if request.method != "POST":
        wanted = {name: request.args.get(name, "")[:64] for name in ("specialty", "modality")}
        suggested = (services.suggested_peers(current_user, wanted["specialty"] or None,
                                              wanted["modality"] or None)
                     if not peer_id and any(wanted.values()) else [])
        return render_template("consultations/new.html", errors={}, phi={},
                               form={"time_zone": time_zone_of(current_user.id),
                                     "audience": "peer" if peer_id else "open", **wanted},
                               suggested=suggested, **_form_context(peer_id))
    try:
        data = load_form(schemas.ConsultationCreateSchema(), request.form)
        consultation = services.request_consultation(current_user, data)
    except PhiFlagged as exc:
        return _request_form(_errors(exc), peer_id, marked(exc, data))
    except FORM_ERRORS as exc:
        return _request_form(_errors(exc), peer_id)
    flash("Your request is sent.", "success")
    return redirect(url_for("consultations.show", consultation_id=consultation.id))


# --- a consultation ---------------------------------------------------------------------------


def _show(consultation_id: int, errors=None, phi=None, form=None, status=200):
    consultation = services.get_view(current_user, consultation_id)
    note = None
    if services.is_participant(current_user, consultation.consultation):
        note = notes.own_note(current_user, consultation_id)
    return render_template(
        "consultations/show.html", c=consultation, labels=STATE_LABELS, formats=FORMATS,
        urgencies=URGENCIES, history=services.transitions(consultation.consultation)
        if services.is_participant(current_user, consultation.consultation) else [],
        note=note, errors=errors or {}, phi=phi or {}, form=form or {},
        time_zones=time_zone_choices(), guarded=GUARDED,
        credited=credits.is_credited(current_user.id, consultation_id),
        may_credit=credits.may_add(current_user, consultation.consultation)), status


@bp.get("/consultations/<int:consultation_id>")
@login_required
def show(consultation_id: int):
    return _show(consultation_id)


def _after(consultation_id: int, message: str):
    flash(message, "success")
    return redirect(url_for("consultations.show", consultation_id=consultation_id))


def _refused(consultation_id: int, exc):
    if isinstance(exc, PermissionDenied | Conflict):
        raise exc
    return _show(consultation_id, _errors(exc), form=request.form, status=422)


@bp.post("/consultations/<int:consultation_id>/accept")
@login_required
def accept(consultation_id: int):
    try:
        data = load_form(schemas.AcceptSchema(), request.form)
        services.accept(current_user, consultation_id, data["slot_id"])
    except FORM_ERRORS as exc:
        services.require_readable(current_user, consultation_id)
        return _refused(consultation_id, exc)
    return _after(consultation_id, "Accepted: the consultation is scheduled.")


@bp.post("/consultations/<int:consultation_id>/decline")
@login_required
def decline(consultation_id: int):
    try:
        data = load_form(schemas.DeclineSchema(), request.form)
        services.decline(current_user, consultation_id, data["reason"])
    except PhiFlagged as exc:
        return _show(consultation_id, _errors(exc), marked(exc, data), request.form, 422)
    except FORM_ERRORS as exc:
        services.require_readable(current_user, consultation_id)
        return _refused(consultation_id, exc)
    return _after(consultation_id, "You declined the request.")


@bp.post("/consultations/<int:consultation_id>/slots")
@login_required
def propose(consultation_id: int):
    try:
        data = load_form(schemas.SlotTimes(), request.form)
        services.propose_times(current_user, consultation_id, data["slots"],
                               data.get("time_zone"))
    except FORM_ERRORS as exc:
        services.require_readable(current_user, consultation_id)
        return _refused(consultation_id, exc)
    return _after(consultation_id, "Your new times are sent.")


@bp.post("/consultations/<int:consultation_id>/joining-details")
@login_required
def joining_details(consultation_id: int):
    try:
        data = load_form(schemas.JoiningDetailsSchema(), request.form)
        services.set_joining_details(current_user, consultation_id, **data)
    except FORM_ERRORS as exc:
        services.require_readable(current_user, consultation_id)
        return _refused(consultation_id, exc)
    return _after(consultation_id, "The joining details are saved; the other participant is "
                  "told.")


@bp.post("/consultations/<int:consultation_id>/cancel")
@login_required
def cancel(consultation_id: int):
    services.cancel(current_user, consultation_id)
    return _after(consultation_id, "The consultation is cancelled.")


@bp.post("/consultations/<int:consultation_id>/complete")
@login_required
def complete(consultation_id: int):
    services.complete(current_user, consultation_id)
    return _after(consultation_id, "Marked completed. Its room is now read-only.")


@bp.post("/consultations/<int:consultation_id>/note")
@login_required
def note(consultation_id: int):
    try:
        data = load_form(schemas.NoteInSchema(), request.form)
        notes.save_note(current_user, consultation_id, data["body"])
    except PhiFlagged as exc:
        return _show(consultation_id, _errors(exc), marked(exc, data), request.form, 422)
    except FORM_ERRORS as exc:
        services.require_participant(current_user, consultation_id)
        return _refused(consultation_id, exc)
    return _after(consultation_id, "Your private note is saved.")


@bp.post("/consultations/<int:consultation_id>/ce-log")
@login_required
def add_to_ce_log(consultation_id: int):
    credits.add(current_user, consultation_id)
    return _after(consultation_id, "Added to your CE log as peer-consultation hours.")


@bp.get("/consultations/<int:consultation_id>/calendar.ics")
@login_required
def invitation(consultation_id: int):
    consultation = services.require_participant(current_user, consultation_id)
    return Response(calendar.invitation(consultation, current_user.id),
                    mimetype="text/calendar", headers={
                        "Content-Disposition":
                            f'attachment; filename="{calendar.filename(consultation)}"'})


# --- admins: metadata only ----------------------------------------------------------------------


@bp.get("/admin/consultations")
@login_required
def admin():
    user_id = _peer(request.args.get("user_id"))
    return render_template("consultations/admin.html", labels=STATE_LABELS,
                           rows=services.admin_metadata(current_user, user_id),
                           names=services.member_names, user_id=user_id)
