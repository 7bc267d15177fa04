from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.accounts import schemas, services
from peerlink.accounts.security import role_required
from peerlink.rest import BEARER_SECURITY, api_blueprint
from peerlink.web import csrf_exempt, json_download

blp = api_blueprint("accounts_api", __name__, "Your account and personal access tokens.")


@blp.route("/auth/tokens")
class Tokens(MethodView):
    @blp.arguments(schemas.TokenCreateSchema)
    @blp.response(201, schemas.TokenCreatedSchema)
    @blp.doc(security=[])
    @blp.rate_limit(services.LOGINS)
    @csrf_exempt
    def post(self, data):
        """Create a personal access token from your email and password.

        The token is in the response once; store it, it cannot be shown again.
        """
        token, plaintext = services.create_api_token(**data)
        token.plaintext = plaintext  # travels to the response, never to the database
        return token

    @blp.response(200, schemas.TokenSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """List your tokens, newest first (revoked ones included)."""
        return services.list_api_tokens(current_user)


@blp.route("/auth/tokens/<int:token_id>")
class TokenById(MethodView):
    @blp.response(204)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, token_id: int):
        """Revoke a token. It stops working at once."""
        services.revoke_api_token(current_user, token_id)


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, schemas.UserSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """The account you are authenticated as."""
        return current_user


EXPORT_RESPONSE = {"200": {
    "description": "One JSON file (Content-Disposition: attachment): your account and API "
                   "tokens (never a password or token hash), profile, license reviews, "
                   "connections, pending requests, blocks, notifications and the audit "
                   "events about you. Other members appear only as their public card.",
    "content": {"application/json": {"schema": {"type": "object"}}},
}}


@blp.route("/me/export")
class MyExport(MethodView):
    @blp.doc(security=BEARER_SECURITY, responses=EXPORT_RESPONSE)
    @login_required
    def get(self):
        """Download everything PeerLink holds about you."""
        return json_download(services.export_account(current_user._get_current_object()),
                             services.export_filename())


@blp.route("/admin/members/<int:user_id>/suspension")
class Suspension(MethodView):
    @blp.arguments(schemas.SuspensionSchema)
    @blp.response(201, schemas.MemberAdminSchema)
    @blp.error(403, "Admins only.")
    @blp.error(409, "The member is suspended already.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def post(self, data, user_id: int):
        """Admins: suspend a member. They are signed out everywhere at once, cannot sign in,
        their API tokens stop working and other members no longer find them.

        409 if they are suspended already; 422 for yourself.
        """
        return services.suspend(current_user._get_current_object(), user_id, data["reason"])

    @blp.response(200, schemas.MemberAdminSchema)
    @blp.error(403, "Admins only.")
    @blp.error(409, "The member is not suspended.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def delete(self, user_id: int):
        """Admins: restore a suspended member. 409 if they are not suspended."""
        return services.restore(current_user._get_current_object(), user_id)
