"""Who may use the taxonomy pages and operations (read by tests/security)."""

from peerlink.taxonomy.api import NAME
from tests.security.cast import ADMIN, SIGNED_IN
from tests.security.rules import Rule

SPECIALTIES = {"name": "specialties"}
A_TERM = {"name": "specialties", "slug": "trauma-ptsd"}
API_TAXONOMY = f"/api/v1/taxonomies/{NAME}"  # the API routes only the taxonomies there are

RULES = [
    Rule("GET", "/admin/taxonomies", allow=(ADMIN,)),
    Rule("GET", "/admin/taxonomies/<name>", allow=(ADMIN,), path=lambda cast: SPECIALTIES),
    Rule("POST", "/admin/taxonomies/<name>", allow=(ADMIN,), path=lambda cast: SPECIALTIES,
         form=lambda cast: {"slug": "ecotherapy", "label": "Ecotherapy"}),
    Rule("POST", "/admin/taxonomies/<name>/<slug>", allow=(ADMIN,), path=lambda cast: A_TERM,
         form=lambda cast: {"label": "Trauma and PTSD", "position": "0", "active": "y"}),
    Rule("GET", API_TAXONOMY, allow=SIGNED_IN, path=lambda cast: SPECIALTIES),
    Rule("POST", API_TAXONOMY, allow=(ADMIN,), path=lambda cast: SPECIALTIES,
         json=lambda cast: {"slug": "ecotherapy", "label": "Ecotherapy"}),
    Rule("PATCH", f"{API_TAXONOMY}/<slug>", allow=(ADMIN,),
         path=lambda cast: A_TERM, json=lambda cast: {"label": "Trauma and PTSD"}),
]
