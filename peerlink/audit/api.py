from flask.views import MethodView
from flask_login import current_user, login_required

from peerlink.accounts.security import role_required
from peerlink.audit import schemas, trail
from peerlink.rest import BEARER_SECURITY, api_blueprint

blp = api_blueprint("audit_api", __name__, "Admins: the audit trail.")


@blp.route("/admin/audit-events")
class AuditEvents(MethodView):
    @blp.arguments(schemas.AuditFilterSchema, location="query")
    @blp.response(200, schemas.AuditEventSchema(many=True))
    @blp.paginate(page_size=50, max_page_size=200)
    @blp.error(403, "Admins only.")
    @blp.doc(security=BEARER_SECURITY)
    @login_required
    @role_required("admin")
    def get(self, query, pagination_parameters):
        """Admins: audit events, newest first, filtered by action, actor and days (UTC)."""
        events, total = trail.search_events(
            current_user._get_current_object(), action=query["action"],
            actor_id=query["actor"], since=query["since"], until=query["until"],
            page=pagination_parameters.page, per_page=pagination_parameters.page_size)
        pagination_parameters.item_count = total
        return events
