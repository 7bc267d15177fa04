"""Who may use the CE events pages and operations (read by tests/security).

The organizer runs the cast's event (on now); the owner checked in there. Every signed-in
member reads events and marks their own attendance; only the event's organizer and admins
change it, see its check-in code or import its programme (403 for the rest, saying so);
only organizers and admins create events; only admins edit the credit bodies. The event's
lounge opens for the members going to it or who attended it, and its organizer.
"""

from datetime import timedelta

from peerlink.db_types import utcnow
from tests.security.cast import ADMIN, ORGANIZER, OWNER, SIGNED_IN
from tests.security.rules import Rule

RUNS_IT = (ORGANIZER, ADMIN)
ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nBEGIN:VEVENT\r\n"
       "UID:a@test\r\nSUMMARY:Imported talk\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
       "END:VEVENT\r\nEND:VCALENDAR\r\n")


def _event(cast):
    return {"event_id": cast.ids["event"]}


def _session(cast):
    return {"event_id": cast.ids["event"], "session_id": cast.ids["session"]}


def _wall(delta_hours: float) -> str:
    """A wall-clock time in the cast event's zone (America/Chicago) within the event."""
    from zoneinfo import ZoneInfo

    moment = (utcnow() + timedelta(hours=delta_hours)).astimezone(ZoneInfo("America/Chicago"))
    return moment.strftime("%Y-%m-%dT%H:%M")


def _event_form(cast):
    return {"title": "Summit", "starts_at": _wall(-1), "ends_at": _wall(5),
            "time_zone": "America/Chicago", "city": "Chicago", "country": "US",
            "credit_hours": "6"}


def _session_form(cast):
    return {"title": "New track", "starts_at": _wall(0), "ends_at": _wall(1),
            "credit_hours": "1"}


def _programme(cast):
    import io

    stamp = "%Y%m%dT%H%M%SZ"
    body = ICS.format(start=(utcnow()).strftime(stamp),
                      end=(utcnow() + timedelta(hours=1)).strftime(stamp))
    return {"programme": (io.BytesIO(body.encode()), "programme.ics")}


RULES = [
    Rule("GET", "/events", allow=SIGNED_IN),
    Rule("GET", "/events/<int:event_id>", allow=SIGNED_IN, path=_event),
    Rule("GET", "/events/new", allow=RUNS_IT),
    Rule("POST", "/events/new", allow=RUNS_IT, form=_event_form),
    Rule("GET", "/events/<int:event_id>/edit", allow=RUNS_IT, path=_event),
    Rule("POST", "/events/<int:event_id>/edit", allow=RUNS_IT, path=_event, form=_event_form),
    Rule("GET", "/events/<int:event_id>/sessions/new", allow=RUNS_IT, path=_event),
    Rule("POST", "/events/<int:event_id>/sessions/new", allow=RUNS_IT, path=_event,
         form=_session_form),
    Rule("GET", "/events/<int:event_id>/sessions/<int:session_id>/edit", allow=RUNS_IT,
         path=_session),
    Rule("POST", "/events/<int:event_id>/sessions/<int:session_id>/edit", allow=RUNS_IT,
         path=_session, form=_session_form),
    Rule("GET", "/events/<int:event_id>/programme", allow=RUNS_IT, path=_event),
    Rule("POST", "/events/<int:event_id>/programme", allow=RUNS_IT, path=_event,
         form=_programme),
    Rule("GET", "/events/<int:event_id>/check-in-code", allow=RUNS_IT, path=_event),
    Rule("POST", "/events/<int:event_id>/check-in-code", allow=RUNS_IT, path=_event,
         form=lambda cast: {}),
    Rule("POST", "/events/<int:event_id>/attendance", allow=SIGNED_IN, path=_event,
         form=lambda cast: {"status": "going"}),
    Rule("POST", "/events/<int:event_id>/listing", allow=SIGNED_IN, path=_event,
         form=lambda cast: {"show_on_attendee_list": "false"}),
    Rule("POST", "/events/<int:event_id>/sessions/<int:session_id>/attendance",
         allow=SIGNED_IN, path=_session, form=lambda cast: {"present": "true"}),
    Rule("GET", "/events/<int:event_id>/check-in", allow=SIGNED_IN, path=_event),
    Rule("POST", "/events/<int:event_id>/check-in", allow=SIGNED_IN, path=_event,
         form=lambda cast: {"code": cast.secrets["event_code"]}),
    Rule("GET", "/events/<int:event_id>/calendar.ics", allow=SIGNED_IN, path=_event),
    # The lounge: the owner (checked in) and the event's organizer read it; for the rest it
    # is no such conversation, as chat answers.
    Rule("POST", "/events/<int:event_id>/lounge", allow=(OWNER, ORGANIZER), hidden=True,
         path=_event, form=lambda cast: {}),
    Rule("GET", "/events/mine.ics", allow=SIGNED_IN),
    Rule("GET", "/admin/credit-bodies", allow=(ADMIN,)),
    Rule("POST", "/admin/credit-bodies", allow=(ADMIN,),
         form=lambda cast: {"slug": "new-board", "name": "New Board"}),
    Rule("POST", "/admin/credit-bodies/<slug>", allow=(ADMIN,),
         path=lambda cast: {"slug": "apa"}, form=lambda cast: {"name": "APA"}),
    Rule("GET", "/api/v1/credit-bodies", allow=SIGNED_IN),
    Rule("GET", "/api/v1/events", allow=SIGNED_IN),
    Rule("POST", "/api/v1/events", allow=RUNS_IT, json=_event_form),
    Rule("GET", "/api/v1/events/<int:event_id>", allow=SIGNED_IN, path=_event),
    Rule("PATCH", "/api/v1/events/<int:event_id>", allow=RUNS_IT, path=_event,
         json=lambda cast: {"provider": "Another provider"}),
    Rule("GET", "/api/v1/events/<int:event_id>/sessions", allow=SIGNED_IN, path=_event),
    Rule("POST", "/api/v1/events/<int:event_id>/sessions", allow=RUNS_IT, path=_event,
         json=_session_form),
    Rule("PATCH", "/api/v1/events/<int:event_id>/sessions/<int:session_id>", allow=RUNS_IT,
         path=_session, json=lambda cast: {"room": "Room 2"}),
    Rule("GET", "/api/v1/events/<int:event_id>/attendance", allow=SIGNED_IN, path=_event),
    Rule("PUT", "/api/v1/events/<int:event_id>/attendance", allow=SIGNED_IN, path=_event,
         json=lambda cast: {"status": "going"}),
    Rule("PUT", "/api/v1/events/<int:event_id>/sessions/<int:session_id>/attendance",
         allow=SIGNED_IN, path=_session, json=lambda cast: {"present": True}),
    Rule("POST", "/api/v1/events/<int:event_id>/check-in", allow=SIGNED_IN, path=_event,
         json=lambda cast: {"code": cast.secrets["event_code"]}),
    Rule("GET", "/api/v1/events/<int:event_id>/check-in-code", allow=RUNS_IT, path=_event),
    Rule("GET", "/api/v1/events/<int:event_id>/attendees", allow=SIGNED_IN, path=_event),
]
