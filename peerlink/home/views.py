from flask import Blueprint, current_app, render_template, send_from_directory
from flask_login import current_user, login_required
from sqlalchemy import text

from peerlink.connections import people_to_meet
from peerlink.connections import services as connections
from peerlink.extensions import db
from peerlink.profiles import services as profiles

# Suggestions on the home page; the full list is on /people-to-meet.
HOME_SUGGESTIONS = 3

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("home/index.html")


@bp.get("/home")
@login_required
def home():
    """Where a member lands after logging in: what to do next, from their own data."""
    me = current_user._get_current_object()
    profile = profiles.own_profile(me)
    return render_template(
        "home/home.html", profile=profile, completeness=profiles.completeness(profile),
        waiting=connections.count_requests(me.id, "incoming"),
        suggestions=people_to_meet.suggest(me, limit=HOME_SUGGESTIONS))


@bp.get("/favicon.ico")
def favicon():
    """Browsers and crawlers ask for it at the root whatever the page says."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=7 * 24 * 3600)


@bp.get("/api/v1/docs")
def api_reference():
    """Swagger UI, from npm, served from our own origin."""
    return render_template("home/api_reference.html")


@bp.get("/healthz")
def health():
    """For load balancers and the test harness: the app answers and reaches its database."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
