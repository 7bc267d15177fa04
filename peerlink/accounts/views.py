from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user
from marshmallow import ValidationError

from peerlink.accounts import schemas, services
from peerlink.accounts.security import log_in, role_required, safe_next_url
from peerlink.errors import ValidationFailed
from peerlink.extensions import limited
from peerlink.notifications import preferences
from peerlink.notifications.recipients import register_recipient_source
from peerlink.notifications.schemas import NotificationPreferencesUpdateSchema
from peerlink.schemas import load_form
from peerlink.web import field_errors, json_download, page_links, render_form

bp = Blueprint("accounts", __name__)
bp.record_once(lambda state: register_recipient_source(services.mail_recipient))

FORM_ERRORS = (ValidationError, ValidationFailed)


# Set in the browser that signed up, so the link in the e-mail logs the new member in there
# (and only there: an account someone else made with your address never logs you into it).
SIGNED_UP = "signed_up_email"


@bp.route("/register", methods=["GET", "POST"])
@limited(services.REGISTRATIONS, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return render_form("accounts/register.html")
    try:
        data = load_form(schemas.RegisterSchema(), request.form)
        services.sign_up(**data)
    except FORM_ERRORS as exc:
        return render_form("accounts/register.html", field_errors(exc))
    # The same answer for a new address and a taken one: see services.sign_up.
    session[SIGNED_UP] = services.normalize_email(data["email"])
    return redirect(url_for("accounts.check_email"))


@bp.get("/register/check-email")
def check_email():
    return render_template("accounts/check_email.html", email=session.get(SIGNED_UP))


@bp.get("/confirm/<token>")
def confirm_email(token: str):
    try:
        user, first_time = services.confirm_email(token)
    except ValidationFailed as exc:
        flash(exc.errors["token"][0], "error")
        return redirect(url_for("main.home" if current_user.is_authenticated
                                else "accounts.login"))
    if current_user.is_authenticated:
        flash("Thank you, the email address is confirmed.", "success")
        return redirect(url_for("main.home"))
    if first_time and session.get(SIGNED_UP) == user.email:
        log_in(user)
        flash(f"Thank you, your email address is confirmed. Welcome to PeerLink, {user.name}.",
              "success")
        return redirect(url_for("main.home"))
    flash("Your email address is confirmed. Please log in." if first_time
          else "Your email address was already confirmed. Please log in.", "success")
    return redirect(url_for("accounts.login"))


@bp.post("/confirm/resend")
@login_required
@limited(services.CONFIRMATION_MAILS)
def resend_confirmation():
    if not current_user.email_confirmed:
        services.send_confirmation(current_user)
        flash(f"We sent a new confirmation link to {current_user.email}.", "success")
    # Back to the page whose banner offered it.
    return redirect(safe_next_url(request.form.get("next")) or url_for("accounts.account"))


@bp.route("/login", methods=["GET", "POST"])
@limited(services.LOGINS, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")) or url_for("main.home"))
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return render_form("accounts/login.html", next=request.args.get("next", ""))
    try:
        data = load_form(schemas.LoginSchema(), request.form)
        user = services.authenticate(data["email"], data["password"])
    except FORM_ERRORS as exc:
        return render_form("accounts/login.html", field_errors(exc),
                           next=request.form.get("next", ""))
    log_in(user, remember=data["remember"])
    return redirect(safe_next_url(data["next"]) or url_for("main.home"))


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        services.log_out(current_user._get_current_object())
    logout_user()
    flash("You are logged out.", "info")
    return redirect(url_for("main.index"))


def _account_page(errors: dict | None = None, failed: str | None = None, **context):
    """The account page; `failed` names the one form whose errors it shows."""
    return render_form("accounts/account.html", errors, failed=failed,
                       tokens=services.list_api_tokens(current_user),
                       notification_preferences=preferences.preferences_of(current_user.id),
                       **context)


@bp.get("/account")
@login_required
def account():
    return _account_page()


@bp.get("/account/export")
@login_required
def export():
    """Everything PeerLink holds about you, as one JSON file."""
    return json_download(services.export_account(current_user._get_current_object()),
                         services.export_filename())


@bp.post("/account/password")
@login_required
@limited(services.PASSWORD_CHECKS)
def change_password():
    try:
        services.change_password(current_user,
                                 **load_form(schemas.PasswordChangeSchema(), request.form))
    except FORM_ERRORS as exc:
        return _account_page(field_errors(exc), failed="password")
    # The nonce changed; keep this session, the others end.
    log_in(current_user._get_current_object())
    flash("Your password is changed. Other devices have been logged out.", "success")
    return redirect(url_for("accounts.account"))


@bp.post("/account/notifications")
@login_required
def notification_preferences():
    try:
        preferences.set_preferences(
            current_user.id, load_form(NotificationPreferencesUpdateSchema(), request.form))
    except FORM_ERRORS as exc:
        return _account_page(field_errors(exc), failed="notifications")
    flash("Your notification settings are saved.", "success")
    return redirect(url_for("accounts.account", _anchor="notifications"))


@bp.post("/account/email")
@login_required
@limited(services.PASSWORD_CHECKS)
def change_email():
    try:
        data = load_form(schemas.EmailChangeSchema(), request.form)
        new_email = services.request_email_change(current_user._get_current_object(), **data)
    except FORM_ERRORS as exc:
        return _account_page(field_errors(exc), failed="email")
    # The same words whether or not the address has an account: see services.
    flash(f"We sent a link to {new_email}. Your address changes when you follow it; until "
          f"then it stays {current_user.email}.", "success")
    return redirect(url_for("accounts.account"))


@bp.get("/account/email/confirm/<token>")
def confirm_email_change(token: str):
    try:
        user = services.confirm_email_change(token)
    except ValidationFailed as exc:
        flash(exc.errors["token"][0], "error")
    else:
        flash(f"Your email address is now {user.email}.", "success")
    return redirect(url_for("accounts.account" if current_user.is_authenticated
                            else "accounts.login"))


@bp.post("/account/tokens")
@login_required
def create_token():
    try:
        data = load_form(schemas.OwnTokenCreateSchema(), request.form)
        token, plaintext = services.create_own_api_token(current_user, **data)
    except FORM_ERRORS as exc:
        return _account_page(field_errors(exc), failed="token")
    # Shown this once, on this answer only: never in a flash (the session cookie), never
    # kept by a cache.
    html, _ = _account_page(new_token=plaintext, new_token_name=token.name)
    return html, 200, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    token = services.revoke_api_token(current_user, token_id)
    flash(f"The token “{token.name}” is revoked.", "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limited(services.PASSWORD_CHECKS, methods=["POST"])
def delete_account():
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return render_form("accounts/delete.html")
    try:
        data = load_form(schemas.AccountDeleteSchema(), request.form)
        services.delete_account(current_user._get_current_object(), password=data["password"])
    except FORM_ERRORS as exc:
        return render_form("accounts/delete.html", field_errors(exc))
    logout_user()
    flash("Your account and everything linked to it have been deleted.", "info")
    return redirect(url_for("main.index"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limited(services.RESET_REQUESTS, methods=["POST"])
def forgot_password():
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return render_form("accounts/forgot.html")
    try:
        data = load_form(schemas.PasswordResetRequestSchema(), request.form)
    except ValidationError as exc:
        return render_form("accounts/forgot.html", field_errors(exc))
    services.request_password_reset(data["email"])
    flash(f"If {data['email']} has an account, a reset link is on its way. "
          "It works once, within the hour.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limited(services.RESETS, methods=["POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except ValidationFailed as exc:
        flash(exc.errors["token"][0], "error")
        return redirect(url_for("accounts.forgot_password"))
    if request.method != "POST":  # GET, and HEAD as GET without a body
        return render_form("accounts/reset.html", token=token)
    try:
        data = load_form(schemas.PasswordResetSchema(), request.form)
        user = services.reset_password(token, data["password"])
    except FORM_ERRORS as exc:
        return render_form("accounts/reset.html", field_errors(exc), token=token)
    log_in(user)
    flash("Your password is reset and you are logged in.", "success")
    return redirect(url_for("accounts.account"))


# --- admins: members and suspension ------------------------------------------------------------

MEMBERS_PER_PAGE = 50


def _me():
    return current_user._get_current_object()


@bp.get("/admin/members")
@login_required
@role_required("admin")
def members():
    try:
        query = load_form(schemas.MemberQuerySchema(), request.args)
    except ValidationError as exc:
        return render_template("accounts/members.html", members=[], total=0, pages=None,
                               form=request.args, errors=field_errors(exc)), 422
    found, total = services.list_members(_me(), q=query["q"], page=query["page"],
                                         per_page=MEMBERS_PER_PAGE)
    search = {"q": query["q"]} if query["q"] else {}
    pages = page_links(query["page"], max(1, -(-total // MEMBERS_PER_PAGE)),
                       lambda number: url_for("accounts.members", **search, page=number))
    return render_template("accounts/members.html", members=found, total=total, pages=pages,
                           form=request.args, errors={})


def _render_member(user_id: int, errors: dict | None = None):
    return render_form("accounts/member.html", errors,
                       member=services.member_for_admin(_me(), user_id))


@bp.get("/admin/members/<int:user_id>")
@login_required
@role_required("admin")
def member(user_id: int):
    return _render_member(user_id)


@bp.post("/admin/members/<int:user_id>/suspension")
@login_required
@role_required("admin")
def suspend(user_id: int):
    try:
        data = load_form(schemas.SuspensionSchema(), request.form)
        user = services.suspend(_me(), user_id, data["reason"])
    except FORM_ERRORS as exc:
        return _render_member(user_id, field_errors(exc))
    flash(f"{user.name} is suspended and signed out everywhere.", "success")
    return redirect(url_for("accounts.member", user_id=user_id))


@bp.post("/admin/members/<int:user_id>/restore")
@login_required
@role_required("admin")
def restore(user_id: int):
    user = services.restore(_me(), user_id)
    flash(f"{user.name} is restored and can sign in again.", "success")
    return redirect(url_for("accounts.member", user_id=user_id))
