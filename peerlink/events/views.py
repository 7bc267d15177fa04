"""HTML pages for CE events: the list, an event and its attendees, organizers' forms, the
check-in screens, .ics export and programme import, and the credit bodies' admin page.
Rules live in services, attendees, calendar and credit_bodies."""

import segno
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from peerlink.accounts.services import has_role
from peerlink.accounts.signals import account_exporting
from peerlink.ce_log.sources import register_credit_source
from peerlink.ce_log.subjects import subject_choices
from peerlink.chat.rooms import register_room_kind
from peerlink.errors import ValidationFailed
from peerlink.events import attendees, calendar, credit_bodies, schemas, services
from peerlink.events.attendance import ATTENDANCE
from peerlink.events.credits import CREDITS
from peerlink.events.rooms import EVENT_ROOMS
from peerlink.events.signals import event_page_sections
from peerlink.extensions import limited
from peerlink.links import absolute_url
from peerlink.profiles.attendance import register_attendance_source
from peerlink.schemas import load_form
from peerlink.taxonomy.countries import COUNTRY_NAMES
from peerlink.taxonomy.services import terms
from peerlink.taxonomy.time_zones import time_zone_choices
from peerlink.web import field_errors, render_form

bp = Blueprint("events", __name__)


@account_exporting.connect
def export_attendance(user, **_) -> dict:
    """The member's own download: the events they were going to or attended, checked in or
    not, listed or not, and the sessions they were in."""
    return {"event_attendance": schemas.MyEventSchema(many=True).dump(
        services.my_attendance(user.id))}

# Privacy, the directory and people to meet ask this feature who attended which event.
bp.record_once(lambda state: register_attendance_source(ATTENDANCE))
bp.record_once(lambda state: register_credit_source(CREDITS))
# Chat asks this feature who reads and writes in each event's lounge.
bp.record_once(lambda state: register_room_kind(EVENT_ROOMS))

PER_PAGE = 20


def _choices() -> dict:
    return {"time_zones": time_zone_choices(),
            "countries": sorted(COUNTRY_NAMES.items(), key=lambda item: item[1]),
            "all_credit_bodies": credit_bodies.list_credit_bodies(),
            "specialties": terms("specialties"), "modalities": terms("modalities"),
            "ce_subjects": subject_choices()}


def _local(moment, zone) -> str:
    return services.in_event_zone(moment, zone).strftime("%Y-%m-%dT%H:%M")


def _event_form(event) -> dict:
    return {"title": event.title, "provider": event.provider,
            "description": event.description, "time_zone": event.time_zone,
            "starts_at": _local(event.starts_at, event.time_zone),
            "ends_at": _local(event.ends_at, event.time_zone),
            "online": event.online, "venue": event.venue, "city": event.city,
            "country": event.country, "url": event.url,
            "credit_hours": str(event.credit_hours),
            "credit_bodies": [body.slug for body in event.credit_bodies],
            "subjects": list(event.subjects or [])}


def _session_form(session, event) -> dict:
    return {"title": session.title, "room": session.room, "presenters": session.presenters,
            "starts_at": _local(session.starts_at, event.time_zone),
            "ends_at": _local(session.ends_at, event.time_zone),
            "credit_hours": str(session.credit_hours),
            "specialties": [term.slug for term in session.specialties],
            "modalities": [term.slug for term in session.modalities],
            "subjects": list(session.subjects or [])}


def _typed() -> dict:
    """What was typed, lists kept as lists, for a form re-rendered with errors."""
    return {key: (values if key in ("credit_bodies", "specialties", "modalities", "subjects")
                  else values[0]) for key, values in request.form.to_dict(flat=False).items()
            if key != "csrf_token"}


# --- the list and an event -----------------------------------------------------------------


@bp.get("/events")
@login_required
def index():
    try:
        args = schemas.EventsQuerySchema().load(request.args)
    except ValidationError as exc:
        args, errors = schemas.EventsQuerySchema().load({}), field_errors(exc)
    else:
        errors = {}
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) <= 10_000 else 1
    filters = services.EventFilters(**args)
    events, total = services.list_events(filters, PER_PAGE, (page - 1) * PER_PAGE)
    return render_template("events/index.html", events=events, total=total, page=page,
                           pages=max(1, -(-total // PER_PAGE)), filters=filters,
                           errors=errors,
                           query={k: v for k, v in request.args.items() if k != "page"},
                           can_create=services.can_create_events(current_user), **_choices())


@bp.get("/events/<int:event_id>")
@login_required
def show(event_id: int):
    event = services.event_with_sessions(event_id)
    try:
        args = schemas.AttendeesQuerySchema().load(request.args)
        errors = {}
    except ValidationError as exc:
        args, errors = schemas.AttendeesQuerySchema().load({}), field_errors(exc)
    filters = attendees.AttendeeFilters(
        discipline=args["discipline"], specialty=tuple(args["specialty"]),
        modality=tuple(args["modality"]), language=tuple(args["language"]),
        country=args["country"])
    people, total = attendees.list_attendees(current_user, event.id, filters)
    sections = [answer for _, answer in event_page_sections.send(
        event, viewer=current_user._get_current_object()) if answer]
    return render_template(
        "events/show.html", event=event, people=people, total=total, filters=filters,
        sections=sections,
        errors=errors, mine=services.attendance_of(current_user.id, event.id),
        my_sessions=services.my_session_ids(current_user.id, event.id),
        can_manage=services.can_manage(current_user, event),
        check_in_open=services.check_in_open(event),
        lounge=_lounge(event),
        disciplines=terms("disciplines"), languages=terms("languages"), **_choices())


def _lounge(event) -> dict | None:
    """The lounge, for the members who read it: its room (None for an event older than
    lounges, opened by the button) and whether it is still open for writing."""
    if not services.can_read_lounge(current_user.id, event.id):
        return None
    return {"room_id": services.lounge_room_id(event.id),
            "open": services.lounge_open(event),
            "open_until": event.ends_at + services.LOUNGE_OPEN_FOR}


@bp.post("/events/<int:event_id>/lounge")
@login_required
def lounge(event_id: int):
    """The Event lounge button: the event's chat room (made now if the event predates it)."""
    room = services.open_lounge(current_user, event_id)
    return redirect(url_for("chat.room", room_id=room.id))


# --- organizers' forms ---------------------------------------------------------------------


def _save_event(template: str, action, **context):
    try:
        data = load_form(context.pop("schema"), request.form)
        event = action(data)
    except (ValidationError, ValidationFailed) as exc:
        return render_form(template, field_errors(exc), values=_typed(), **context,
                           **_choices())
    return event


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def create():
    services.require_can_create(current_user)
    if request.method != "POST":
        return render_form("events/form.html", values={"time_zone": "America/New_York",
                                                       "credit_hours": "0"},
                           event=None, **_choices())
    saved = _save_event("events/form.html",
                        lambda data: services.create_event(current_user, data),
                        schema=schemas.EventCreateSchema(), event=None)
    if isinstance(saved, tuple):
        return saved
    flash(f"{saved.title} is published.", "success")
    return redirect(url_for("events.show", event_id=saved.id))


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit(event_id: int):
    event = services.managed_event(current_user, event_id)
    if request.method != "POST":
        return render_form("events/form.html", values=_event_form(event), event=event,
                           **_choices())
    saved = _save_event("events/form.html",
                        lambda data: services.update_event(current_user, event_id, data),
                        schema=schemas.EventCreateSchema(), event=event)
    if isinstance(saved, tuple):
        return saved
    flash("Your changes are saved. Members going hear of a new title, time or place.", "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.route("/events/<int:event_id>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(event_id: int):
    event = services.managed_event(current_user, event_id)
    if request.method != "POST":
        return render_form("events/session_form.html", values={"credit_hours": "0"},
                           event=event, session=None, **_choices())
    saved = _save_event("events/session_form.html",
                        lambda data: services.add_session(current_user, event_id, data),
                        schema=schemas.SessionCreateSchema(), event=event, session=None)
    if isinstance(saved, tuple):
        return saved
    flash(f"Session “{saved.title}” added.", "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.route("/events/<int:event_id>/sessions/<int:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(event_id: int, session_id: int):
    event = services.managed_event(current_user, event_id)
    session = services.get_session(event_id, session_id)
    if request.method != "POST":
        return render_form("events/session_form.html", values=_session_form(session, event),
                           event=event, session=session, **_choices())
    saved = _save_event("events/session_form.html",
                        lambda data: services.update_session(current_user, event_id,
                                                             session_id, data),
                        schema=schemas.SessionCreateSchema(), event=event, session=session)
    if isinstance(saved, tuple):
        return saved
    flash("Session saved.", "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.route("/events/<int:event_id>/programme", methods=["GET", "POST"])
@login_required
def programme(event_id: int):
    event = services.managed_event(current_user, event_id)
    if request.method != "POST":
        return render_form("events/programme.html", event=event,
                           limit_kb=calendar.MAX_PROGRAMME_BYTES // 1024)
    upload = request.files.get("programme")
    try:
        if upload is None or not upload.filename:
            raise ValidationFailed.on("programme", "Choose the programme's .ics file.")
        with upload.stream:
            data = upload.stream.read(calendar.MAX_PROGRAMME_BYTES + 1)
        created = calendar.import_programme(current_user, event_id, data, upload.filename,
                                            upload.mimetype)
    except ValidationFailed as exc:
        return render_form("events/programme.html", field_errors(exc), event=event,
                           limit_kb=calendar.MAX_PROGRAMME_BYTES // 1024)
    flash(f"Imported {len(created)} sessions.", "success")
    return redirect(url_for("events.show", event_id=event_id))


# --- attendance and check-in ---------------------------------------------------------------


@bp.post("/events/<int:event_id>/attendance")
@login_required
def attendance(event_id: int):
    try:
        data = load_form(schemas.AttendanceSchemaIn(), request.form)
        status = None if data["status"] == "none" else data["status"]
        services.set_attendance(current_user, event_id, status,
                                data.get("show_on_attendee_list"))
    except (ValidationError, ValidationFailed) as exc:
        services.get_event(event_id)
        for messages in field_errors(exc).values():
            flash(messages[0], "error")
        return redirect(url_for("events.show", event_id=event_id))
    flash({"going": "You are going.", "attended": "Marked as attended.",
           None: "You are no longer going."}[status], "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/events/<int:event_id>/listing")
@login_required
def listing(event_id: int):
    show = request.form.get("show_on_attendee_list") == "true"
    try:
        services.set_listing(current_user, event_id, show)
    except ValidationFailed as exc:
        flash(field_errors(exc)["show_on_attendee_list"][0], "error")
        return redirect(url_for("events.show", event_id=event_id))
    flash("You appear on the attendee list." if show
          else "You no longer appear on the attendee list.", "success")
    return redirect(url_for("events.show", event_id=event_id))


@bp.post("/events/<int:event_id>/sessions/<int:session_id>/attendance")
@login_required
def session_attendance(event_id: int, session_id: int):
    present = request.form.get("present") == "true"
    services.set_session_attendance(current_user, event_id, session_id, present)
    flash("Added to your sessions." if present else "Removed from your sessions.", "success")
    return redirect(url_for("events.show", event_id=event_id) + "#sessions")


@bp.get("/events/<int:event_id>/check-in-code")
@login_required
def check_in_code(event_id: int):
    event = services.check_in_code(current_user, event_id)
    link = absolute_url("events.check_in", event_id=event.id, code=event.checkin_code)
    qr = segno.make(link, error="m").svg_inline(scale=6, title="Check-in QR code",
                                                  dark="#111", light="#fff")
    return render_template("events/check_in_code.html", event=event, link=link, qr=qr,
                           open=services.check_in_open(event))


@bp.post("/events/<int:event_id>/check-in-code")
@login_required
def rotate_code(event_id: int):
    services.rotate_code(current_user, event_id)
    flash("A new check-in code replaces the old one.", "success")
    return redirect(url_for("events.check_in_code", event_id=event_id))


@bp.route("/events/<int:event_id>/check-in", methods=["GET", "POST"])
@login_required
@limited(services.CHECK_INS)
def check_in(event_id: int):
    event = services.get_event(event_id)
    if request.method != "POST":
        # The QR code's link fills the code in; checking in stays one press (a POST).
        code = request.args.get("code", "")[:40]
        return render_form("events/check_in.html", event=event, values={"code": code})
    try:
        data = load_form(schemas.CheckInSchema(), request.form)
        services.check_in(current_user, event_id, data["code"])
    except (ValidationError, ValidationFailed) as exc:
        return render_form("events/check_in.html", field_errors(exc), event=event,
                           values=_typed())
    flash(f"You are checked in at {event.title}: your attendance is verified.", "success")
    return redirect(url_for("events.show", event_id=event_id))


# --- calendars -----------------------------------------------------------------------------


def _ics(body: bytes, name: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/events/<int:event_id>/calendar.ics")
@login_required
def event_ics(event_id: int):
    event = services.event_with_sessions(event_id)
    return _ics(calendar.export_event(event), f"peerlink-event-{event.id}.ics")


@bp.get("/events/mine.ics")
@login_required
def my_ics():
    return _ics(calendar.export_events(services.my_events(current_user.id)),
                "peerlink-my-events.ics")


# --- credit bodies (admins) ----------------------------------------------------------------


@bp.route("/admin/credit-bodies", methods=["GET", "POST"])
@login_required
def admin_credit_bodies():
    if not has_role(current_user, "admin"):
        abort(403)
    if request.method == "POST":
        try:
            data = load_form(schemas.CreditBodyCreateSchema(), request.form)
            body = credit_bodies.add_credit_body(current_user, data["slug"], data["name"])
        except (ValidationError, ValidationFailed) as exc:
            return render_form("events/credit_bodies.html", field_errors(exc),
                               bodies=credit_bodies.list_credit_bodies(), values=_typed())
        flash(f"Added {body.name}.", "success")
        return redirect(url_for("events.admin_credit_bodies"))
    return render_form("events/credit_bodies.html", bodies=credit_bodies.list_credit_bodies(),
                       values={})


@bp.post("/admin/credit-bodies/<slug>")
@login_required
def rename_credit_body(slug: str):
    if not has_role(current_user, "admin"):
        abort(403)
    try:
        data = load_form(schemas.CreditBodyRenameSchema(), request.form)
        credit_bodies.rename_credit_body(current_user, slug, data["name"])
    except (ValidationError, ValidationFailed) as exc:
        for messages in field_errors(exc).values():
            flash(messages[0], "error")
        return redirect(url_for("events.admin_credit_bodies"))
    flash("Renamed.", "success")
    return redirect(url_for("events.admin_credit_bodies"))
