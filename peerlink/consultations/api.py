"""The consultations API: requests, the moves, proposed times, private notes and the
calendar file. Outsiders get 404 for everything about a consultation."""

from flask import Response
from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.consultations import calendar, notes, schemas, services
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("consultations_api", __name__,
                    "Case consultations between peers: de-identified requests, their moves, "
                    "proposed times, private notes and calendar files.")

NOT_YOURS = "This move is the other participant's (e.g. only the peer asked accepts)."


def _views(consultations):
    return [services.view(current_user, c) for c in consultations]


@blp.route("/consultations")
class Consultations(MethodView):
    @blp.arguments(schemas.ListQuerySchema, location="query")
    @blp.response(200, schemas.ConsultationSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args):
        """Your consultations (as requester or peer), newest first."""
        mine = services.mine(current_user)
        if args.get("state"):
            mine = [c for c in mine if c.state == args["state"]]
        return _views(mine)

    @blp.arguments(schemas.ConsultationCreateSchema)
    @blp.response(201, schemas.ConsultationSchema)
    @blp.phi_guarded()
    @blp.rate_limit(services.REQUESTS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data):
        """Ask a peer, a group or everyone open to consultation in a specialty or modality.

        The topic, summary and question are checked for identifiers (HIPAA Safe Harbor)
        first; `deidentified` must be true."""
        return services.view(current_user, services.request_consultation(current_user, data))


@blp.route("/consultations/open")
class OpenRequests(MethodView):
    @blp.response(200, schemas.ConsultationSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """Open requests you may claim (sent to a group of yours or to your specialty)."""
        return _views(services.open_for(current_user))


@blp.route("/consultations/<int:consultation_id>")
class ConsultationById(MethodView):
    @blp.response(200, schemas.ConsultationSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, consultation_id: int):
        """A consultation, with the times in your zone and what you may do now."""
        return services.get_view(current_user, consultation_id)


@blp.route("/consultations/<int:consultation_id>/accept")
class Accept(MethodView):
    @blp.arguments(schemas.AcceptSchema)
    @blp.response(200, schemas.ConsultationSchema)
    @blp.error(409, services.NOT_NOW)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, consultation_id: int):
        """Accept one of the latest proposed times (the peer; a volunteer claims an open
        request this way; the requester accepts times the peer proposed)."""
        return services.view(current_user, services.accept(current_user, consultation_id,
                                                           data["slot_id"]))


@blp.route("/consultations/<int:consultation_id>/decline")
class Decline(MethodView):
    @blp.arguments(schemas.DeclineSchema)
    @blp.response(200, schemas.ConsultationSchema)
    @blp.error(409, services.NOT_NOW)
    @blp.error(403, NOT_YOURS)
    @blp.phi_guarded()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, consultation_id: int):
        """Decline (the peer asked), with an optional reason."""
        return services.view(current_user, services.decline(current_user, consultation_id,
                                                            data["reason"]))


@blp.route("/consultations/<int:consultation_id>/slots")
class Slots(MethodView):
    @blp.response(200, schemas.SlotSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, consultation_id: int):
        """Every proposed time, in UTC and in your zone; `current` ones can be accepted."""
        return services.get_view(current_user, consultation_id).slots

    @blp.arguments(schemas.SlotTimes)
    @blp.response(201, schemas.ConsultationSchema)
    @blp.error(409, services.NOT_NOW)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, consultation_id: int):
        """Propose new times: the peer instead of accepting, or either participant to move
        a scheduled consultation. The other participant accepts one."""
        return services.view(current_user, services.propose_times(
            current_user, consultation_id, data["slots"], data.get("time_zone")))


@blp.route("/consultations/<int:consultation_id>/cancel")
class Cancel(MethodView):
    @blp.response(200, schemas.ConsultationSchema)
    @blp.error(409, services.NOT_NOW)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, consultation_id: int):
        """Cancel: the requester while it waits, either participant once scheduled."""
        return services.view(current_user, services.cancel(current_user, consultation_id))


@blp.route("/consultations/<int:consultation_id>/complete")
class Complete(MethodView):
    @blp.response(200, schemas.ConsultationSchema)
    @blp.error(409, services.NOT_NOW)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, consultation_id: int):
        """Mark it completed (either participant, once its time has come): the room
        becomes read-only."""
        return services.view(current_user, services.complete(current_user, consultation_id))


@blp.route("/consultations/<int:consultation_id>/joining-details")
class JoiningDetails(MethodView):
    @blp.arguments(schemas.JoiningDetailsSchema)
    @blp.response(200, schemas.ConsultationSchema)
    @blp.error(403, "Only the participants change how to join.")
    @blp.error(409, "Not a scheduled video or phone consultation.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data, consultation_id: int):
        """Give or change how to join a scheduled consultation (either participant):
        `video_url` for a video one, `phone_number` (the number to call) for a phone one.
        The other is told and mailed their updated calendar file."""
        return services.view(current_user, services.set_joining_details(
            current_user, consultation_id, **data))


@blp.route("/consultations/<int:consultation_id>/transitions")
class Transitions(MethodView):
    @blp.response(200, schemas.TransitionSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, consultation_id: int):
        """Every move: who, when, from which state to which."""
        return services.transitions(services.require_participant(current_user,
                                                                 consultation_id))


@blp.route("/consultations/<int:consultation_id>/note")
class MyNote(MethodView):
    @blp.response(200, schemas.NoteSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, consultation_id: int):
        """Your private note (only you read it); empty if none."""
        note = notes.own_note(current_user, consultation_id)
        return note or {"body": "", "updated_at": None}

    @blp.arguments(schemas.NoteInSchema)
    @blp.response(200, schemas.NoteSchema)
    @blp.phi_guarded()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data, consultation_id: int):
        """Write your private note (checked for identifiers; empty deletes it)."""
        note = notes.save_note(current_user, consultation_id, data["body"])
        return note or {"body": "", "updated_at": None}


@blp.route("/consultations/<int:consultation_id>/calendar.ics")
class Invitation(MethodView):
    @blp.response(200, content_type="text/calendar",
                  description="An iCalendar file in your time zone.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, consultation_id: int):
        """The calendar file of a scheduled (or moved, or cancelled) consultation, for you."""
        consultation = services.require_participant(current_user, consultation_id)
        return Response(calendar.invitation(consultation, current_user.id),
                        mimetype="text/calendar", headers={
                            "Content-Disposition":
                                f'attachment; filename="{calendar.filename(consultation)}"'})
