"""Fixtures shared by the whole suite.

The suite runs on SQLite always and, when PEERLINK_TEST_DATABASE_URL is set, a second time
on PostgreSQL: every test that uses `app` is collected once per backend.
"""

import contextvars
import functools
import os
import re
import shutil
import time
import uuid

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, exists, func, literal, select, text, union_all
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql import Select

from peerlink import create_app
from peerlink.directory.index import clear_search_index
from peerlink.events.index import clear_event_index
from peerlink.extensions import db as _db
from peerlink.extensions import socketio
from peerlink.groups.search import clear_thread_index
from tests import factories

# Never an operator's /etc/peerlink/peerlink.env: it would point servers the tests start
# (and `peerlink` commands they run) at that site's database.
os.environ["PEERLINK_ENV_FILE"] = ""
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("PEERLINK_TEST_DATABASE_URL")
REDIS_URL = os.environ.get("PEERLINK_TEST_REDIS_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def pytest_configure(config):
    if IN_CI:
        missing = [name for name, value in (("PEERLINK_TEST_DATABASE_URL", PG_URL),
                                            ("PEERLINK_TEST_REDIS_URL", REDIS_URL)) if not value]
        if missing:
            raise pytest.UsageError(f"CI=true needs {', '.join(missing)}: the PostgreSQL and "
                                    "Redis suites must not be skipped in CI.")


def pytest_collection_modifyitems(config, items):
    """Tests marked postgresql_only run with the PostgreSQL database only (when it is set);
    tests marked sqlite_only (about what pages look like, whichever database holds the rows)
    run once, on SQLite.

    Tests that use Redis run one after another on one worker under pytest-xdist: Redis
    pub/sub channels and the presence hash are shared by every database number, so two
    servers of two workers would hear each other's members (`make test` runs `-n auto
    --dist loadgroup`)."""
    kept, dropped = [], []
    for item in items:
        if "redis_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("redis"))
        backend = getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
        only = ("postgresql" if item.get_closest_marker("postgresql_only") else
                "sqlite" if item.get_closest_marker("sqlite_only") else None)
        (dropped if only and backend not in (only, None) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def skip_or_fail(reason: str):
    """Outside CI a missing service skips with a visible reason; in CI it fails."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def _psycopg_url(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.removeprefix("postgres://")
    return url


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A fresh, migrated database for this test session."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'peerlink.sqlite'}"
        migrate_database(url)
        yield url
        return
    server = make_url(_psycopg_url(PG_URL))
    name = f"peerlink_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # unreachable server: say so, loudly in CI
        admin.dispose()
        pytest.fail(f"PostgreSQL at {server.render_as_string(hide_password=True)} "
                    f"is not usable: {exc}")
    url = server.set(database=name).render_as_string(hide_password=False)
    migrate_database(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def migrate_database(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        _db.engine.dispose()


def _empty_all_tables(attempts: int = 5) -> None:
    """On PostgreSQL the live server may still be answering the browser (a socket that
    reconnects after the test) while TRUNCATE takes its locks table by table: a deadlock
    PostgreSQL resolves by cancelling one side. The emptying is simply tried again."""
    tables = [table for table in reversed(_db.metadata.sorted_tables)]
    for attempt in range(attempts):
        try:
            if _db.engine.dialect.name == "postgresql":
                _empty_postgresql_tables(tables)
            else:
                for table in tables:
                    _db.session.execute(table.delete())
            clear_search_index()  # not on the metadata: a virtual table on SQLite
            clear_thread_index()  # the groups' thread index, made the same way
            clear_event_index()
            _db.session.commit()
            return
        except OperationalError:
            _db.session.rollback()
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)


@functools.cache
def _holding_rows(tables: tuple) -> Select:
    """SQL: the positions of the tables that hold a row (built once: SQLAlchemy caches the
    statement compiled from the same object)."""
    return union_all(*(select(literal(i)).where(exists().select_from(table))
                       for i, table in enumerate(tables)))


def _empty_postgresql_tables(tables) -> None:
    """What TRUNCATE ... RESTART IDENTITY does, for the few tables a test filled: those
    emptied (children first) and their ids started again at 1. TRUNCATE of every table cost
    ~0.4 s a test on PostgreSQL, each table's files replaced even when it held nothing."""
    filled = [tables[i] for i in sorted(_db.session.execute(_holding_rows(tuple(tables)))
                                        .scalars())]
    for table in filled:
        _db.session.execute(table.delete())
    restarts = [select(func.setval(func.pg_get_serial_sequence(table.name,
                                                               table.autoincrement_column.name),
                                   1, False))
                for table in filled if table.autoincrement_column is not None]
    if restarts:
        _db.session.execute(union_all(*restarts))


class IsolatedClient(FlaskClient):
    """Runs each request outside the test's app context, as in production.

    Flask reuses an app context that is already pushed, which would let requests share `g`
    and the test's database session. An empty contextvars.Context hides it; afterwards the
    test's session forgets what it had loaded, so it reads what the request committed.
    """

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            _db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def upload_dir(tmp_path_factory):
    """UPLOAD_DIR for the tests' apps and the live server alike; emptied after each test."""
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture
def app(database_url, upload_dir):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "UPLOAD_DIR": str(upload_dir)})
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        _db.session.remove()
        _empty_all_tables()
        _db.session.remove()
        _db.engine.dispose()
    shutil.rmtree(upload_dir)
    upload_dir.mkdir()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def outbox(app):
    """Mail sent during the test (Flask-Mailman's in-memory backend)."""
    mailbox = app.extensions["mailman"]
    mailbox.outbox = []
    return mailbox.outbox


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client, path: str = "/") -> str:
    page = client.get(path)
    match = CSRF_META.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = factories.PASSWORD, **extra):
        data = {"email": email, "password": password,
                "csrf_token": csrf_token(self._client, "/login"), **extra}
        return self._client.post("/login", data=data)

    def logout(self):
        return self._client.post("/logout", data={"csrf_token": csrf_token(self._client)})

    def post(self, path: str, data: dict | None = None, **kwargs):
        """POST a form the way the browser does, with the page's CSRF token."""
        return self._client.post(path, data={"csrf_token": csrf_token(self._client),
                                             **(data or {})}, **kwargs)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def user(app):
    return factories.make_user()


@pytest.fixture
def logged_in(client, auth, user):
    response = auth.login(user.email)
    assert response.status_code == 302, response.get_data(as_text=True)
    return user


@pytest.fixture
def socket_client(app, client):
    """A Socket.IO test client that shares the HTTP client's session (log in first)."""
    clients = []

    def connect(namespace: str = "/notifications", **kwargs):
        sc = socketio.test_client(app, namespace=namespace, flask_test_client=client, **kwargs)
        clients.append(sc)
        return sc

    yield connect
    for sc in clients:
        if sc.is_connected():
            sc.disconnect()


@pytest.fixture
def redis_url():
    if not REDIS_URL:
        skip_or_fail("PEERLINK_TEST_REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is not reachable: {exc}")
    return REDIS_URL


@pytest.fixture(scope="session")
def live_dir(tmp_path_factory):
    """The live server's folder: its log, and the mail it sends (MAIL_URL=file://…/mail)."""
    return tmp_path_factory.mktemp("live")


@pytest.fixture(scope="session")
def live_server(database_url, upload_dir, live_dir):
    """`python wsgi.py` on a free port, sharing the test database and upload directory."""
    from tests.live import running_server

    with running_server(database_url, live_dir, UPLOAD_DIR=str(upload_dir)) as base_url:
        yield base_url


@pytest.fixture
def live_mail(live_server, live_dir):
    """The text of the last message the live server sent to an address."""
    from tests.live import last_mail_to

    return lambda address: last_mail_to(live_dir / "mail", address)
