"""The admin's audit trail page, and the hook that records refused requests."""

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError

from peerlink.accounts.security import role_required
from peerlink.audit import services, trail
from peerlink.audit.schemas import AuditPageQuerySchema
from peerlink.errors import request_refused
from peerlink.schemas import load_form
from peerlink.web import field_errors, page_links

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")

PER_PAGE = 50
LABELS = {"action": "Action", "actor": "Actor (member id)", "since": "From", "until": "To",
          "page": "Page"}


@request_refused.connect
def _record_refusal(error, **_) -> None:
    services.record_refusal(
        error, actor_id=current_user.id if current_user.is_authenticated else None,
        endpoint=request.endpoint, method=request.method)


def _render(status: int = 200, errors: dict | None = None, **context):
    return render_template("audit/index.html", form=request.args, errors=errors or {},
                           labels=LABELS, actions=services.ACTIONS,
                           action_options=[(action, f"{action} ({label})")
                                           for action, label in services.ACTIONS.items()],
                           **{"events": [], "total": 0, "pages": None, **context}), status


@bp.get("")
@login_required
@role_required("admin")
def index():
    """Newest first, fifty a page; filtered by action, actor and days."""
    try:
        query = load_form(AuditPageQuerySchema(), request.args)
    except ValidationError as exc:
        return _render(422, field_errors(exc))
    page = query.pop("page")
    events, total = trail.search_events(
        current_user._get_current_object(), action=query["action"], actor_id=query["actor"],
        since=query["since"], until=query["until"], page=page, per_page=PER_PAGE)
    filters = {key: value for key, value in request.args.items() if key != "page" and value}
    pages = page_links(page, max(1, -(-total // PER_PAGE)),
                       lambda number: url_for("audit.index", **filters, page=number))
    return _render(events=events, total=total, pages=pages)
