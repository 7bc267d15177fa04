"""Account use cases. Every rule about accounts lives here; callers pass loaded data."""

import hashlib
import secrets
from typing import NoReturn

from flask import current_app, g
from sqlalchemy import Integer, bindparam, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.sql import ColumnElement

from peerlink.accounts import lockout, passwords, tokens
from peerlink.accounts.models import ROLES, ApiToken, User, new_session_nonce
from peerlink.accounts.schemas import AccountExportSchema, TokenExportSchema
from peerlink.accounts.signals import account_created, account_deleting, account_exporting
from peerlink.audit import services as audit
from peerlink.db_types import utcnow
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import Limit, core_execute, db
from peerlink.links import absolute_url, path_to
from peerlink.mailer import send_mail
from peerlink.notifications.recipients import Recipient
from peerlink.notifications.schemas import NotificationSchema
from peerlink.notifications.services import list_notifications, notify
from peerlink.realtime import disconnect_after_commit, disconnect_room_after_commit, token_room

BAD_CREDENTIALS = "That email and password do not match an account."
SUSPENDED = ("This account is suspended. Write to the PeerLink team if you think this is "
             "a mistake.")
TOKEN_PREFIX = "plk_"  # noqa: S105 (a marker, not a secret)
# Per client address (nobody is logged in yet); the login page and token creation together.
LOGINS = Limit("10 per minute", "logins")
REGISTRATIONS = Limit("10 per minute", "registrations")
RESET_REQUESTS = Limit("5 per minute", "password reset requests")
RESETS = Limit("10 per minute", "password resets")
CONFIRMATION_MAILS = Limit("3 per minute", "confirmation mails")
# Per member: changing the password and deleting the account ask for the current one, which
# must not be guessable from a session left open.
PASSWORD_CHECKS = Limit("10 per hour", "password checks")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("No such member.")
    return user


def mail_recipient(user_id: int) -> Recipient | None:
    """Where notification e-mails to a member go (registered with notifications)."""
    user = db.session.get(User, user_id)
    if user is None:
        return None
    return Recipient(email=user.email, name=user.name, confirmed=user.email_confirmed)


def _send_safely(to: str, subject: str, template: str, **context) -> bool:
    try:
        send_mail(to, subject, template, **context)
    except Exception:  # a mail outage must not undo the committed change
        current_app.logger.exception("Could not send %r mail", template)
        return False
    return True


# --- registration and e-mail confirmation -------------------------------------------------


def _create_user(*, name: str, email: str, password: str, role: str,
                 confirmed: bool) -> User:
    """Add the account and what hangs on it (a profile ...) and commit them together."""
    user = User(name=name.strip(), email=email, role=role,
                password_hash=passwords.hash_password(password),
                email_confirmed_at=utcnow() if confirmed else None)
    db.session.add(user)
    db.session.flush()
    account_created.send(user)
    db.session.commit()
    return user


def register_user(*, name: str, email: str, password: str, role: str = "member",
                  confirmed: bool = False) -> User:
    """Create an account for an operator (`flask users create`) or a test: a taken address
    is an error here. The public form uses `sign_up`, which never says so."""
    email = normalize_email(email)
    if role not in ROLES:
        raise ValidationFailed.on("role", f"Role must be one of: {', '.join(ROLES)}.")
    passwords.check_new_password(password, user_inputs=[name, email, email.split("@")[0]])
    if find_user_by_email(email) is not None:
        raise ValidationFailed.on("email", "An account with this email already exists.")
    user = _create_user(name=name, email=email, password=password, role=role,
                        confirmed=confirmed)
    if not confirmed:
        send_confirmation(user)
    return user


def sign_up(*, name: str, email: str, password: str) -> None:
    """The public sign-up form. It answers the same whether the address is new or already
    has an account, so nobody can use it to find out who is a member (forgot-password is as
    careful): a new address gets a link to confirm it, a taken one a note to its owner with
    a link to reset their password. Neither is logged in; the caller learns nothing.

    Only checks that do not depend on the address's owner (the password's strength) may
    refuse the form.
    """
    email = normalize_email(email)
    passwords.check_new_password(password, user_inputs=[name, email, email.split("@")[0]])
    existing = find_user_by_email(email)
    if existing is None:
        try:
            user = _create_user(name=name, email=email, password=password, role="member",
                                confirmed=False)
        except IntegrityError:  # the same address signed up at the same moment
            db.session.rollback()
            return
        send_confirmation(user)
        return
    # Spend the work a new account costs, so the time taken does not tell either.
    passwords.hash_password(password)
    _send_safely(existing.email, "someone tried to join with your address",
                 "registration_attempt", user=existing, reset_link=_reset_link(existing),
                 login_link=absolute_url("accounts.login"),
                 minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60)


def send_confirmation(user: User) -> bool:
    token = tokens.sign(tokens.CONFIRM_EMAIL, {"uid": user.id, "email": user.email})
    link = absolute_url("accounts.confirm_email", token=token)
    return _send_safely(user.email, "confirm your email address", "confirm_email",
                        user=user, link=link)


def confirm_email(token: str) -> tuple[User, bool]:
    """The account the link confirms, and whether this click is the one that confirmed it
    (False when it was already confirmed: a link followed twice)."""
    data = tokens.unsign(tokens.CONFIRM_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("email"):
        raise ValidationFailed.on("token", tokens.INVALID)
    if user.email_confirmed_at is not None:
        return user, False
    user.email_confirmed_at = utcnow()
    db.session.commit()
    return user, True


# --- what an unconfirmed account may do ---------------------------------------------------
#
# Until a member follows the link that confirms their e-mail address, they may log in, edit
# their own profile and browse, but nobody finds them (directory, people to meet) and they
# reach nobody (connection requests; messages and live events to others, when those exist).
# One rule, asked by pages, the API and sockets: `require_confirmed` for an action, and
# `confirmed_member` for lists, in SQL.

CONFIRM_FIRST = ("Please confirm your email address first: follow the link we sent you, or ask "
                 "for a new one with “Send the link again” at the top of the page.")


def is_confirmed(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.email_confirmed)


def require_confirmed(user) -> None:
    if not is_confirmed(user):
        raise PermissionDenied(CONFIRM_FIRST)


# The few accounts still unconfirmed, read through the partial index ix_users_unconfirmed:
# a list asks "not among these" without reading every account.
_UNCONFIRMED_IDS = select(User.id).where(User.email_confirmed_at.is_(None))


def confirmed_member(user_id_column) -> ColumnElement:
    """SQL: the member in `user_id_column` has confirmed their e-mail address."""
    return user_id_column.not_in(_UNCONFIRMED_IDS)


# --- logging in and passwords ------------------------------------------------------------


def authenticate(email: str, password: str) -> User:
    """The same error for an unknown email and a wrong password, on purpose, and after
    repeated failures the same growing delay for both (`lockout`). Either way the attempt is
    in the audit trail."""
    lockout.require_not_locked(email)
    user = find_user_by_email(email)
    if user is None:
        # Spend the same time as a real check so timing does not reveal who has an account.
        passwords.verify_password(_dummy_hash(), password)
        lockout.record_failure(email)
        _refuse_sign_in(None, "unknown_email")
    if not passwords.verify_password(user.password_hash, password):
        lockout.record_failure(email)
        _refuse_sign_in(user, "wrong_password")
    lockout.forget_failures(email)
    if user.suspended_at is not None:  # said only to someone who knows the password
        _refuse_sign_in(user, "suspended", SUSPENDED)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    audit.record("auth.login_succeeded", actor_id=user.id, subject=audit.member(user.id))
    db.session.commit()
    return user


def _refuse_sign_in(user: User | None, failure: str, message: str = BAD_CREDENTIALS) -> NoReturn:
    """Record the refusal (it is this use case's only change, so it commits), then raise."""
    audit.record("auth.login_failed", subject=audit.member(user.id) if user else None,
                 details={"failure": failure})
    db.session.commit()
    raise ValidationFailed(message, {"password": [message]})


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("peerlink.dummy_hash", {})
    profile = current_app.config["PASSWORD_HASH_PROFILE"]
    if profile not in cache:
        cache[profile] = passwords.hash_password(secrets.token_urlsafe(16))
    return cache[profile]


# Built once: every request and every socket event loads its member.
_USER_BY_ID = select(User).where(User.id == bindparam("user", type_=Integer))


def load_session_user(session_id: str) -> User | None:
    """Flask-Login's loader: the nonce must match, so a password change ends old sessions;
    a suspended member is nobody."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.scalar(_USER_BY_ID, {"user": int(user_id)})
    return _signed_in(user, nonce)


def _signed_in(user: User | None, nonce: str) -> User | None:
    if user is None or not secrets.compare_digest(user.session_nonce, nonce):
        return None
    return user if user.is_active else None


_USER_ROW = select(*User.__table__.c).where(User.id == bindparam("user", type_=Integer))
_SOCKET_MEMBER = "peerlink.socket_member"  # in a socket's environ: (its row, the User)


def load_socket_user(session_id: str, environ: dict) -> User | None:
    """`load_session_user` for a socket's events, which Flask-SocketIO gives one `environ` for
    as long as the socket lives. The member's row is read at every event, as for a page (a new
    password, a suspension, a new role take effect at the next event), but the User made of it
    is kept in the environ while the row is the same: making one costs more than reading the
    row. It is in no database session, so an event reads it and never changes it."""
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit():
        return None
    row = core_execute(_USER_ROW, {"user": int(user_id)}).first()
    if row is None:
        return None
    kept = environ.get(_SOCKET_MEMBER)
    if kept is None or kept[0] != tuple(row):
        user = User(**row._mapping)
        make_transient_to_detached(user)  # as if loaded, in no session
        kept = environ[_SOCKET_MEMBER] = (tuple(row), user)
    return _signed_in(kept[1], nonce)


def _end_sessions(user: User) -> None:
    """Every session of the member ends: the nonce their cookies carry no longer matches,
    and their live sockets close once the caller commits."""
    user.session_nonce = new_session_nonce()
    disconnect_after_commit(user.id)


def log_out(user: User) -> None:
    """Signing out closes the member's live sockets (on every device: a socket whose session
    is still valid connects again)."""
    disconnect_after_commit(user.id)
    db.session.commit()


def _set_password(user: User, new_password: str, field: str) -> None:
    passwords.check_new_password(new_password, field=field,
                                 user_inputs=[user.name, user.email])
    user.password_hash = passwords.hash_password(new_password)
    _end_sessions(user)


def change_password(user: User, *, current_password: str, new_password: str) -> None:
    if not passwords.verify_password(user.password_hash, current_password):
        raise ValidationFailed.on("current_password", "Your current password is not correct.")
    _set_password(user, new_password, field="new_password")
    _notify_of_password_change(user)
    db.session.commit()


def _notify_of_password_change(user: User) -> None:
    """In the app and, a security notification, by e-mail at once after the commit."""
    notify(user.id, "security", "Your password was changed, and your other devices were "
                                "logged out. If this was not you, reset your password now.",
           link=path_to("accounts.forgot_password"))


def request_password_reset(email: str) -> None:
    """Sends a link if the account exists; says nothing either way to the caller."""
    user = find_user_by_email(email)
    if user is None:
        return
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    _send_safely(user.email, "reset your password", "reset_password",
                 user=user, link=_reset_link(user), minutes=minutes)


def _reset_link(user: User) -> str:
    """A link that sets a new password once (it dies with the password it was made for)."""
    token = tokens.sign(tokens.RESET_PASSWORD, {
        "uid": user.id, "fp": tokens.password_fingerprint(user.password_hash)})
    return absolute_url("accounts.reset_password", token=token)


def user_for_reset_token(token: str) -> User:
    data = tokens.unsign(tokens.RESET_PASSWORD, token,
                         current_app.config["PASSWORD_RESET_MAX_AGE"])
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("fp") != tokens.password_fingerprint(user.password_hash):
        raise ValidationFailed.on("token", "This link has already been used. "
                                           "Please ask for a new one.")
    return user


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    _set_password(user, new_password, field="password")
    # Following the link proves the address works.
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
    _notify_of_password_change(user)
    db.session.commit()
    lockout.forget_failures(user.email)  # following the e-mailed link proves the address
    return user


# --- changing the e-mail address --------------------------------------------------------------
#
# The address changes only when the link sent to the new one is followed; the old one is told
# at once and again when it changes. Whether the new address already has an account is
# never said to the one asking: they read "we sent a link" either way, and the owner of a
# taken address is told instead.

SAME_ADDRESS = "That is already your email address."
CHANGE_LINK_USED = ("This link has already been used, or your address has changed since. "
                    "Please ask for a new one from your account page.")
ADDRESS_TAKEN = ("Another account uses this address now, so it cannot be yours as well. "
                 "Choose another address from your account page.")


def _require_password(user: User, password: str, field: str) -> None:
    if not passwords.verify_password(user.password_hash, password):
        raise ValidationFailed.on(field, "Your password is not correct.")


def request_email_change(user: User, *, new_email: str, password: str) -> str:
    """Send the link that moves the account to `new_email`; returns the address, normalised.
    Nothing is stored: the link carries the old and the new address."""
    _require_password(user, password, "email_password")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise ValidationFailed.on("new_email", SAME_ADDRESS)
    owner = find_user_by_email(new_email)
    if owner is None:
        token = tokens.sign(tokens.CHANGE_EMAIL,
                            {"uid": user.id, "old": user.email, "new": new_email})
        _send_safely(new_email, "confirm your new email address", "email_change_confirm",
                     user=user, new_email=new_email,
                     link=absolute_url("accounts.confirm_email_change", token=token))
    else:
        _send_safely(new_email, "someone asked to use your address", "email_change_taken",
                     user=owner, login_link=absolute_url("accounts.login"))
    _send_safely(user.email, "a new email address was asked for", "email_change_requested",
                 user=user, new_email=new_email)
    return new_email


def confirm_email_change(token: str) -> User:
    data = tokens.unsign(tokens.CHANGE_EMAIL, token, current_app.config["EMAIL_TOKEN_MAX_AGE"])
    user = db.session.get(User, data.get("uid"))
    if user is None or user.email != data.get("old"):
        raise ValidationFailed.on("token", CHANGE_LINK_USED)
    new_email = data.get("new")
    if find_user_by_email(new_email) is not None:
        raise ValidationFailed.on("token", ADDRESS_TAKEN)
    old_email, user.email = user.email, new_email
    # Following the link proves the new address works.
    user.email_confirmed_at = utcnow()
    notify(user.id, "security", f"Your email address is now {new_email}. If this was not you, "
                                "reset your password now.",
           link=path_to("accounts.forgot_password"))
    try:
        db.session.commit()
    except IntegrityError:  # the address was taken at the same moment
        db.session.rollback()
        raise ValidationFailed.on("token", ADDRESS_TAKEN) from None
    _send_safely(old_email, "your email address was changed", "email_changed", user=user,
                 old_email=old_email, new_email=new_email)
    return user


def delete_account(user: User, *, password: str) -> None:
    if not passwords.verify_password(user.password_hash, password):
        raise ValidationFailed.on("password", "Your password is not correct.")
    account_deleting.send(user)
    disconnect_after_commit(user.id)
    db.session.delete(user)
    db.session.commit()


# --- the member's own data -----------------------------------------------------------------


def export_account(user: User) -> dict:
    """Everything PeerLink holds about the member, for their own download: the account and
    its API tokens (never a password or token hash), notifications, audit events, and what
    each feature above adds in answer to account_exporting (profile, license reviews,
    connections, requests, blocks: other members only as their public card)."""
    data = {"exported_at": utcnow().isoformat(),
            "account": AccountExportSchema().dump(user),
            "api_tokens": TokenExportSchema(many=True).dump(list_api_tokens(user)),
            "notifications": NotificationSchema(many=True).dump(
                list_notifications(user.id, limit=None)),
            "audit_events": audit.export_events(user.id)}
    for _, section in account_exporting.send(user):
        data.update(section)
    return data


def export_filename() -> str:
    return f"peerlink-export-{utcnow().date().isoformat()}.json"


# --- roles ---------------------------------------------------------------------------------


def has_role(user, *roles: str) -> bool:
    """Admins hold every role."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.role == "admin" or user.role in roles


def require_role(user, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied()


def set_role(actor: User, user: User, role: str) -> None:
    require_role(actor, "admin")
    if role not in ROLES:
        raise ValidationFailed.on("role", f"Role must be one of: {', '.join(ROLES)}.")
    if user.role != role:
        audit.record("account.role_changed", actor_id=actor.id, subject=audit.member(user.id),
                     details={"role_from": user.role, "role_to": role})
        user.role = role
    db.session.commit()


# --- suspension ------------------------------------------------------------------------------


def suspend(actor: User, user_id: int, reason: str) -> User:
    """Admins: the member is signed out everywhere at once and cannot sign in; their API
    tokens stop working and other members no longer find them (privacy.suspended). The
    reason goes to the audit trail."""
    require_role(actor, "admin")
    user = get_user(user_id)
    if user.id == actor.id:
        raise ValidationFailed.on("user_id", "You cannot suspend yourself.")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed.on("reason", "Say why, for the audit trail.")
    if user.suspended_at is not None:
        raise Conflict("This member is suspended already.")
    user.suspended_at = utcnow()
    _end_sessions(user)
    audit.record("account.suspended", actor_id=actor.id, subject=audit.member(user.id),
                 details={"reason": reason})
    db.session.commit()
    return user


def restore(actor: User, user_id: int) -> User:
    """Admins: lift a suspension. The member signs in again; their tokens work again."""
    require_role(actor, "admin")
    user = get_user(user_id)
    if user.suspended_at is None:
        raise Conflict("This member is not suspended.")
    user.suspended_at = None
    audit.record("account.restored", actor_id=actor.id, subject=audit.member(user.id))
    db.session.commit()
    return user


def member_for_admin(actor: User, user_id: int) -> User:
    require_role(actor, "admin")
    return get_user(user_id)


def list_members(actor: User, *, q: str = "", page: int = 1,
                 per_page: int = 50) -> tuple[list[User], int]:
    """Admins: members whose name or e-mail holds `q`, suspended first, then newest."""
    require_role(actor, "admin")
    where = true()
    if q:
        q = q.lower()
        where = or_(func.lower(User.name).contains(q, autoescape=True),
                    User.email.contains(q, autoescape=True))
    total = db.session.scalar(select(func.count()).select_from(User).where(where))
    users = db.session.scalars(
        select(User).where(where)
        .order_by(User.suspended_at.is_(None), User.created_at.desc(), User.id.desc())
        .limit(per_page).offset((page - 1) * per_page))
    return list(users), total


# --- personal access tokens -----------------------------------------------------------------


def _hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_api_token(*, email: str, password: str, name: str) -> tuple[ApiToken, str]:
    """For the API: the e-mail address and password are the credential."""
    return _issue_token(authenticate(email, password), name)


def create_own_api_token(user: User, *, password: str, name: str) -> tuple[ApiToken, str]:
    """For the account page: the member is logged in and gives their password again."""
    _require_password(user, password, "token_password")
    return _issue_token(user, name)


def _issue_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its text, which is shown once and never stored."""
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip() or "API token",
                     token_hash=_hash_token(plaintext), prefix=plaintext[:10])
    db.session.add(token)
    db.session.flush()
    audit.record("token.created", actor_id=user.id, subject=audit.member(user.id),
                 details={"token_id": token.id})
    db.session.commit()
    return token, plaintext


def list_api_tokens(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    ))


def revoke_api_token(user: User, token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        audit.record("token.revoked", actor_id=user.id, subject=audit.member(user.id),
                     details={"token_id": token.id})
        # It stops working at once: the sockets it opened close too, in every process.
        disconnect_room_after_commit(token_room(token.id), f"token {token.id}")
        db.session.commit()
    return token


def user_for_api_token(plaintext: str) -> User | None:
    """The member of a valid, unrevoked token of an active member, or None. Notes the
    token's id in `g.api_token_id` (a socket joins its `realtime.token_room`)."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).join(ApiToken.user).where(
        ApiToken.token_hash == _hash_token(plaintext), ApiToken.revoked_at.is_(None),
        User.suspended_at.is_(None)))
    if token is None:
        return None
    g.api_token_id = token.id
    now = utcnow()
    # Writing on every call would serialise API traffic on one row; a minute is precise enough.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        token.last_used_at = now
        db.session.commit()
    return token.user


def count_users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))
