from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from peerlink.notifications import services

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
