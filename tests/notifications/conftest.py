"""An app that writes its mail to files (MAIL_URL=file://…), as a real deployment's mail
leaves the process: the tests read what was sent, headers and all."""

import email
from email import policy
from pathlib import Path

import pytest

from peerlink import create_app
from peerlink.extensions import db
from tests.conftest import IsolatedClient

SEPARATOR = b"\n" + b"-" * 79 + b"\n"


class Mailbox:
    """The messages the FILE backend wrote to one folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    def messages(self, to: str | None = None) -> list[email.message.EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
            for chunk in path.read_bytes().split(SEPARATOR):
                if chunk.strip():
                    found.append(email.message_from_bytes(chunk, policy=policy.default))
        return [m for m in found if to is None or m["To"] == to]

    def clear(self) -> None:
        for path in self.folder.glob("*.log"):
            path.unlink()


def body(message) -> str:
    return message.get_content()


@pytest.fixture
def mail_app(app, database_url, tmp_path):
    """An app like `app` (same database; `app` empties it afterwards) whose mail goes to
    files; the test runs in its app context."""
    folder = tmp_path / "mail"
    mail_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                           "MAIL_URL": f"file://{folder}"})
    mail_app.test_client_class = IsolatedClient
    with mail_app.app_context():
        yield mail_app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def mailbox(mail_app, tmp_path):
    return Mailbox(tmp_path / "mail")


@pytest.fixture
def mail_client(mail_app):
    return mail_app.test_client()
