"""The CE log under /api/v1: entries (manual and earned), certificates, requirements with
their progress, templates and the CSV. A member only ever reaches their own log: anything
else is 404."""

from flask import Response
from flask.views import MethodView
from flask_login import current_user, login_required
from flask_smorest.error_handler import ErrorSchema

from peerlink.accounts.security import role_required
from peerlink.ce_log import certificates, schemas, services
from peerlink.ce_log.downloads import csv_response, file_response
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("ce_log_api", __name__,
                    "Your CE log: entries, certificates, renewal requirements and progress.")


def _me():
    return current_user._get_current_object()


def _page(items: list, pagination_parameters) -> list:
    pagination_parameters.item_count = len(items)
    size = pagination_parameters.page_size
    start = (pagination_parameters.page - 1) * size
    return items[start:start + size]


@blp.route("/ce-log/entries")
class Entries(MethodView):
    @blp.response(200, schemas.LogLineSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, pagination_parameters):
        """Your CE log, newest first: entries you added (`earned` false, with an `id`) and
        hours earned in PeerLink (`earned` true), each with its certificate if any."""
        return _page(services.log_lines(current_user.id), pagination_parameters)

    @blp.arguments(schemas.EntryCreateSchema)
    @blp.response(201, schemas.EntrySchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(services.CHANGES)
    def post(self, data):
        """Add a course you took elsewhere."""
        return services.add_entry(_me(), data)


@blp.route("/ce-log/entries/<int:entry_id>")
class EntryById(MethodView):
    @blp.response(200, schemas.LogLineSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, entry_id: int):
        """One entry you added."""
        return services.line_of_entry(current_user.id, entry_id)

    @blp.arguments(schemas.EntryUpdateSchema)
    @blp.response(200, schemas.EntrySchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(services.CHANGES)
    def patch(self, data, entry_id: int):
        """Change the fields sent of an entry you added."""
        return services.update_entry(_me(), entry_id, data)

    @blp.response(204)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, entry_id: int):
        """Delete an entry you added, with its certificate."""
        services.delete_entry(_me(), entry_id)


@blp.route("/ce-log/lines/<key>/certificate")
class Certificate(MethodView):
    @blp.response(200, content_type="application/octet-stream", description=(
        "The file: application/pdf, image/jpeg, image/png or image/webp."))
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, key: str):
        """The certificate attached to a line of your log (`key` from the entries list:
        "entry:12", or an earned credit's key)."""
        return file_response(certificates.certificate_for_owner(_me(), key))

    @blp.arguments(schemas.CertificateUploadSchema, location="files")
    @blp.response(200, schemas.LogLineSchema)
    @blp.alt_response(413, schema=ErrorSchema,
                      description="The request is larger than the server reads at all.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(certificates.UPLOADS)
    def put(self, data, key: str):
        """Attach a certificate of completion (multipart/form-data, field `certificate`),
        replacing any: a PDF, JPEG, PNG or WebP of at most 10 MB, checked by its content
        (its name and Content-Type are not trusted). Only you can download it."""
        certificates.attach_certificate(_me(), key, data["certificate"].stream,
                                        data["certificate"].filename)
        return services.own_line(current_user.id, key)

    @blp.response(204)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, key: str):
        """Remove the certificate (its file too)."""
        certificates.remove_certificate(_me(), key)


@blp.route("/ce-log/requirements")
class Requirements(MethodView):
    @blp.response(200, schemas.RequirementSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, pagination_parameters):
        """Your renewal requirements, soonest deadline first, each with its progress in
        numbers and in plain words."""
        return _page(services.ce_log(current_user.id).requirements, pagination_parameters)

    @blp.arguments(schemas.RequirementCreateSchema)
    @blp.response(201, schemas.RequirementSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(services.CHANGES)
    def post(self, data):
        """Add a renewal requirement (copy a template's figures from GET
        /ce-log/templates and correct them to your board's current rules: the templates are
        not legal advice)."""
        requirement = services.add_requirement(_me(), data)
        return services.requirement_progress(_me(), requirement.id)


@blp.route("/ce-log/requirements/<int:requirement_id>")
class RequirementById(MethodView):
    @blp.response(200, schemas.RequirementSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, requirement_id: int):
        """One of your requirements with its progress."""
        return services.requirement_progress(_me(), requirement_id)

    @blp.arguments(schemas.RequirementUpdateSchema)
    @blp.response(200, schemas.RequirementSchema)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @blp.rate_limit(services.CHANGES)
    def patch(self, data, requirement_id: int):
        """Change the fields sent."""
        services.update_requirement(_me(), requirement_id, data)
        return services.requirement_progress(_me(), requirement_id)

    @blp.response(204)
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def delete(self, requirement_id: int):
        """Delete a requirement; the entries stay."""
        services.delete_requirement(_me(), requirement_id)


@blp.route("/ce-log/templates")
class Templates(MethodView):
    @blp.response(200, schemas.TemplateSchema(many=True))
    @blp.paginate()
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self, pagination_parameters):
        """Typical figures for common licenses, to start a requirement from. Check your
        board's current rules: they are not legal advice."""
        return _page(services.list_templates(), pagination_parameters)


@blp.route("/ce-log/templates/<int:template_id>")
class TemplateById(MethodView):
    @blp.arguments(schemas.TemplateUpdateSchema(partial=True))
    @blp.response(200, schemas.TemplateSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="Only admins edit the templates.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def patch(self, data, template_id: int):
        """Change the fields sent of a template (admins). Requirements members already made
        from it keep their own figures."""
        return services.update_template(_me(), template_id, data)


@blp.route("/ce-log/export.csv")
class Csv(MethodView):
    @blp.response(200, content_type="text/csv", description="Your CE log as CSV.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    def get(self) -> Response:
        """Your whole CE log as CSV (cells that a spreadsheet would run as a formula start
        with an apostrophe)."""
        return csv_response(services.csv_text(services.log_lines(current_user.id)))
