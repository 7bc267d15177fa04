"""Who may use the accounts feature's pages and operations (read by tests/security)."""

from tests.factories import PASSWORD
from tests.security.cast import ADMIN, ANONYMOUS, MEMBER, OWNER, SIGNED_IN, VIEWERS
from tests.security.rules import Rule

NEW_PASSWORD = "an-even-longer-walk-by-the-river-2027"


def _member(cast) -> dict:
    return {"user_id": cast.ids["member"]}


def _suspended(cast) -> dict:
    return {"user_id": cast.ids["suspended"]}

RULES = [
    Rule("GET", "/register", allow=VIEWERS),
    Rule("POST", "/register", allow=VIEWERS, acting=ANONYMOUS,
         form=lambda cast: {"name": "Rae Newcomer", "email": "rae.newcomer@example.org",
                            "password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}),
    Rule("GET", "/register/check-email", allow=VIEWERS),
    Rule("GET", "/confirm/<token>", allow=VIEWERS,
         path=lambda cast: {"token": cast.secrets["confirm_token"]}),
    Rule("POST", "/confirm/resend", allow=SIGNED_IN, form=lambda cast: {}),
    Rule("GET", "/login", allow=VIEWERS),
    Rule("POST", "/login", allow=VIEWERS, acting=ANONYMOUS,
         form=lambda cast: {"email": cast.user(MEMBER).email, "password": PASSWORD}),
    Rule("POST", "/logout", allow=VIEWERS, form=lambda cast: {}),
    Rule("GET", "/account", allow=SIGNED_IN),
    Rule("POST", "/account/password", allow=SIGNED_IN,
         form=lambda cast: {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                            "confirm_password": NEW_PASSWORD}),
    Rule("POST", "/account/notifications", allow=SIGNED_IN,
         form=lambda cast: {"connection_request": "digest"}),
    Rule("POST", "/account/email", allow=SIGNED_IN,
         form=lambda cast: {"new_email": "a.new.address@example.org",
                            "email_password": PASSWORD}),
    Rule("GET", "/account/email/confirm/<token>", allow=VIEWERS,
         path=lambda cast: {"token": cast.secrets["email_change_token"]}),
    Rule("POST", "/account/tokens", allow=SIGNED_IN,
         form=lambda cast: {"token_name": "My script", "token_password": PASSWORD}),
    Rule("POST", "/account/tokens/<int:token_id>/revoke", allow=(OWNER,), hidden=True,
         path=lambda cast: {"token_id": cast.ids["owner_token"]}, form=lambda cast: {}),
    Rule("GET", "/account/delete", allow=SIGNED_IN),
    Rule("POST", "/account/delete", allow=SIGNED_IN,
         form=lambda cast: {"password": PASSWORD, "confirm": "DELETE"}),
    Rule("GET", "/password/forgot", allow=VIEWERS),
    Rule("POST", "/password/forgot", allow=VIEWERS, acting=ANONYMOUS,
         form=lambda cast: {"email": "nobody.here@example.org"}),
    Rule("GET", "/password/reset/<token>", allow=VIEWERS,
         path=lambda cast: {"token": cast.secrets["reset_token"]}),
    Rule("POST", "/password/reset/<token>", allow=VIEWERS, acting=ANONYMOUS,
         path=lambda cast: {"token": cast.secrets["reset_token"]},
         form=lambda cast: {"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}),
    Rule("GET", "/api/v1/auth/tokens", allow=SIGNED_IN),
    Rule("POST", "/api/v1/auth/tokens", allow=VIEWERS, acting=ANONYMOUS,
         json=lambda cast: {"email": cast.user(MEMBER).email, "password": PASSWORD,
                            "name": "A script"}),
    Rule("DELETE", "/api/v1/auth/tokens/<int:token_id>", allow=(OWNER,), hidden=True,
         path=lambda cast: {"token_id": cast.ids["owner_token"]}),
    Rule("GET", "/api/v1/me", allow=SIGNED_IN),
    Rule("GET", "/account/export", allow=SIGNED_IN),
    Rule("GET", "/api/v1/me/export", allow=SIGNED_IN),
    Rule("GET", "/admin/members", allow=(ADMIN,)),
    Rule("GET", "/admin/members/<int:user_id>", allow=(ADMIN,), path=_member),
    Rule("POST", "/admin/members/<int:user_id>/suspension", allow=(ADMIN,), path=_member,
         form=lambda cast: {"reason": "Sent the same request to everyone"}),
    Rule("POST", "/admin/members/<int:user_id>/restore", allow=(ADMIN,), path=_suspended,
         form=lambda cast: {}),
    Rule("POST", "/api/v1/admin/members/<int:user_id>/suspension", allow=(ADMIN,),
         path=_member, json=lambda cast: {"reason": "Sent the same request to everyone"}),
    Rule("DELETE", "/api/v1/admin/members/<int:user_id>/suspension", allow=(ADMIN,),
         path=_suspended),
]
