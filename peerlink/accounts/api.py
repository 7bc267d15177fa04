from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.accounts import schemas, services
from peerlink.rest import BEARER_SECURITY, api_blueprint
from peerlink.web import csrf_exempt

blp = api_blueprint("accounts_api", __name__, "Your account and personal access tokens.")


@blp.route("/auth/tokens")
class Tokens(MethodView):
    @blp.arguments(schemas.TokenCreateSchema)
    @blp.response(201, schemas.TokenCreatedSchema)
    @blp.doc(security=[])
    @blp.rate_limit("10 per minute")
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
