"""Growing delays after failed logins for one e-mail address, told the same way whether or not
the address has an account. Every attempt comes from a fresh client address, as from an
attacker who rotates them: only the per-account delay can stop it."""

import itertools
import time
import uuid

import pytest

from peerlink import create_app
from peerlink.extensions import db
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user

WRONG = "not-the-password-at-all"
MISSING = "nobody-here@example.org"
_addresses = itertools.count(1)


@pytest.fixture
def clock(monkeypatch):
    """Time stands still unless the test moves it on (the limiter's storage reads it too)."""
    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    return now


@pytest.fixture
def client(app, database_url, clock):
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex})
    yield limited.test_client()
    with limited.app_context():
        db.engine.dispose()


def from_a_new_address(client):
    n = next(_addresses)
    client.environ_base["REMOTE_ADDR"] = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    return client


def token_attempt(client, email, password=WRONG):
    response = from_a_new_address(client).post("/api/v1/auth/tokens",
                                                json={"email": email, "password": password})
    return response.status_code, response.get_json(), response.headers.get("Retry-After")


def test_failures_earn_a_doubling_delay_the_same_for_every_address(client, clock):
    member = make_user()
    for _ in range(5):  # the first five failures are only failures
        assert token_attempt(client, member.email) == token_attempt(client, MISSING)
    for delay in (30, 60, 120, 240):
        existing, missing = token_attempt(client, member.email), token_attempt(client, MISSING)
        assert existing == missing
        status, body, retry_after = existing
        assert status == 429 and abs(int(retry_after) - delay) <= 1
        assert body["message"].startswith("Too many failed attempts to log in with this email")
        # Locked means locked: the right password waits too, and says nothing more.
        assert token_attempt(client, member.email, PASSWORD) == existing
        clock[0] += delay + 1
        failed = token_attempt(client, member.email)  # the next failure doubles the delay
        assert failed[0] == 422 and failed == token_attempt(client, MISSING)


def test_the_count_is_per_address_whatever_its_case_and_spaces(client):
    member = make_user()
    for spelling in (member.email.upper(), f" {member.email} ", member.email.title(),
                     member.email, member.email):
        assert token_attempt(client, spelling)[0] == 422
    assert token_attempt(client, member.email)[0] == 429
    assert token_attempt(client, make_user().email)[0] == 422  # another account is not held up


def test_a_successful_login_forgets_the_failures(client):
    member = make_user()
    for _ in range(4):
        token_attempt(client, member.email)
    assert token_attempt(client, member.email, PASSWORD)[0] == 201
    assert [token_attempt(client, member.email)[0] for _ in range(6)] == [422] * 5 + [429]


def test_the_login_page_shows_the_same_error_page_for_both(client):
    member = make_user()
    answers = {}
    for email in (member.email, MISSING):
        auth = AuthActions(client)
        statuses = []
        for _ in range(5):
            statuses.append(auth.login(email, WRONG).status_code)
            from_a_new_address(client)
        response = auth.login(email, PASSWORD)
        text = response.get_data(as_text=True)
        assert response.mimetype == "text/html"
        assert ("Too many failed attempts to log in with this email address. Please wait "
                "30 seconds and try again.") in text
        answers[email] = statuses, response.status_code, response.headers["Retry-After"]
    assert answers[member.email] == answers[MISSING] == ([422] * 5, 429, "30")
