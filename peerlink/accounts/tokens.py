"""Signed, expiring links for e-mail confirmation, a change of address and password reset."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from peerlink.errors import ValidationFailed

CONFIRM_EMAIL = "confirm-email"
CHANGE_EMAIL = "change-email"
RESET_PASSWORD = "reset-password"  # noqa: S105 (a salt name)
EXPIRED = "This link has expired. Please ask for a new one."
INVALID = "This link is not valid. Please ask for a new one."


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"peerlink.{purpose}")


def password_fingerprint(password_hash: str) -> str:
    """Changes with every new password hash, which makes a reset link single-use."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def sign(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def unsign(purpose: str, token: str, max_age: int, field: str = "token") -> dict:
    try:
        return _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as exc:
        raise ValidationFailed.on(field, EXPIRED) from exc
    except BadSignature as exc:
        raise ValidationFailed.on(field, INVALID) from exc
