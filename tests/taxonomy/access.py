"""Who may use the taxonomy pages and operations (read by tests/security)."""

from tests.security.cast import ADMIN, SIGNED_IN
from tests.security.rules import Rule

SPECIALTIES = {"name": "specialties"}
A_TERM = {"name": "specialties", "slug": "trauma-ptsd"}

RULES = [
    Rule("GET", "/admin/taxonomies", allow=(ADMIN,)),
    Rule("GET", "/admin/taxonomies/<name>", allow=(ADMIN,), path=lambda cast: SPECIALTIES),
    Rule("POST", "/admin/taxonomies/<name>", allow=(ADMIN,), path=lambda cast: SPECIALTIES,
         form=lambda cast: {"slug": "ecotherapy", "label": "Ecotherapy"}),
    Rule("POST", "/admin/taxonomies/<name>/<slug>", allow=(ADMIN,), path=lambda cast: A_TERM,
         form=lambda cast: {"label": "Trauma and PTSD", "position": "0", "active": "y"}),
    Rule("GET", "/api/v1/taxonomies/<name>", allow=SIGNED_IN, path=lambda cast: SPECIALTIES),
    Rule("POST", "/api/v1/taxonomies/<name>", allow=(ADMIN,), path=lambda cast: SPECIALTIES,
         json=lambda cast: {"slug": "ecotherapy", "label": "Ecotherapy"}),
    Rule("PATCH", "/api/v1/taxonomies/<name>/<slug>", allow=(ADMIN,),
         path=lambda cast: A_TERM, json=lambda cast: {"label": "Trauma and PTSD"}),
]
