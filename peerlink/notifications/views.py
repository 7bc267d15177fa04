from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from peerlink.errors import ValidationFailed
from peerlink.notifications import preferences, services
from peerlink.web import csrf_exempt

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index():
    page = services.open_notifications(current_user.id)
    return render_template("notifications/index.html", notifications=page.notifications,
                           new_ids=page.new_ids)


@bp.post("/read")
@login_required
def mark_all_read():
    services.mark_all_read(current_user.id)
    return redirect(url_for("notifications.index"))


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf_exempt  # the link is the credential: mail clients POST it without a session (RFC 8058)
def unsubscribe(token: str):
    """GET asks to confirm (a link scanner must not switch anything off); POST, the button
    or a mail client's one-click, switches the link's kinds to in PeerLink only."""
    try:
        if request.method != "POST":  # GET, and HEAD as GET without a body
            done, unsubscription = False, preferences.read_unsubscribe_token(token)
        else:
            done, unsubscription = True, preferences.unsubscribe(token)
    except ValidationFailed as exc:
        return render_template("notifications/unsubscribe.html", error=exc.errors["token"][0],
                               token=token), 422
    return render_template("notifications/unsubscribe.html", done=done, token=token,
                           kinds=unsubscription.kinds)
