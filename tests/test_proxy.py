"""Behind nginx every request comes from 127.0.0.1. PROXY_FIX_X_FOR says how many proxies
in front may be believed about the visitor's address (X-Forwarded-For): with 1, rate limits,
log lines and sessions see each visitor; with 0 (nothing in front) the header is ignored."""

import hashlib
import logging
import uuid

import pytest

from peerlink import create_app
from peerlink.extensions import db
from tests import factories
from tests.conftest import AuthActions

NGINX = "127.0.0.1"


@pytest.fixture
def proxied_app(database_url):
    apps = []

    def make(x_for: int, **config):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex, "PROXY_FIX_X_FOR": x_for,
                          **config})
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def visitor(app, forwarded_for: str) -> AuthActions:
    """A browser whose requests nginx passes on from 127.0.0.1, adding X-Forwarded-For."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded_for,
                               HTTP_USER_AGENT="Firefox/140")
    return AuthActions(client)


def failed_logins(browser: AuthActions, attempts: int) -> list[int]:
    """Each attempt for another address: failures for one address are held up on their own
    (accounts.lockout), and this counts visitors."""
    return [browser.login(f"nobody.{uuid.uuid4().hex[:8]}@example.org",
                          "wrong-password-again").status_code for _ in range(attempts)]


def test_two_visitors_are_counted_apart_behind_one_trusted_proxy(app, proxied_app):
    site = proxied_app(1)
    first, second = visitor(site, "203.0.113.7"), visitor(site, "198.51.100.4")
    assert failed_logins(first, 11) == [422] * 10 + [429]
    assert failed_logins(second, 1) == [422]


def test_a_visitor_cannot_escape_the_limit_by_writing_the_header(app, proxied_app):
    site = proxied_app(1)
    statuses = []
    for attempt in range(11):
        # nginx appends the real address to whatever the client sent; only that one counts.
        browser = visitor(site, f"10.9.8.{attempt}, 203.0.113.7")
        statuses += failed_logins(browser, 1)
    assert statuses == [422] * 10 + [429]


def test_without_a_trusted_proxy_everyone_behind_it_shares_one_count(app, proxied_app):
    site = proxied_app(0)
    first, second = visitor(site, "203.0.113.7"), visitor(site, "198.51.100.4")
    assert failed_logins(first, 10) == [422] * 10
    assert failed_logins(second, 1) == [429]


def test_log_lines_and_the_session_see_the_visitor(app, proxied_app, caplog):
    member = factories.make_user()
    site = proxied_app(1, ACCESS_LOG=True)
    browser = visitor(site, "10.9.8.7, 203.0.113.7")
    with caplog.at_level(logging.INFO, logger="peerlink.access"):
        assert browser.login(member.email).status_code == 302
    logged_in = [record for record in caplog.records
                 if record.name == "peerlink.access" and record.path == "/login"
                 and record.method == "POST"]
    assert len(logged_in) == 1
    line = logged_in[0]
    assert (line.remote_addr, line.status, line.user_id) == ("203.0.113.7", 302, member.id)
    assert line.getMessage() == "POST /login 302" and line.duration_ms >= 0
    # Session protection compares the visitor's address, not the header's first entry.
    with browser._client.session_transaction() as session:
        assert session["_id"] == hashlib.sha512(b"203.0.113.7|Firefox/140").hexdigest()
