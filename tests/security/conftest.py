"""The cast, made once per database backend (and per pytest-xdist worker), copied per test.

Making the cast takes a second and a half (sixteen members with hashed passwords and
tokens, a CE log with uploads, groups, consultations); the access matrix checks a few
hundred routes, each on a cast of its own so that one route's change cannot hide another's
refusal. So the cast is made once in a database of its own, the template, and each test gets
a copy: the SQLite file copied with SQLite's backup API, or a PostgreSQL database created
from the template (`CREATE DATABASE … TEMPLATE`), and the uploads the cast made.
"""

import shutil
import sqlite3
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from peerlink import create_app
from peerlink.accounts.models import User
from peerlink.extensions import db as _db
from tests.conftest import IsolatedClient, migrate_database
from tests.security.cast import Cast, make_cast


@dataclass
class CastTemplate:
    url: str
    uploads: str
    user_ids: dict  # viewer -> user id
    cast: Cast  # its users are detached: `in_session` loads them again

    def in_session(self) -> Cast:
        users = {viewer: _db.session.get(User, user_id)
                 for viewer, user_id in self.user_ids.items()}
        return Cast(users=users, bearer=self.cast.bearer, ids=self.cast.ids,
                    secrets=self.cast.secrets)


def _server(url: str):
    return create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _copy_database(template_url: str, tmp_path) -> str:
    url = make_url(template_url)
    if url.get_backend_name() == "sqlite":
        copy = tmp_path / "cast.sqlite"
        source, target = sqlite3.connect(url.database), sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return f"sqlite:///{copy}"
    name = f"peerlink_cast_{uuid.uuid4().hex[:10]}"
    server = _server(template_url)
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"'))
    server.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def _drop_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return  # under the test's tmp_path
    server = _server(url)
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture(scope="session")
def cast_template(database_url, tmp_path_factory):
    """A migrated database holding the cast, beside the session's own database."""
    folder = tmp_path_factory.mktemp("cast")
    uploads = folder / "uploads"
    uploads.mkdir()
    if make_url(database_url).get_backend_name() == "sqlite":
        url = f"sqlite:///{folder / 'template.sqlite'}"
    else:
        url = make_url(database_url).set(
            database=f"peerlink_cast_template_{uuid.uuid4().hex[:10]}").render_as_string(
            hide_password=False)
        server = _server(url)
        with server.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{make_url(url).database}"'))
        server.dispose()
    migrate_database(url)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_DIR": str(uploads)})
    with app.app_context():
        cast = make_cast()
        user_ids = {viewer: user.id for viewer, user in cast.users.items()}
        _db.session.remove()
        _db.engine.dispose()
    yield CastTemplate(url=url, uploads=str(uploads), user_ids=user_ids, cast=cast)
    _drop_database(url)


@pytest.fixture
def cast_app(cast_template, upload_dir, tmp_path):
    """(app, cast): an app on a fresh copy of the cast's database and uploads."""
    url = _copy_database(cast_template.url, tmp_path)
    shutil.copytree(cast_template.uploads, upload_dir, dirs_exist_ok=True)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url,
                      "UPLOAD_DIR": str(upload_dir)})
    app.test_client_class = IsolatedClient
    try:
        with app.app_context():
            yield app, cast_template.in_session()
            _db.session.remove()
            _db.engine.dispose()
    finally:
        _drop_database(url)
        shutil.rmtree(upload_dir)
        upload_dir.mkdir()
