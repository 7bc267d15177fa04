"""The `peerlink` command as an operator runs it: from a directory of their own, with the
settings only in the environment file. In-process (a subprocess per command costs seconds);
the deploy check (.ci/deploy-check) runs the installed command for real."""

import importlib
import logging
import secrets
import sys

import pytest
from sqlalchemy import create_engine, text

from peerlink.command import main

BAD_SECRET = ("peerlink: SECRET_KEY must be at least 32 random bytes (make one with python3 -c "
              "'import secrets; print(secrets.token_urlsafe(32))')")


@pytest.fixture
def operator(tmp_path, monkeypatch):
    """Writes the environment file and runs `peerlink ...` in an empty directory; whatever
    the file puts into the environment (and the production log handler) is undone after."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)  # Flask's CLI sets it
    logger = logging.getLogger("peerlink")
    saved = (logger.handlers[:], logger.propagate, logger.level)

    def write(**settings):
        env_file = tmp_path / "peerlink.env"
        env_file.write_text("".join(f"{name}={value}\n" for name, value in settings.items()))
        for name in settings:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("PEERLINK_ENV_FILE", str(env_file))

    def run(*args, stdin: str = "") -> int:
        monkeypatch.setattr(sys, "stdin", _Lines(stdin))
        with pytest.raises(SystemExit) as ended:
            main(list(args))
        return ended.value.code or 0

    yield write, run
    logger.handlers[:], logger.propagate = saved[0], saved[1]
    logger.setLevel(saved[2])


class _Lines:
    def __init__(self, text: str):
        self.lines = text.splitlines(keepends=True)

    def readline(self) -> str:
        return self.lines.pop(0) if self.lines else ""


def test_unsafe_settings_end_the_command_with_one_line_each(operator, capsys):
    write, run = operator
    write(PEERLINK_ENV="production", SECRET_KEY="x", MAIL_URL="console://",
          UPLOAD_DIR="/var/lib/peerlink/uploads")
    assert run("check") == 2
    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.splitlines() == [
        BAD_SECRET,
        "peerlink: DATABASE_URL must be set in production "
        "(postgresql://peerlink:password@127.0.0.1/peerlink)",
        "peerlink: SERVER_NAME must be set in production: the public host name, e.g. "
        "peerlink.example.org (links in e-mails are built from it)",
    ]


def test_the_wsgi_module_says_the_same_in_one_line(operator, capsys):
    write, _ = operator
    write(PEERLINK_ENV="production", SECRET_KEY="x", MAIL_URL="console://",
          DATABASE_URL="postgresql://peerlink@db/peerlink", SERVER_NAME="peerlink.example.org",
          UPLOAD_DIR="/var/lib/peerlink/uploads")
    sys.modules.pop("peerlink.wsgi", None)
    try:
        with pytest.raises(SystemExit) as ended:
            importlib.import_module("peerlink.wsgi")
    finally:
        sys.modules.pop("peerlink.wsgi", None)
    assert ended.value.code == 2
    assert capsys.readouterr().err == BAD_SECRET + "\n"


def test_every_command_reads_the_environment_file(operator, capsys, tmp_path):
    write, run = operator
    database = tmp_path / "site.sqlite"
    write(PEERLINK_ENV="production", SECRET_KEY=secrets.token_urlsafe(32),
          DATABASE_URL=f"sqlite:///{database}", MAIL_URL="console://",
          SERVER_NAME="peerlink.example.org", UPLOAD_DIR=tmp_path / "uploads",
          PASSWORD_HASH_PROFILE="cheapest")
    assert run("check") == 1
    assert "migrations: not migrated: run `peerlink db upgrade`" in capsys.readouterr().out

    assert run("db", "upgrade") == 0
    assert run("seed-taxonomies") == 0
    assert "taxonomy terms" in capsys.readouterr().out
    assert run("users", "create", "admin@example.org", "--name", "Site Admin", "--role",
               "admin", "--password-stdin", stdin="granite-meadow-lantern-7\n") == 0
    assert "Created admin admin@example.org" in capsys.readouterr().out
    assert run("check") == 0
    assert capsys.readouterr().out.splitlines() == [
        "settings: ok (production)", "database: ok", "migrations: ok", "uploads: ok"]

    assert run("seed-demo") == 1
    assert "this is production, so it did nothing" in capsys.readouterr().err
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT email, role FROM users")).all() == [
            ("admin@example.org", "admin")]
    engine.dispose()

    assert run("serve", "--bind", "127.0.0.1:8005", "--print") == 0
    command = capsys.readouterr().out.split()
    assert command[1:9] == ["-m", "gunicorn", "--worker-class", "gevent", "--workers", "1",
                            "--bind", "127.0.0.1:8005"]
    assert command[-1] == "peerlink.wsgi:app"
    # Nothing written beside the operator: no instance/ folder, no stray SQLite file.
    assert sorted(path.name for path in tmp_path.iterdir()
                  if not path.name.startswith("site.sqlite")) == ["peerlink.env"]
