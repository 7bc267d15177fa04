"""Password hashing (argon2id) and the policy a new password must meet."""

import argon2
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from zxcvbn import zxcvbn

from peerlink.errors import ValidationFailed

MIN_LENGTH = 12
MAX_LENGTH = 1024
# zxcvbn refuses longer input; a password that long is not a common one anyway.
_CHECKED_PREFIX = 72  # the longest input zxcvbn accepts

_PROFILES = {
    "rfc9106-low-memory": argon2.profiles.RFC_9106_LOW_MEMORY,
    "rfc9106-high-memory": argon2.profiles.RFC_9106_HIGH_MEMORY,
    "cheapest": argon2.profiles.CHEAPEST,
}


def _hasher() -> argon2.PasswordHasher:
    name = current_app.config["PASSWORD_HASH_PROFILE"]
    return argon2.PasswordHasher.from_parameters(_PROFILES[name])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def check_new_password(password: str, *, field: str = "password", user_inputs=()) -> None:
    """Refuse passwords that are short or among the most commonly guessed ones."""
    if len(password) < MIN_LENGTH:
        raise ValidationFailed.on(field, f"Use at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise ValidationFailed.on(field, f"Use at most {MAX_LENGTH} characters.")
    inputs = [value for value in user_inputs if value]
    result = zxcvbn(password[:_CHECKED_PREFIX], user_inputs=inputs)
    if result["score"] <= 1:
        warning = result["feedback"].get("warning") or "This password is too easy to guess."
        raise ValidationFailed.on(
            field, f"{warning.rstrip('.')}. Try a longer phrase of unrelated words."
        )
