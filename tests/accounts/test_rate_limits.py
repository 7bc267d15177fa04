import uuid

import pytest

from peerlink import create_app
from peerlink.extensions import db
from tests.conftest import AuthActions


@pytest.fixture
def limited_app(database_url):
    """Apps with rate limiting on; their database connections are closed afterwards."""
    apps = []

    def make(storage_uri="memory://", prefix=None):
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage_uri,
                          "RATELIMIT_KEY_PREFIX": prefix or uuid.uuid4().hex})
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def hammer_login(app, attempts: int, address: str = "127.0.0.1"):
    """Failed logins from one address, each for another e-mail address: one address failing
    again and again is held up sooner (tests/accounts/test_login_lockout.py)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    auth = AuthActions(client)
    return [auth.login(f"nobody-{uuid.uuid4().hex[:12]}@example.org",
                       "wrong-password-again").status_code for _ in range(attempts)]


def test_login_attempts_are_limited_per_address(app, limited_app):
    statuses = hammer_login(limited_app(), 11)
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_token_endpoint_limit_answers_json(app, limited_app):
    client = limited_app().test_client()
    statuses = [client.post("/api/v1/auth/tokens",
                            json={"email": "x@example.org", "password": "nope"}).status_code
                for _ in range(11)]
    assert statuses[-1] == 429
    body = client.post("/api/v1/auth/tokens", json={"email": "x@example.org", "password": "n"})
    assert body.get_json()["code"] == 429


@pytest.mark.redis
def test_limits_are_shared_through_redis(app, limited_app, redis_url):
    # Counters are per client address: a fresh one keeps this run's counter apart from what
    # the server already holds. (A key prefix would not: the limiter is one object per
    # process, and Flask-Limiter keeps the first prefix it was given.)
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    first = limited_app(redis_url)
    second = limited_app(redis_url)
    assert hammer_login(first, 6, address) == [422] * 6
    # Another process (another app) sees the same counter.
    assert hammer_login(second, 5, address)[-1] == 429


@pytest.mark.redis
def test_login_lockouts_are_shared_through_redis(app, limited_app, redis_url):
    email = f"nobody-{uuid.uuid4().hex}@example.org"  # counters in Redis outlive this run
    first, second = limited_app(redis_url), limited_app(redis_url)
    for n in range(5):
        response = first.test_client().post("/api/v1/auth/tokens", json={
            "email": email, "password": "wrong-password-again"},
            environ_base={"REMOTE_ADDR": f"10.1.2.{n}"})
        assert response.status_code == 422
    response = second.test_client().post("/api/v1/auth/tokens", json={
        "email": email, "password": "wrong-password-again"},
        environ_base={"REMOTE_ADDR": "10.1.3.1"})
    assert response.status_code == 429 and 0 < int(response.headers["Retry-After"]) <= 30
