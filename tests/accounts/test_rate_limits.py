import uuid

import pytest

from peerlink import create_app
from tests.conftest import AuthActions


def limited_app(database_url, storage_uri="memory://", prefix=None):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                       "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": storage_uri,
                       "RATELIMIT_KEY_PREFIX": prefix or uuid.uuid4().hex})


def hammer_login(app, attempts: int):
    client = app.test_client()
    auth = AuthActions(client)
    return [auth.login("nobody@example.org", "wrong-password-again").status_code
            for _ in range(attempts)]


def test_login_attempts_are_limited_per_address(app, database_url):
    statuses = hammer_login(limited_app(database_url), 11)
    assert statuses[:10] == [422] * 10
    assert statuses[10] == 429


def test_token_endpoint_limit_answers_json(app, database_url):
    client = limited_app(database_url).test_client()
    statuses = [client.post("/api/v1/auth/tokens",
                            json={"email": "x@example.org", "password": "nope"}).status_code
                for _ in range(11)]
    assert statuses[-1] == 429
    body = client.post("/api/v1/auth/tokens", json={"email": "x@example.org", "password": "n"})
    assert body.get_json()["code"] == 429


@pytest.mark.redis
def test_limits_are_shared_through_redis(app, database_url, redis_url):
    prefix = uuid.uuid4().hex  # this run's counters only, whatever else the server holds
    first = limited_app(database_url, redis_url, prefix)
    second = limited_app(database_url, redis_url, prefix)
    assert hammer_login(first, 6) == [422] * 6
    # Another process (another app) sees the same counter.
    assert hammer_login(second, 5)[-1] == 429
