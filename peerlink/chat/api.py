from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.accounts.security import confirmed_required
from peerlink.chat import schemas, services
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("chat_api", __name__,
                    "Chat rooms and their messages (live over Socket.IO: docs/socketio.md).")

NO_SUCH_ROOM = "No such conversation, or you are not in it (the same answer for both)."
NO_SUCH_MESSAGE = "No such message of yours in a conversation you are in."
READ_ONLY = "You can read this conversation but not write in it."


@blp.route("/rooms")
class Rooms(MethodView):
    @blp.response(200, schemas.RoomSchema(many=True))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self):
        """Your rooms, the most recently active first, each with its unread count."""
        return services.list_rooms(current_user)

    @blp.arguments(schemas.RoomCreateSchema)
    @blp.response(201, schemas.RoomSchema)
    @blp.error(403, "Not connected with every member named, or your e-mail address is "
                    "not confirmed yet.")
    @blp.error(404, "No such member, or there is a block between you.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @confirmed_required
    def post(self, data):
        """Start a direct conversation with members you are connected with (up to 7).

        The same members find the same room again."""
        room = services.start_direct(current_user, data["member_ids"])
        return services.room_view(current_user, room.id)


@blp.route("/rooms/<int:room_id>/messages")
class RoomMessages(MethodView):
    @blp.arguments(schemas.MessageQuerySchema, location="query")
    @blp.response(200, schemas.MessagePageSchema)
    @blp.error(404, NO_SUCH_ROOM)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, args, room_id: int):
        """Messages in id order: the newest `limit`, those before `before` (older history)
        or those after `after` (what you missed). `has_more`: more lie that way."""
        found, has_more = services.messages(current_user, room_id, before=args["before"],
                                            after=args["after"], limit=args["limit"])
        return {"messages": found, "has_more": has_more}

    @blp.arguments(schemas.MessageCreateSchema)
    @blp.phi_guarded()
    @blp.response(201, schemas.MessageSchema)
    @blp.error(403, READ_ONLY)
    @blp.error(404, NO_SUCH_ROOM)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(services.SENDS)
    def post(self, data, room_id: int):
        """Send a message. `client_id` is your own id for it: sending again with it returns
        the stored message and stores no second one.

        Text that may identify a client (a date, a phone number, a name ...) is refused
        with 422, its `findings` and `confirmable`; send it again with
        `confirm_deidentified: true` once you checked it (never enough in a consultation's
        room)."""
        message, _ = services.send(current_user, room_id, data["body"], data["client_id"],
                                   confirm_deidentified=data["confirm_deidentified"])
        return message


@blp.route("/rooms/<int:room_id>/read")
class RoomRead(MethodView):
    @blp.arguments(schemas.MarkReadSchema)
    @blp.response(200, schemas.ReadStateSchema)
    @blp.error(404, NO_SUCH_ROOM)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def post(self, data, room_id: int):
        """You have read the room up to this message (a marker never moves back)."""
        return services.mark_read(current_user, room_id, data["message_id"])


@blp.route("/messages/<int:message_id>")
class OneMessage(MethodView):
    @blp.arguments(schemas.MessageUpdateSchema)
    @blp.phi_guarded()
    @blp.response(200, schemas.MessageSchema)
    @blp.error(404, NO_SUCH_MESSAGE)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def patch(self, data, message_id: int):
        """Change your message (it is marked edited). The PHI guard checks the new text as
        a send's."""
        return services.edit(current_user, message_id, data["body"],
                             confirm_deidentified=data["confirm_deidentified"])

    @blp.arguments(schemas.MessageDeleteSchema, location="query")
    @blp.response(200, schemas.MessageSchema)
    @blp.error(404, NO_SUCH_MESSAGE)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, args, message_id: int):
        """Delete your message (it stays as a marker without its text). A moderator of the
        room deletes someone else's with a `reason`."""
        return services.delete(current_user, message_id, args["reason"])
