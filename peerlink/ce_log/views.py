"""The CE log's pages: the log with progress per requirement, entries, requirements from a
template, certificates, the printable transcript, the CSV, and the admins' templates."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import EXCLUDE, ValidationError

from peerlink.accounts.security import role_required
from peerlink.ce_log import certificates, schemas, services
from peerlink.ce_log.downloads import csv_response, file_response
from peerlink.ce_log.progress import hours
from peerlink.ce_log.subjects import SUBJECTS, subject_choices
from peerlink.errors import ValidationFailed
from peerlink.extensions import limited
from peerlink.schemas import load_form
from peerlink.web import field_errors

bp = Blueprint("ce_log", __name__)

FORM_ERRORS = (ValidationError, ValidationFailed)
SUBJECT_CHOICES = subject_choices()
MODES = [("true", "Live (in person or live online)"), ("false", "Self-study (on demand, online)")]
ENTRY_LABELS = {"title": "Title", "provider": "Provider", "completed_on": "Completed on",
                "hours": "Hours", "live": "Format", "subjects": "Subjects", "notes": "Notes"}
REQUIREMENT_LABELS = {"license_name": "License", "cycle_start": "Cycle starts",
                      "cycle_end": "Cycle ends", "total_hours": "Total hours",
                      "self_study_cap": "Self-study cap", "live_minimum": "Live minimum",
                      "template_id": "Template",
                      **{f"minimum_{code}": s.title for code, s in SUBJECTS.items()}}


def _me():
    return current_user._get_current_object()


@bp.app_context_processor
def ce_helpers():
    return {"ce_hours": hours}


@bp.get("/ce-log")
@login_required
def index():
    return render_template("ce_log/index.html", log=services.ce_log(current_user.id),
                           templates=services.list_templates(),
                           disclaimer=services.NOT_LEGAL_ADVICE)


@bp.get("/ce-log/transcript")
@login_required
def transcript():
    return render_template("ce_log/transcript.html", log=services.ce_log(current_user.id),
                           member=_me(), today=date.today())


@bp.get("/ce-log/export.csv")
@login_required
def export_csv():
    return csv_response(services.csv_text(services.log_lines(current_user.id)))


# --- entries ---------------------------------------------------------------------------------


def _entry_form(entry=None) -> dict:
    if entry is None:
        return {"live": "true", "subjects": []}
    return {"title": entry.title, "provider": entry.provider,
            "completed_on": entry.completed_on.isoformat(), "hours": hours(entry.hours),
            "live": "true" if entry.live else "false", "subjects": list(entry.subjects or []),
            "notes": entry.notes}


def _render_entry(entry, errors=None, values=None):
    values = values if values is not None else _entry_form(entry)
    if errors:
        values = {**request.form.to_dict(), "subjects": request.form.getlist("subjects")}
    page = render_template("ce_log/entry_form.html", entry=entry, form=values,
                           errors=errors or {}, subjects=SUBJECT_CHOICES, modes=MODES,
                           labels=ENTRY_LABELS)
    return page, 422 if errors else 200


@bp.route("/ce-log/entries/new", methods=["GET", "POST"])
@login_required
@limited(services.CHANGES, methods=["POST"])
def new_entry():
    if request.method != "POST":
        return _render_entry(None)
    try:
        services.add_entry(_me(), load_form(schemas.EntryCreateSchema(), request.form))
    except FORM_ERRORS as exc:
        return _render_entry(None, field_errors(exc))
    flash("The entry is in your CE log.", "success")
    return redirect(url_for("ce_log.index"))


@bp.route("/ce-log/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@login_required
@limited(services.CHANGES, methods=["POST"])
def edit_entry(entry_id: int):
    entry = services.own_entry(_me(), entry_id)
    if request.method != "POST":
        return _render_entry(entry)
    try:
        services.update_entry(_me(), entry_id,
                              load_form(schemas.EntryCreateSchema(), request.form))
    except FORM_ERRORS as exc:
        return _render_entry(entry, field_errors(exc))
    flash("The entry is saved.", "success")
    return redirect(url_for("ce_log.index"))


@bp.post("/ce-log/entries/<int:entry_id>/delete")
@login_required
def delete_entry(entry_id: int):
    services.delete_entry(_me(), entry_id)
    flash("The entry is deleted, with its certificate.", "success")
    return redirect(url_for("ce_log.index"))


# --- certificates ----------------------------------------------------------------------------


def _render_certificate(line, errors=None, status=None):
    page = render_template("ce_log/certificate.html", line=line, errors=errors or {}, form={},
                           max_megabytes=certificates.CERTIFICATE_MAX_BYTES // (1024 * 1024))
    return page, status or (422 if errors else 200)


@bp.route("/ce-log/lines/<key>/certificate", methods=["GET", "POST"])
@login_required
@limited(certificates.UPLOADS, methods=["POST"])
def certificate_form(key: str):
    line = services.own_line(current_user.id, key)
    if request.method != "POST":
        return _render_certificate(line)
    try:
        data = load_form(schemas.CertificateUploadSchema(), request.files)
        certificates.attach_certificate(_me(), key, data["certificate"].stream,
                                        data["certificate"].filename)
    except FORM_ERRORS as exc:
        return _render_certificate(line, field_errors(exc))
    flash("The certificate is attached.", "success")
    return redirect(url_for("ce_log.index"))


@bp.post("/ce-log/lines/<key>/certificate/delete")
@login_required
def delete_certificate(key: str):
    certificates.remove_certificate(_me(), key)
    flash("The certificate is removed.", "success")
    return redirect(url_for("ce_log.index"))


@bp.get("/ce-log/lines/<key>/certificate/file")
@login_required
def certificate_file(key: str):
    """The file, for the member whose log it is in (anyone else: Not Found)."""
    found = certificates.certificate_for_owner(_me(), key)
    return file_response(found)


# --- requirements ----------------------------------------------------------------------------


def requirement_form_values(values: dict) -> dict:
    """Service values (Decimal hours, dates) as the form shows them."""
    form = {name: (hours(value) if name in ("total_hours", "self_study_cap", "live_minimum")
                   else value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in values.items() if name != "subject_minimums"}
    for code, minimum in (values.get("subject_minimums") or {}).items():
        form[f"minimum_{code}"] = hours(minimum)
    return {name: "" if value is None else value for name, value in form.items()}


def requirement_data(form) -> dict:
    """The form in the API's shape: one field per subject becomes subject_minimums."""
    data = {name: value for name, value in form.items()
            if not name.startswith("minimum_") and name != "csrf_token"}
    data["subject_minimums"] = {name.removeprefix("minimum_"): value.strip()
                                for name, value in form.items()
                                if name.startswith("minimum_") and value.strip()}
    if not data.get("template_id"):
        data.pop("template_id", None)
    return data


def requirement_errors(exc) -> dict:
    """subject_minimums' nested messages under each subject's own field."""
    errors = field_errors(exc)
    nested = getattr(exc, "messages", {}).get("subject_minimums") \
        if isinstance(exc, ValidationError) else None
    if isinstance(nested, dict):
        errors.pop("subject_minimums", None)
        for code, messages in nested.items():
            messages = messages.get("value", messages) if isinstance(messages, dict) else messages
            errors[f"minimum_{code}" if code in SUBJECTS else "subject_minimums"] = \
                [str(message) for message in messages]
    return errors


def _render_requirement(requirement, values, errors=None, template=None):
    page = render_template("ce_log/requirement_form.html", requirement=requirement,
                           form=values, errors=errors or {}, subjects=SUBJECTS.values(),
                           labels=REQUIREMENT_LABELS, template=template,
                           disclaimer=services.NOT_LEGAL_ADVICE)
    return page, 422 if errors else 200


def _template_arg() -> int | None:
    value = request.args.get("template", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.route("/ce-log/requirements/new", methods=["GET", "POST"])
@login_required
@limited(services.CHANGES, methods=["POST"])
def new_requirement():
    if request.method != "POST":
        template_id = _template_arg()
        values = services.new_requirement(_me(), template_id)
        template = services.get_template(template_id) if template_id else None
        return _render_requirement(None, requirement_form_values(values), template=template)
    try:
        services.add_requirement(_me(), schemas.RequirementCreateSchema().load(
            requirement_data(request.form), unknown=EXCLUDE))
    except FORM_ERRORS as exc:
        return _render_requirement(None, request.form.to_dict(), requirement_errors(exc))
    flash("The requirement is in your CE log.", "success")
    return redirect(url_for("ce_log.index"))


@bp.route("/ce-log/requirements/<int:requirement_id>/edit", methods=["GET", "POST"])
@login_required
@limited(services.CHANGES, methods=["POST"])
def edit_requirement(requirement_id: int):
    requirement = services.own_requirement(_me(), requirement_id)
    if request.method != "POST":
        values = {"license_name": requirement.license_name,
                  "cycle_start": requirement.cycle_start, "cycle_end": requirement.cycle_end,
                  "total_hours": requirement.total_hours,
                  "self_study_cap": requirement.self_study_cap,
                  "live_minimum": requirement.live_minimum,
                  "subject_minimums": requirement.subject_hours}
        return _render_requirement(requirement, requirement_form_values(values))
    try:
        services.update_requirement(_me(), requirement_id,
                                    schemas.RequirementCreateSchema().load(
                                        requirement_data(request.form), unknown=EXCLUDE))
    except FORM_ERRORS as exc:
        return _render_requirement(requirement, request.form.to_dict(), requirement_errors(exc))
    flash("The requirement is saved.", "success")
    return redirect(url_for("ce_log.index"))


@bp.post("/ce-log/requirements/<int:requirement_id>/delete")
@login_required
def delete_requirement(requirement_id: int):
    services.delete_requirement(_me(), requirement_id)
    flash("The requirement is deleted; your entries stay in the log.", "success")
    return redirect(url_for("ce_log.index"))


# --- templates (admins) ----------------------------------------------------------------------


@bp.get("/ce-log/templates")
@login_required
@role_required("admin")
def templates():
    return render_template("ce_log/templates.html", templates=services.list_templates(),
                           disclaimer=services.NOT_LEGAL_ADVICE)


@bp.route("/ce-log/templates/<int:template_id>/edit", methods=["GET", "POST"])
@login_required
@role_required("admin")
def edit_template(template_id: int):
    template = services.get_template(template_id)
    if request.method != "POST":
        values = requirement_form_values({
            "name": template.name, "license_type": template.license_type,
            "cycle_years": template.cycle_years, "notes": template.notes,
            "total_hours": template.total_hours, "self_study_cap": template.self_study_cap,
            "live_minimum": template.live_minimum, "subject_minimums": template.subject_hours})
        return _render_template_form(template, values)
    try:
        services.update_template(_me(), template_id, schemas.TemplateUpdateSchema().load(
            requirement_data(request.form), unknown=EXCLUDE))
    except FORM_ERRORS as exc:
        return _render_template_form(template, request.form.to_dict(), requirement_errors(exc))
    flash("The template is saved. Requirements members made from it keep their own figures.",
          "success")
    return redirect(url_for("ce_log.templates"))


def _render_template_form(template, values, errors=None):
    page = render_template("ce_log/template_form.html", errors=errors or {}, template=template,
                           form=values, subjects=SUBJECTS.values(), labels={
                               **REQUIREMENT_LABELS, "name": "Name",
                               "license_type": "License type",
                               "cycle_years": "Cycle length (years)", "notes": "Notes"},
                           disclaimer=services.NOT_LEGAL_ADVICE)
    return page, 422 if errors else 200
