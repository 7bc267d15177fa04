from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.error_handler import ErrorSchema

from peerlink.accounts.security import confirmed_required
from peerlink.connections import blocks, people_to_meet, schemas, services
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("connections_api", __name__,
                    "Connections, connection requests, blocks and people to meet.")


NO_SUCH_MEMBER = "No such member, or there is a block between you."
ONLY_THE_ADDRESSEE = "Only the member you asked can answer this request."
ANSWERED = "This request has already been answered."


def _page(pagination_parameters) -> tuple[int, int]:
    size = pagination_parameters.page_size
    return size, (pagination_parameters.page - 1) * size


@blp.route("/connections")
class Connections(MethodView):
    @blp.response(200, schemas.ConnectionSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, pagination_parameters):
        """Your connections, by name."""
        pagination_parameters.item_count = services.count_connections(current_user.id)
        return services.list_connections(current_user.id, *_page(pagination_parameters))

    @blp.arguments(schemas.ConnectionCreateSchema)
    @blp.response(201, schemas.ConnectionSchema)
    @blp.error(404, NO_SUCH_MEMBER)
    @blp.error(409, "Connected already, asked already, or turned down less than 30 days ago.")
    @blp.alt_response(403, schema=ErrorSchema,
                      description="Your e-mail address is not confirmed yet.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @confirmed_required
    @blp.rate_limit(services.REQUESTS)
    def post(self, data):
        """Ask a member to connect, with an optional note.

        If they already asked you, this accepts their request (status `accepted`).
        403 until you have confirmed your e-mail address. 409 if you are connected already,
        asked already, or were turned down less than 30 days ago. 404 for a member who does
        not exist or with whom there is a block.
        """
        connection = services.request_connection(current_user, data["user_id"],
                                                    data["note"])
        return services.entry(current_user.id, connection.id)


@blp.route("/connections/requests")
class Requests(MethodView):
    @blp.arguments(schemas.RequestsQuerySchema, location="query")
    @blp.response(200, schemas.ConnectionSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, pagination_parameters):
        """Pending requests sent to you (`incoming`, the default) or by you, newest first."""
        direction = args["direction"]
        pagination_parameters.item_count = services.count_requests(current_user.id,
                                                                      direction)
        return services.list_requests(current_user.id, direction,
                                         *_page(pagination_parameters))


@blp.route("/connections/<int:connection_id>/accept")
class Accept(MethodView):
    @blp.response(200, schemas.ConnectionSchema)
    @blp.error(403, ONLY_THE_ADDRESSEE)
    @blp.error(409, ANSWERED)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, connection_id: int):
        """Accept a request sent to you. The member who asked is notified."""
        services.accept_request(current_user, connection_id)
        return services.entry(current_user.id, connection_id)


@blp.route("/connections/<int:connection_id>/decline")
class Decline(MethodView):
    @blp.response(204)
    @blp.error(403, ONLY_THE_ADDRESSEE)
    @blp.error(409, ANSWERED)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, connection_id: int):
        """Decline a request sent to you. Nobody is notified; the member who asked may ask
        again after 30 days, and you may ask them whenever you like."""
        services.decline_request(current_user, connection_id)


@blp.route("/connections/<int:connection_id>")
class ConnectionById(MethodView):
    @blp.response(204)
    @blp.error(403, "Only the member who sent a request can withdraw it.")
    @blp.error(409, "The request was answered already; only a waiting one can be withdrawn.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, connection_id: int):
        """Withdraw a pending request you sent, or remove a connection (either side)."""
        services.withdraw_or_remove(current_user, connection_id)


@blp.route("/blocks")
class Blocks(MethodView):
    @blp.response(200, schemas.BlockSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, pagination_parameters):
        """The members you blocked, most recent first."""
        pagination_parameters.item_count = blocks.count_blocks(current_user.id)
        return blocks.list_blocks(current_user.id, *_page(pagination_parameters))

    @blp.arguments(schemas.BlockCreateSchema)
    @blp.response(201, schemas.BlockSchema)
    @blp.error(404, NO_SUCH_MEMBER)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data):
        """Block a member: any connection or request between you ends, they can no longer
        see your profile, find you, request or message you. Blocking again is harmless."""
        blocks.block(current_user, data["user_id"])
        return blocks.block_entry(current_user.id, data["user_id"])


@blp.route("/blocks/<int:user_id>")
class BlockByUser(MethodView):
    @blp.response(204)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, user_id: int):
        """Unblock a member. Connections ended by the block do not come back."""
        blocks.unblock(current_user, user_id)


@blp.route("/people-to-meet")
class PeopleToMeet(MethodView):
    @blp.response(200, schemas.RecommendationSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """Up to 20 members worth meeting, best first, each with the reason in plain words.

        Ranked by events attended together, shared specialties, modalities and populations,
        and a complementary discipline (a prescriber for a therapist and the reverse). Only
        members whose full profile you may see, with an event, a specialty, a method or a
        population in common; never your connections, requests, blocks or those you
        dismissed.
        """
        return people_to_meet.suggest(current_user)


@blp.route("/people-to-meet/<int:user_id>/dismissal")
class Dismissal(MethodView):
    @blp.response(204)
    @blp.error(422, "You cannot dismiss yourself.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def put(self, user_id: int):
        """Never suggest this member to you again. Doing it twice is harmless.

        404 for a member who does not exist or with whom there is a block.
        """
        people_to_meet.dismiss(current_user, user_id)
