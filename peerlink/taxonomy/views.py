"""The admin's taxonomy pages: add, rename, reorder, retire and restore terms."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from peerlink.accounts.services import require_role
from peerlink.errors import ValidationFailed
from peerlink.schemas import load_form
from peerlink.taxonomy import schemas, services
from peerlink.taxonomy.models import KINDS
from peerlink.taxonomy.regions import jurisdiction_name, region_name
from peerlink.web import field_errors, render_form

bp = Blueprint("taxonomy", __name__, url_prefix="/admin/taxonomies")
# Every page shows a stored region or jurisdiction code by its name: {{ code | region_name }}.
bp.add_app_template_filter(region_name, "region_name")
bp.add_app_template_filter(jurisdiction_name, "jurisdiction_name")

FORM_ERRORS = (ValidationError, ValidationFailed)
TITLES = {name: kind.title for name, kind in KINDS.items()}


def _me():
    return current_user._get_current_object()


@bp.get("")
@login_required
def index():
    require_role(_me(), "admin")
    return render_template("taxonomy/index.html", titles=TITLES)


def _render_terms(name: str, errors=None, failed_slug=None):
    terms = services.admin_terms(_me(), name)  # refuses non-admins and unknown names first
    return render_form("taxonomy/terms.html", errors, name=name, title=TITLES[name],
                       titles=TITLES, terms=terms, failed_slug=failed_slug)


@bp.get("/<name>")
@login_required
def terms(name: str):
    return _render_terms(name)


@bp.post("/<name>")
@login_required
def add_term(name: str):
    try:
        data = load_form(schemas.TermCreateSchema(), request.form)
        term = services.add_term(_me(), name, **data)
    except FORM_ERRORS as exc:
        return _render_terms(name, field_errors(exc), failed_slug="")
    flash(f"Added “{term.label}”.", "success")
    return redirect(url_for("taxonomy.terms", name=name))


@bp.post("/<name>/<slug>")
@login_required
def update_term(name: str, slug: str):
    try:
        data = load_form(schemas.TermFormSchema(), request.form)
        term = services.update_term(_me(), name, slug, **data)
    except FORM_ERRORS as exc:
        return _render_terms(name, field_errors(exc), failed_slug=slug)
    flash(f"Saved “{term.label}”{'' if term.active else ' (retired)'}.", "success")
    return redirect(url_for("taxonomy.terms", name=name))
