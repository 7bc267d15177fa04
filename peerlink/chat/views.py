"""The chat page (the live client is static/js/chat.js over the `/chat` namespace; without
it the page still lists, shows and sends), the nav's unread count and the profile's
Message button. Rules live in services."""

import uuid

from flask import Blueprint, redirect, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from peerlink.chat import schemas, services
from peerlink.chat.models import MAX_BODY
from peerlink.errors import ValidationFailed
from peerlink.extensions import limited
from peerlink.local_time import my_time_zone_name
from peerlink.phi.guard import PhiFlagged, marked
from peerlink.profiles import privacy
from peerlink.profiles.signals import profile_page_actions
from peerlink.schemas import load_form
from peerlink.web import field_errors, render_form

bp = Blueprint("chat", __name__)


@bp.app_context_processor
def chat_helpers():
    def unread_chat() -> int:
        return services.total_unread(current_user.id) if current_user.is_authenticated else 0

    return {"unread_chat": unread_chat, "chat_body_max": MAX_BODY}


@profile_page_actions.connect
def message_button(view, viewer, **_) -> dict | None:
    """Message, on the profile of a member the viewer is connected with."""
    other = view.profile.user_id
    if other == viewer.id or not privacy.are_connected(viewer.id, other):
        return None
    return {"template": "chat/_profile_actions.html", "chat_with": other}


# A room with more members than this lists them folded under their number (an event's
# lounge may hold hundreds): the conversation, not the list, fills the top of the pane.
MEMBERS_LISTED_OPEN = 8


def _page(room_id: int | None, errors: dict | None = None, flagged=None):
    rooms = services.list_rooms(current_user)
    room = messages = None
    has_more = False
    if room_id is not None:
        room = services.room_view(current_user, room_id)
        messages, has_more = services.messages(current_user, room_id)
    return render_form("chat/index.html", errors=errors, rooms=rooms, room=room,
                       messages=messages or [], has_more=has_more, flagged=flagged or {},
                       client_id=uuid.uuid4().hex, time_zone=my_time_zone_name(),
                       members_listed_open=MEMBERS_LISTED_OPEN)


@bp.get("/chat")
@login_required
def index():
    return _page(None)


@bp.get("/chat/<int:room_id>")
@login_required
def room(room_id: int):
    return _page(room_id)


@bp.post("/chat/<int:room_id>")
@login_required
@limited(services.SENDS)
def send(room_id: int):
    """The composer without JavaScript: the page's client_id makes a resubmitted form
    store nothing twice. Flagged text comes back marked, with the box to confirm it."""
    services.require_readable(current_user, room_id)
    try:
        data = load_form(schemas.MessageCreateSchema(), request.form)
        services.send(current_user, room_id, data["body"], data["client_id"],
                      confirm_deidentified=data["confirm_deidentified"])
    except PhiFlagged as exc:
        return _page(room_id, field_errors(exc), marked(exc, data))
    except (ValidationError, ValidationFailed) as exc:
        return _page(room_id, field_errors(exc))
    return redirect(url_for("chat.room", room_id=room_id, _anchor="composer"))


@bp.post("/chat/with/<int:user_id>")
@login_required
def start(user_id: int):
    """The profile's Message button: the conversation with this member, new or not."""
    room = services.start_direct(current_user, [user_id])
    return redirect(url_for("chat.room", room_id=room.id))
