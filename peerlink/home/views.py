from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from flask_login import current_user, login_required

from peerlink.accounts.security import role_required
from peerlink.connections import people_to_meet
from peerlink.connections import services as connections
from peerlink.home.readiness import readiness
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


@bp.get("/admin")
@login_required
@role_required("admin")
def admin():
    """The admin's pages in one place, so the menu keeps one entry for them."""
    return render_template("home/admin.html")


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
    """Liveness: the process answers. Touches nothing else, so it answers while the database
    is down (restarting the process would not bring the database back)."""
    return _no_store({"status": "ok"}, 200)


@bp.get("/readyz")
def ready():
    """Readiness: the database answers at the migrations' head, Redis answers where used.
    503 with what is wrong when not; JSON whatever happens."""
    try:
        is_ready, checks = readiness()
    except Exception:
        current_app.logger.exception("Readiness check failed")
        is_ready, checks = False, {"readiness": "the check itself failed; see the log"}
    return _no_store({"status": "ready" if is_ready else "unavailable", "checks": checks},
                     200 if is_ready else 503)


def _no_store(body: dict, status: int):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
