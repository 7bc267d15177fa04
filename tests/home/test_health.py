"""/healthz: the process answers. /readyz: it can serve (database at the migrations' head,
Redis where used). Both JSON whatever happens, for load balancers and `peerlink check`."""

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import upgrade

from peerlink import create_app
from peerlink.extensions import db
from peerlink.home import readiness, views


@pytest.fixture
def fresh_app(tmp_path):
    """Apps on databases of their own; their connections are closed afterwards."""
    apps = []

    def make(database_url: str | None = None, **config):
        url = database_url or f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_liveness_answers_without_touching_the_database(fresh_app, tmp_path):
    app = fresh_app(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite'}")
    response = app.test_client().get("/healthz")
    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_when_the_database_is_at_the_migrations_head(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "uploads": "ok"}}


def test_not_ready_when_the_database_is_down(fresh_app, tmp_path):
    app = fresh_app(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite'}")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.is_json
    assert response.get_json() == {"status": "unavailable",
                                   "checks": {"database": "unreachable", "uploads": "ok"}}


def test_not_ready_on_an_unmigrated_database(fresh_app):
    response = fresh_app().test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {
        "database": "ok", "migrations": "not migrated: run `peerlink db upgrade`",
        "uploads": "ok"}


def test_not_ready_on_a_database_one_migration_behind(fresh_app):
    app = fresh_app()
    with app.app_context():
        scripts = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        head = scripts.get_revision(scripts.get_current_head())
        upgrade(revision=head.down_revision)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["migrations"] == (
        f"behind (database at {head.down_revision}, code at {head.revision}): "
        "run `peerlink db upgrade`")


def test_not_ready_when_redis_is_down(fresh_app, database_url):
    app = fresh_app(database_url, SOCKETIO_MESSAGE_QUEUE="redis://127.0.0.1:1/0",
                    RATELIMIT_STORAGE_URI="redis://127.0.0.1:1/1")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {
        "database": "ok", "migrations": "ok", "uploads": "ok", "message_queue": "unreachable",
        "rate_limit_storage": "unreachable"}


def test_a_failing_check_still_answers_json(client, monkeypatch):
    def broken():
        raise RuntimeError("a bug in a check")

    monkeypatch.setattr(views, "readiness", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable",
                                   "checks": {"readiness": "the check itself failed; see the log"}}


def test_not_ready_when_uploads_cannot_be_written(client, app, monkeypatch):
    asked = []

    def not_writable(folder):  # as for a service user the folder does not belong to
        asked.append(folder)
        return False

    monkeypatch.setattr(readiness, "_writable", not_writable)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["uploads"] == "not writable by this process (UPLOAD_DIR)"
    assert asked and Path(app.config["UPLOAD_DIR"]).is_relative_to(asked[0])
