"""Who may use the profile pages and operations (read by tests/security)."""

import io

from tests.factories import image_bytes
from tests.security.cast import ADMIN, BLOCKED, MODERATOR, SIGNED_IN
from tests.security.rules import Rule

NOT_BLOCKED = tuple(viewer for viewer in SIGNED_IN if viewer != BLOCKED)
REVIEWERS = (MODERATOR, ADMIN)


def a_photo(cast) -> dict:
    return {"photo": (io.BytesIO(image_bytes("PNG", (120, 120))), "me.png")}

RULES = [
    Rule("GET", "/people/<int:user_id>", allow=NOT_BLOCKED, hidden=True,
         path=lambda cast: {"user_id": cast.ids["owner"]}),
    Rule("GET", "/profile", allow=SIGNED_IN),
    Rule("GET", "/profile/edit", allow=SIGNED_IN),
    Rule("POST", "/profile/edit", allow=SIGNED_IN,
         form=lambda cast: {"display_name": "Olivia P.", "visibility": "members"}),
    Rule("GET", "/profile/license", allow=SIGNED_IN),
    Rule("POST", "/profile/license", allow=SIGNED_IN,
         form=lambda cast: {"jurisdiction": "Oregon", "number": "LIC-2024-1"}),
    Rule("GET", "/profile/photo", allow=SIGNED_IN),
    Rule("POST", "/profile/photo", allow=SIGNED_IN, form=a_photo),
    Rule("POST", "/profile/photo/delete", allow=SIGNED_IN),
    # The owner shows her full profile to every member: all but the member she blocked (and
    # visitors, sent to log in) may see her photo.
    Rule("GET", "/photos/<name>-<int:size>.webp", allow=NOT_BLOCKED, hidden=True,
         path=lambda cast: {"name": cast.secrets["owner_photo"], "size": 96}),
    Rule("GET", "/moderation/licenses", allow=REVIEWERS),
    Rule("POST", "/moderation/licenses/<int:review_id>/decision", allow=REVIEWERS,
         path=lambda cast: {"review_id": cast.ids["owner_review"]},
         form=lambda cast: {"decision": "verified"}),
    Rule("GET", "/api/v1/profiles/<int:user_id>", allow=NOT_BLOCKED, hidden=True,
         path=lambda cast: {"user_id": cast.ids["owner"]}),
    Rule("GET", "/api/v1/profiles/me", allow=SIGNED_IN),
    Rule("PATCH", "/api/v1/profiles/me", allow=SIGNED_IN,
         json=lambda cast: {"display_name": "Olivia P."}),
    Rule("PUT", "/api/v1/profiles/me/photo", allow=SIGNED_IN, files=a_photo),
    Rule("DELETE", "/api/v1/profiles/me/photo", allow=SIGNED_IN),
    Rule("POST", "/api/v1/profiles/me/license", allow=SIGNED_IN,
         json=lambda cast: {"jurisdiction": "Oregon", "number": "LIC-2024-1"}),
    Rule("GET", "/api/v1/license-reviews", allow=REVIEWERS),
    Rule("POST", "/api/v1/license-reviews/<int:review_id>/decision", allow=REVIEWERS,
         path=lambda cast: {"review_id": cast.ids["owner_review"]},
         json=lambda cast: {"decision": "verified"}),
]
