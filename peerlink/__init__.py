"""PeerLink: where clinicians who met at a CE event keep working together."""

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from peerlink.config import TESTING_OVERRIDES, ConfigError, engine_options, load_config
from peerlink.db_types import IdConverter, TextSegmentConverter, render_migration_item
from peerlink.extensions import api, csrf, db, limiter, login_manager, mail, migrate, socketio
from peerlink.local_time import local_time
from peerlink.logs import configure_logging
from peerlink.mailer import mail_settings
from peerlink.migration_filters import include_name

PACKAGE_DIR = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    """Top level in a checkout; inside the package in a built wheel."""
    packaged = PACKAGE_DIR / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


TEMPLATE_DIR = _resource_dir("templates")
# Feature packages, lowest layer first: each may use those before it, never those after.
FEATURES = ("accounts", "notifications", "audit", "taxonomy", "profiles", "ce_log",
            "connections", "directory", "chat", "events", "groups", "consultations", "home")
MIGRATIONS_DIR = _resource_dir("migrations")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(TEMPLATE_DIR), instance_relative_config=True)
    testing = bool(config and config.get("TESTING"))
    app.config.from_mapping(load_config(Path(app.instance_path), testing=testing))
    if testing:
        app.config.from_mapping(TESTING_OVERRIDES)
    if config:
        app.config.from_mapping(config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
        **engine_options(app.config["SQLALCHEMY_DATABASE_URI"]),
        **(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})}
    try:
        app.config.update(mail_settings(app.config["MAIL_URL"]))
    except ValueError as exc:
        raise ConfigError(str(exc)) from exc
    if app.config["PEERLINK_ENV"] != "production":  # local runs keep SQLite and the key there
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    configure_logging(app)
    # before any route is added
    app.url_map.converters.update(int=IdConverter, default=TextSegmentConverter,
                                  string=TextSegmentConverter)

    register_extensions(app)
    register_blueprints(app)
    register_template_helpers(app)
    register_security_headers(app)
    from peerlink.cli import register_cli
    from peerlink.errors import register_error_handlers

    register_error_handlers(app)
    register_cli(app)
    register_static_versions(app)
    trust_proxies(app)
    from peerlink.phi.guard import warm_up

    warm_up()
    return app


def trust_proxies(app: Flask) -> None:
    """Behind nginx every request comes from 127.0.0.1: believe the last PROXY_FIX_X_FOR
    addresses of X-Forwarded-For (and PROXY_FIX_X_PROTO of X-Forwarded-Proto), so rate
    limits, log lines and sessions see the visitor. Wraps Socket.IO's middleware too."""
    x_for, x_proto = app.config["PROXY_FIX_X_FOR"], app.config["PROXY_FIX_X_PROTO"]
    if x_for or x_proto:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=x_for, x_proto=x_proto, x_host=0,
                                x_port=0, x_prefix=0)


@lru_cache(maxsize=512)
def _file_digest(path: str, modified_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def register_static_versions(app: Flask) -> None:
    """Every static URL carries a digest of its file (?v=…): nginx lets browsers keep static
    files for a year, and a changed file still reaches them at once after an upgrade."""

    @app.url_defaults
    def add_static_version(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "v" in values or not values.get("filename"):
            return
        path = Path(app.static_folder) / values["filename"]
        try:
            modified_ns = path.stat().st_mtime_ns
        except OSError:  # a missing file answers 404 as before
            return
        values["v"] = _file_digest(str(path), modified_ns)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    # Only SQLite connections expose this; PostgreSQL needs nothing here.
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def register_extensions(app: Flask) -> None:
    from peerlink import models, realtime  # noqa: F401  (models: every table on the metadata)
    from peerlink.accounts.security import init_security
    from peerlink.directory import index  # noqa: F401  (keeps the search index in step)
    from peerlink.errors import keep_domain_error_headers
    from peerlink.rest import SharedErrors, register_security_schemes
    from peerlink.session_cookie import SessionCookie

    app.session_interface = SessionCookie()
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True,
                     compare_type=True, render_item=render_migration_item,
                     include_name=include_name)
    csrf.init_app(app)
    login_manager.init_app(app)
    # Flask runs after_request hooks last-registered first: this one runs after the limiter's.
    app.after_request(keep_domain_error_headers)
    limiter.init_app(app)
    mail.init_app(app)
    api.init_app(app, spec_kwargs={"extra_plugins": [SharedErrors()]})
    register_security_schemes(api)
    realtime.register_namespaces()
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        client_manager=realtime.client_manager(app.config["SOCKETIO_MESSAGE_QUEUE"],
                                               app.config["SERVER_NAME"]),
        # None: engine.io accepts only this server's own origin (scheme://Host of the
        # request). An empty list would switch the origin check off altogether.
        cors_allowed_origins=None,
        max_http_buffer_size=realtime.MAX_PACKET_BYTES,
    )
    init_security(app)


def register_blueprints(app: Flask) -> None:
    """Each feature's HTML blueprint and API blueprint, lowest layer first."""
    from importlib import import_module

    for feature in FEATURES:
        for face, register in (("views", app.register_blueprint),
                               ("api", api.register_blueprint)):
            try:
                module = import_module(f"peerlink.{feature}.{face}")
            except ModuleNotFoundError as exc:
                if exc.name != f"peerlink.{feature}.{face}":
                    raise
                continue
            register(module.bp if face == "views" else module.blp)


def register_template_helpers(app: Flask) -> None:
    from peerlink.accounts.services import has_role, is_confirmed
    from peerlink.notifications.services import unread_count

    @app.context_processor
    def inject_helpers():
        def unread():
            return unread_count(current_user.id) if current_user.is_authenticated else 0

        return {"has_role": lambda *roles: has_role(current_user, *roles),
                # May the member reach others yet (accounts.services.require_confirmed)?
                "email_confirmed": lambda: is_confirmed(current_user),
                "unread_notifications": unread}

    app.add_template_filter(local_time)


def register_security_headers(app: Flask) -> None:
    # No inline script or style anywhere (templates and static JS set classes, never style
    # attributes), no plugins, no <base>, no framing.
    csp = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
           "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'none'; "
           "form-action 'self'; object-src 'none'")
    production = app.config["PEERLINK_ENV"] == "production"

    @app.after_request
    def set_headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        # Pages and API answers carry a member's data and the session's CSRF token: no cache
        # may keep them. Static files come with their own Cache-Control.
        response.headers.setdefault("Cache-Control", "no-store")
        if production and request.is_secure:  # over plain HTTP a browser ignores it anyway
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
