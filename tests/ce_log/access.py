"""Who may use the CE log's pages and operations (read by tests/security).

A member's CE log is theirs alone: the owner's entries, requirement and certificate read as
Not Found to everyone else, admins included. The templates are edited by admins only.
"""

import io

from tests.factories import pdf_bytes
from tests.security.cast import ADMIN, OWNER, SIGNED_IN
from tests.security.rules import Rule

ENTRY_FORM = {"title": "Motivational interviewing", "provider": "Online CE",
              "completed_on": "2026-04-02", "hours": "2", "live": "false",
              "subjects": "clinical-practice", "notes": ""}
REQUIREMENT_FORM = {"license_name": "Washington LMHC", "cycle_start": "2025-01-01",
                    "cycle_end": "2026-12-31", "total_hours": "36", "self_study_cap": "",
                    "live_minimum": "6", "minimum_ethics": "6"}
TEMPLATE_FORM = {"name": "Licensed Clinical Social Worker (LCSW)", "license_type": "LCSW",
                 "cycle_years": "2", "total_hours": "30", "self_study_cap": "15",
                 "live_minimum": "", "minimum_ethics": "3", "notes": ""}


def _entry(cast):
    return {"entry_id": cast.ids["owner_ce_entry"]}


def _line(cast):
    return {"key": f"entry:{cast.ids['owner_ce_entry']}"}


def _requirement(cast):
    return {"requirement_id": cast.ids["owner_ce_requirement"]}


def _template(cast):
    return {"template_id": cast.ids["ce_template"]}


def _upload(name: str):
    return lambda cast: {name: (io.BytesIO(pdf_bytes()), "certificate.pdf")}


def _own(method, rule, path, **extra):
    return Rule(method, rule, allow=(OWNER,), hidden=True, path=path, **extra)


RULES = [
    Rule("GET", "/ce-log", allow=SIGNED_IN),
    Rule("GET", "/ce-log/transcript", allow=SIGNED_IN),
    Rule("GET", "/ce-log/export.csv", allow=SIGNED_IN),
    Rule("GET", "/ce-log/entries/new", allow=SIGNED_IN),
    Rule("POST", "/ce-log/entries/new", allow=SIGNED_IN, form=lambda cast: ENTRY_FORM),
    _own("GET", "/ce-log/entries/<int:entry_id>/edit", _entry),
    _own("POST", "/ce-log/entries/<int:entry_id>/edit", _entry, form=lambda cast: ENTRY_FORM),
    _own("POST", "/ce-log/entries/<int:entry_id>/delete", _entry, form=lambda cast: {}),
    _own("GET", "/ce-log/lines/<key>/certificate", _line),
    _own("POST", "/ce-log/lines/<key>/certificate", _line, form=_upload("certificate")),
    _own("POST", "/ce-log/lines/<key>/certificate/delete", _line, form=lambda cast: {}),
    _own("GET", "/ce-log/lines/<key>/certificate/file", _line),
    Rule("GET", "/ce-log/requirements/new", allow=SIGNED_IN),
    Rule("POST", "/ce-log/requirements/new", allow=SIGNED_IN,
         form=lambda cast: REQUIREMENT_FORM),
    _own("GET", "/ce-log/requirements/<int:requirement_id>/edit", _requirement),
    _own("POST", "/ce-log/requirements/<int:requirement_id>/edit", _requirement,
         form=lambda cast: REQUIREMENT_FORM),
    _own("POST", "/ce-log/requirements/<int:requirement_id>/delete", _requirement,
         form=lambda cast: {}),
    Rule("GET", "/ce-log/templates", allow=(ADMIN,)),
    Rule("GET", "/ce-log/templates/<int:template_id>/edit", allow=(ADMIN,), path=_template),
    Rule("POST", "/ce-log/templates/<int:template_id>/edit", allow=(ADMIN,), path=_template,
         form=lambda cast: TEMPLATE_FORM),
    Rule("GET", "/api/v1/ce-log/entries", allow=SIGNED_IN),
    Rule("POST", "/api/v1/ce-log/entries", allow=SIGNED_IN, json=lambda cast: {
        "title": "Group therapy basics", "completed_on": "2026-02-01", "hours": "1.5",
        "live": True, "subjects": ["clinical-practice"]}),
    _own("GET", "/api/v1/ce-log/entries/<int:entry_id>", _entry),
    _own("PATCH", "/api/v1/ce-log/entries/<int:entry_id>", _entry,
         json=lambda cast: {"hours": "4"}),
    _own("DELETE", "/api/v1/ce-log/entries/<int:entry_id>", _entry),
    _own("GET", "/api/v1/ce-log/lines/<key>/certificate", _line),
    _own("PUT", "/api/v1/ce-log/lines/<key>/certificate", _line, files=_upload("certificate")),
    _own("DELETE", "/api/v1/ce-log/lines/<key>/certificate", _line),
    Rule("GET", "/api/v1/ce-log/requirements", allow=SIGNED_IN),
    Rule("POST", "/api/v1/ce-log/requirements", allow=SIGNED_IN, json=lambda cast: {
        "license_name": "Texas LPC", "cycle_start": "2025-06-01", "cycle_end": "2027-05-31",
        "total_hours": "24", "subject_minimums": {"ethics": "4"}}),
    _own("GET", "/api/v1/ce-log/requirements/<int:requirement_id>", _requirement),
    _own("PATCH", "/api/v1/ce-log/requirements/<int:requirement_id>", _requirement,
         json=lambda cast: {"total_hours": "30"}),
    _own("DELETE", "/api/v1/ce-log/requirements/<int:requirement_id>", _requirement),
    Rule("GET", "/api/v1/ce-log/templates", allow=SIGNED_IN),
    Rule("GET", "/api/v1/ce-log/export.csv", allow=SIGNED_IN),
    Rule("PATCH", "/api/v1/ce-log/templates/<int:template_id>", allow=(ADMIN,), path=_template,
         json=lambda cast: {"total_hours": "30"}),
]
