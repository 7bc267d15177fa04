from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text

from peerlink.extensions import db

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("pages/index.html")


@bp.get("/home")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("main.index"))
    return redirect(url_for("accounts.account"))


@bp.get("/api/v1/docs")
def api_reference():
    """Swagger UI, from npm, served from our own origin."""
    return render_template("pages/api_reference.html")


@bp.get("/healthz")
def health():
    """For load balancers and the test harness: the app answers and reaches its database."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
