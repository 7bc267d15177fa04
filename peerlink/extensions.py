"""Extension objects, unbound; `create_app` binds them. Imports nothing from peerlink."""

from dataclasses import dataclass

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_smorest import Api as _Api
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names let Alembic alter tables on SQLite (batch mode) and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Api(_Api):
    """flask-smorest's Api, writing the OpenAPI document when it is first read (the docs'
    routes, `flask openapi`) rather than at every start: describing some 250 operations is
    most of what building the app costs, and a worker that never serves the document, or a
    test that never reads it, need not pay for it."""

    # No catch-all "default" response: each operation lists the errors it answers (those
    # an operation has because of its kind are added by peerlink.rest.SharedErrors).
    DEFAULT_ERROR_RESPONSE_NAME = None

    def init_app(self, app, *, spec_kwargs=None):
        self._undocumented = []  # blueprints registered, not yet in the document
        super().init_app(app, spec_kwargs=spec_kwargs)

    @property
    def spec(self):
        undocumented, self._undocumented = getattr(self, "_undocumented", []), []
        for blueprint, options in undocumented:
            blueprint.register_views_in_doc(self, self._app, self._spec, **options)
            self._spec.tag({"name": options["name"], "description": blueprint.description})
        return self._spec

    @spec.setter
    def spec(self, value):
        self._spec = value

    def register_blueprint(self, blp, *, parameters=None, **options):
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, {"name": name, "parameters": parameters}))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def core_execute(statement, params: dict | None = None):
    """Run a statement that reads columns, not ORM objects, on the session's connection (in
    its transaction) without the ORM's work per statement: about half the time of
    `db.session.execute` for a small query. For paths run on every chat message.

    Pending changes are flushed first, as `db.session.execute` does (autoflush), so the
    statement sees what this transaction added or removed (a block, a member). Read several
    rows with `.all()` (one fetch for all) rather than by iterating (one fetch per row)."""
    session = db.session()
    if session.autoflush:
        session.flush()  # returns at once when nothing is pending
    return session.connection().execute(statement, params or {})
migrate = Migrate()
socketio = SocketIO()
login_manager = LoginManager()
csrf = CSRFProtect()


def member_or_address() -> str:
    """Whom a rate limit counts: the signed-in member (however many addresses they use, and
    apart from colleagues behind the same clinic's address), else the client address."""
    if current_user and current_user.is_authenticated:
        return f"member:{current_user.id}"
    return get_remote_address()


limiter = Limiter(key_func=member_or_address)


@dataclass(frozen=True)
class Limit:
    """A rate limit on one kind of action, counted once whether the action comes from a page
    or from the API: both faces decorate with `limited(LIMIT)` (the API through
    `ApiBlueprint.rate_limit`, which also documents the 429)."""

    rate: str  # Flask-Limiter notation: "10 per minute", "60 per hour; 500 per day"
    scope: str


def limited(limit: Limit, **kwargs):
    return limiter.shared_limit(limit.rate, scope=limit.scope, **kwargs)
mail = Mail()
api = Api()
