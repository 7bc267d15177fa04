from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.error_handler import ErrorSchema

from peerlink.events import attendees, credit_bodies, schemas, services
from peerlink.links import absolute_url
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("events_api", __name__,
                    "CE events, their sessions, attendance, check-in and attendee lists.")

NOT_YOURS = "Only the event's organizer (or an admin) can change it."


def _page(pagination_parameters) -> tuple[int, int]:
    size = pagination_parameters.page_size
    return size, (pagination_parameters.page - 1) * size


def _attendance(row, event_id: int) -> dict:
    if row is None:
        return {"event_id": event_id, "status": "none", "verified": False, "verified_at": None,
                "show_on_attendee_list": False}
    return {"event_id": event_id, "status": row.status, "verified": row.verified_at is not None,
            "verified_at": row.verified_at, "show_on_attendee_list": row.show_on_attendee_list}


@blp.route("/credit-bodies")
class CreditBodies(MethodView):
    @blp.response(200, schemas.CreditBodySchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """The credit bodies an event may name (APA, ASWB ACE, NBCC ...)."""
        return credit_bodies.list_credit_bodies()


@blp.route("/events")
class Events(MethodView):
    @blp.arguments(schemas.EventsQuerySchema, location="query")
    @blp.response(200, schemas.EventSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, pagination_parameters):
        """Events, upcoming (soonest first) or past (latest first), filtered and searched.

        `q` searches titles, providers and session titles."""
        events, total = services.list_events(services.EventFilters(**args),
                                             *_page(pagination_parameters))
        pagination_parameters.item_count = total
        return events

    @blp.arguments(schemas.EventCreateSchema)
    @blp.response(201, schemas.EventDetailSchema)
    @blp.error(403, services.ONLY_ORGANIZERS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data):
        """Create an event (organizers and admins). Times are wall-clock times in
        `time_zone`; an in-person event needs a city and country, an online one a URL."""
        return services.create_event(current_user, data)


@blp.route("/events/<int:event_id>")
class EventById(MethodView):
    @blp.response(200, schemas.EventDetailSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, event_id: int):
        """An event with its sessions."""
        return services.event_with_sessions(event_id)

    @blp.arguments(schemas.EventUpdateSchema)
    @blp.response(200, schemas.EventDetailSchema)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def patch(self, data, event_id: int):
        """Change an event (its organizer or an admin). Members going are notified when the
        title, time or place changes."""
        services.update_event(current_user, event_id, data)
        return services.event_with_sessions(event_id)


@blp.route("/events/<int:event_id>/sessions")
class Sessions(MethodView):
    @blp.response(200, schemas.SessionSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, event_id: int):
        """The event's sessions, in time order."""
        return services.event_with_sessions(event_id).sessions

    @blp.arguments(schemas.SessionCreateSchema)
    @blp.response(201, schemas.SessionSchema)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, event_id: int):
        """Add a session (the event's organizer or an admin); times in the event's zone."""
        return services.add_session(current_user, event_id, data)


@blp.route("/events/<int:event_id>/sessions/<int:session_id>")
class SessionById(MethodView):
    @blp.arguments(schemas.SessionUpdateSchema)
    @blp.response(200, schemas.SessionSchema)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def patch(self, data, event_id: int, session_id: int):
        """Change a session (the event's organizer or an admin)."""
        return services.update_session(current_user, event_id, session_id, data)


@blp.route("/events/<int:event_id>/attendance")
class MyAttendance(MethodView):
    @blp.response(200, schemas.AttendanceSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, event_id: int):
        """Whether you are going, attended, checked in, and listed as an attendee."""
        services.get_event(event_id)
        return _attendance(services.attendance_of(current_user.id, event_id), event_id)

    @blp.arguments(schemas.AttendanceSchemaIn)
    @blp.response(200, schemas.AttendanceSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data, event_id: int):
        """Going, attended (once it started) or none; and whether you appear on the attendee
        list. A checked-in attendance stays attended."""
        status = None if data["status"] == "none" else data["status"]
        row = services.set_attendance(current_user, event_id, status,
                                      data.get("show_on_attendee_list"))
        return _attendance(row, event_id)


@blp.route("/events/<int:event_id>/sessions/<int:session_id>/attendance")
class MySessionAttendance(MethodView):
    @blp.arguments(schemas.SessionAttendanceSchemaIn)
    @blp.response(204)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, data, event_id: int, session_id: int):
        """Say you are (or are not) in this session; being in one marks you going."""
        services.set_session_attendance(current_user, event_id, session_id, data["present"])


@blp.route("/events/<int:event_id>/check-in")
class CheckIn(MethodView):
    @blp.arguments(schemas.CheckInSchema)
    @blp.response(200, schemas.AttendanceSchema)
    @blp.rate_limit(services.CHECK_INS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, event_id: int):
        """Check in with the code the organizer shows: your attendance becomes verified.

        422 on the `code` field for a wrong code, a replaced one, another event's, or
        outside the event's hours (from an hour before it starts to an hour after it ends)."""
        return _attendance(services.check_in(current_user, event_id, data["code"]), event_id)


@blp.route("/events/<int:event_id>/check-in-code")
class CheckInCode(MethodView):
    @blp.response(200, schemas.CheckInCodeSchema)
    @blp.error(403, NOT_YOURS)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, event_id: int):
        """The current check-in code and link (the event's organizer or an admin)."""
        event = services.check_in_code(current_user, event_id)
        return {"code": event.checkin_code, "open": services.check_in_open(event),
                "url": absolute_url("events.check_in", event_id=event.id,
                                    code=event.checkin_code)}


@blp.route("/events/<int:event_id>/attendees")
class Attendees(MethodView):
    @blp.arguments(schemas.AttendeesQuerySchema, location="query")
    @blp.response(200, schemas.AttendeeSchema(many=True))
    @blp.paginate()
    @blp.alt_response(422, schema=ErrorSchema, description="A filter is not valid.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, event_id: int, pagination_parameters):
        """The attendees you may see, by name, with the sessions you shared: only members
        who chose to be listed and whose profile you may see; never across a block."""
        filters = attendees.AttendeeFilters(
            discipline=args["discipline"], specialty=tuple(args["specialty"]),
            modality=tuple(args["modality"]), language=tuple(args["language"]),
            country=args["country"])
        found, total = attendees.list_attendees(current_user, event_id, filters,
                                                *_page(pagination_parameters))
        pagination_parameters.item_count = total
        return found
