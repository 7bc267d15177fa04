"""Settings read from the environment, with defaults that are safe on a laptop.

Production refuses to start without the settings that cannot have a safe default.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ENVIRONMENTS = ("development", "production", "testing")


class ConfigError(RuntimeError):
    """A required setting is missing or invalid."""


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _local_secret_key(instance_path: Path) -> str:
    """Generate the key once into instance/ so sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


# The largest request body the app reads (a profile photo is at most 5 MB): larger bodies are
# refused with 413 before they are read. Above the photo limit so that a photo a little too
# large is read and refused with the form's own message.
DEFAULT_MAX_CONTENT_LENGTH = 16 * 1024 * 1024


def _positive_int(env, name: str, default: int) -> int:
    value = (env.get(name) or str(default)).strip()
    if not (value.isascii() and value.isdigit()) or int(value) <= 0:
        raise ConfigError(f"{name} must be a whole number of bytes, such as {default}")
    return int(value)


def load_config(instance_path: Path, environ: dict | None = None, testing: bool = False) -> dict:
    env = os.environ if environ is None else environ
    peerlink_env = "testing" if testing else env.get("PEERLINK_ENV", "development")
    if peerlink_env not in ENVIRONMENTS:
        raise ConfigError(f"PEERLINK_ENV must be one of {', '.join(ENVIRONMENTS)}")
    production = peerlink_env == "production"

    secret_key = env.get("SECRET_KEY")
    if not secret_key and not testing:
        if production:
            raise ConfigError("SECRET_KEY must be set in production")
        secret_key = _local_secret_key(instance_path)
    secret_key = secret_key or TESTING_OVERRIDES["SECRET_KEY"]

    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'peerlink.sqlite'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")

    mail_url = env.get("MAIL_URL") or ("" if production else "console://")
    if production and not mail_url:
        raise ConfigError("MAIL_URL must be set in production (smtp://user:password@host:port)")

    upload_dir = Path(env.get("UPLOAD_DIR") or instance_path / "uploads").resolve()

    return {
        "PEERLINK_ENV": peerlink_env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SOCKETIO_MESSAGE_QUEUE": env.get("SOCKETIO_MESSAGE_QUEUE") or None,
        "SOCKETIO_ASYNC_MODE": env.get("SOCKETIO_ASYNC_MODE") or None,
        "MAIL_URL": mail_url,
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "PeerLink <no-reply@peerlink.local>"),
        "SERVER_NAME": env.get("SERVER_NAME") or None,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Uploaded files (profile photos), never served as static files: peerlink.profiles
        # .photos checks who may see each one.
        "UPLOAD_DIR": str(upload_dir),
        "MAX_CONTENT_LENGTH": _positive_int(env, "MAX_CONTENT_LENGTH",
                                            DEFAULT_MAX_CONTENT_LENGTH),
        # Sessions and the remember-me cookie.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        # CSRF: checked by accounts.security for every browser request that changes state.
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,
        # Rate limits: in memory locally, Redis when scaled out.
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Proxies in front that set X-Forwarded-For/-Proto (1 behind nginx); 0 trusts none.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        # Password hashing cost; "cheapest" exists for the test suite only.
        "PASSWORD_HASH_PROFILE": env.get("PASSWORD_HASH_PROFILE", "rfc9106-low-memory"),
        "EMAIL_TOKEN_MAX_AGE": int(env.get("EMAIL_TOKEN_MAX_AGE", str(48 * 3600))),
        "PASSWORD_RESET_MAX_AGE": int(env.get("PASSWORD_RESET_MAX_AGE", str(3600))),
        # flask-smorest
        "API_TITLE": "PeerLink API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }


TESTING_OVERRIDES = {
    "PEERLINK_ENV": "testing",
    "TESTING": True,
    "SECRET_KEY": "testing-secret-key-not-for-production",
    "MAIL_URL": "locmem://",
    "RATELIMIT_ENABLED": False,
    "PASSWORD_HASH_PROFILE": "cheapest",
    "SOCKETIO_ASYNC_MODE": "threading",
    "SERVER_NAME": None,
}
