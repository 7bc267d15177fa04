"""Who may use the consultations pages and operations (read by tests/security).

The owner asked their connection for consultations (tests/security/cast.py): only those
two read them, their slots, history, notes and calendar files; everyone else, admins and
moderators included, gets Not Found, as for no such consultation. Of the two, the one a
move is not for is told no (403): the owner cannot accept or decline their own request, the
connection cannot withdraw it. Admins alone see the metadata page.
"""

from datetime import UTC, datetime, timedelta

from tests.security.cast import ADMIN, CONNECTION, OWNER, SIGNED_IN, UNCONFIRMED
from tests.security.rules import Rule

CONFIRMED = tuple(viewer for viewer in SIGNED_IN if viewer != UNCONFIRMED)
BOTH = (OWNER, CONNECTION)
API = "/api/v1/consultations"


def _at(name: str):
    return lambda cast: {"consultation_id": cast.ids[name]}


WAITING, DUE, DONE = _at("consultation_waiting"), _at("consultation_due"), _at("consultation_done")
VIDEO = _at("consultation_video")


def _later(days: int) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%dT10:00")


def _request(cast) -> dict:
    return {"audience": "peer", "peer_id": cast.ids["connection"], "topic": "Grief and insomnia",
            "summary": "A man in his 60s, widowed in 2023, sleeping four hours a night.",
            "question": "CBT-I now, or grief work first?", "urgency": "routine",
            "format": "chat", "deidentified": True, "time_zone": "UTC",
            "slots": [_later(3), _later(4)], "retention_days": 30}


def _form(cast) -> dict:
    return {**_request(cast), "deidentified": "true"}


def _slot(cast) -> dict:
    return {"slot_id": cast.ids["consultation_slot"]}


def _times(cast) -> dict:
    return {"slots": [_later(9)], "time_zone": "UTC"}


def both(method, rule, path, **extra):
    """The two participants; Not Found for everyone else."""
    return Rule(method, rule, allow=BOTH, hidden=True, path=path, **extra)


def peer_only(method, rule, path, **extra):
    return Rule(method, rule, allow=(CONNECTION,), hidden=True, path=path,
                expect={OWNER: 403}, **extra)


def requester_only(method, rule, path, **extra):
    return Rule(method, rule, allow=(OWNER,), hidden=True, path=path,
                expect={CONNECTION: 403}, **extra)


def _video(cast) -> dict:
    return {"video_url": "https://meet.example.org/peer-consult"}


def _empty(cast):
    return {}


RULES = [
    # pages
    Rule("GET", "/consultations", allow=SIGNED_IN),
    Rule("GET", "/consultations/new", allow=CONFIRMED, expect={UNCONFIRMED: 403}),
    Rule("POST", "/consultations/new", allow=CONFIRMED, expect={UNCONFIRMED: 403},
         form=_form),
    both("GET", "/consultations/<int:consultation_id>", WAITING),
    peer_only("POST", "/consultations/<int:consultation_id>/accept", WAITING, form=_slot),
    peer_only("POST", "/consultations/<int:consultation_id>/decline", WAITING,
              form=lambda cast: {"reason": "Away that week."}),
    peer_only("POST", "/consultations/<int:consultation_id>/slots", WAITING, form=_times),
    requester_only("POST", "/consultations/<int:consultation_id>/cancel", WAITING,
                   form=_empty),
    both("POST", "/consultations/<int:consultation_id>/complete", DUE, form=_empty),
    both("POST", "/consultations/<int:consultation_id>/joining-details", VIDEO, form=_video),
    both("POST", "/consultations/<int:consultation_id>/note", DUE,
         form=lambda cast: {"body": "Ask about sleep hygiene next time."}),
    both("POST", "/consultations/<int:consultation_id>/ce-log", DONE, form=_empty),
    both("GET", "/consultations/<int:consultation_id>/calendar.ics", DUE),
    Rule("GET", "/admin/consultations", allow=(ADMIN,)),
    # API
    Rule("GET", API, allow=SIGNED_IN),
    Rule("POST", API, allow=CONFIRMED, expect={UNCONFIRMED: 403}, json=_request),
    Rule("GET", f"{API}/open", allow=SIGNED_IN),
    both("GET", f"{API}/<int:consultation_id>", WAITING),
    peer_only("POST", f"{API}/<int:consultation_id>/accept", WAITING, json=_slot),
    peer_only("POST", f"{API}/<int:consultation_id>/decline", WAITING,
              json=lambda cast: {"reason": "Away that week."}),
    both("GET", f"{API}/<int:consultation_id>/slots", WAITING),
    peer_only("POST", f"{API}/<int:consultation_id>/slots", WAITING, json=_times,
              reached=(201,)),
    requester_only("POST", f"{API}/<int:consultation_id>/cancel", WAITING),
    both("POST", f"{API}/<int:consultation_id>/complete", DUE),
    both("PUT", f"{API}/<int:consultation_id>/joining-details", VIDEO, json=_video),
    both("GET", f"{API}/<int:consultation_id>/transitions", WAITING),
    both("GET", f"{API}/<int:consultation_id>/note", WAITING),
    both("PUT", f"{API}/<int:consultation_id>/note", WAITING,
         json=lambda cast: {"body": "Ask about sleep hygiene next time."}),
    both("GET", f"{API}/<int:consultation_id>/calendar.ics", DUE),
]
