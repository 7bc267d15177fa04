"""Growing delays after failed logins for one e-mail address, the same whether or not it has
an account.

Failures are counted per address in the rate limiter's storage (Redis when scaled out), under
an HMAC of the normalized address, so the store holds no addresses. After FREE_FAILURES in a
row, each further failure locks the address for a delay that doubles, up to MAX_DELAY: every
attempt meanwhile, with the right password too, is refused with 429 and Retry-After before
any password is looked at. A successful login or password reset forgets the failures. Off
with the rate limits (RATELIMIT_ENABLED).
"""

import hashlib
import hmac
import math
import time

from flask import current_app

from peerlink.errors import TooManyRequests
from peerlink.extensions import limiter

FREE_FAILURES = 5
FIRST_DELAY = 30  # seconds
MAX_DELAY = 3600
FORGET_AFTER = 24 * 3600  # a day without a failure starts the count again


def _keys(email: str) -> tuple[str, str]:
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, email.strip().lower().encode(), hashlib.sha256).hexdigest()
    return f"peerlink-login-failures/{digest}", f"peerlink-login-lock/{digest}"


def _storage():
    return limiter.storage if current_app.config["RATELIMIT_ENABLED"] else None


def _wait_message(seconds: int) -> str:
    wait = (f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes")
    return (f"Too many failed attempts to log in with this email address. "
            f"Please wait {wait} and try again.")


def require_not_locked(email: str) -> None:
    storage = _storage()
    if storage is None:
        return
    _, lock = _keys(email)
    if storage.get(lock) > 0:
        seconds = max(1, math.ceil(storage.get_expiry(lock) - time.time()))
        raise TooManyRequests(_wait_message(seconds), retry_after=seconds)


def record_failure(email: str) -> None:
    storage = _storage()
    if storage is None:
        return
    failures, lock = _keys(email)
    count = storage.incr(failures, FORGET_AFTER)
    if count >= FREE_FAILURES:
        storage.incr(lock, min(FIRST_DELAY * 2 ** (count - FREE_FAILURES), MAX_DELAY))


def forget_failures(email: str) -> None:
    storage = _storage()
    if storage is not None:
        for key in _keys(email):
            storage.clear(key)
