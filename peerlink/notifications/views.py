from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from peerlink.notifications import services

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index():
    return render_template("notifications/index.html",
                           notifications=services.list_notifications(current_user.id))


@bp.post("/read")
@login_required
def mark_all_read():
    services.mark_all_read(current_user.id)
    return redirect(url_for("notifications.index"))
