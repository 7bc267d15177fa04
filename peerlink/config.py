"""Settings read from the environment, with defaults that are safe on a laptop.

Every `peerlink` command and the WSGI module read the environment file first
(`load_env_file`), so the server and every command run by hand see the same settings.
Production refuses to start without the settings that cannot have a safe default: each
missing or unsafe one is named on one line (`ConfigError.problems`).
"""

import math
import os
import secrets
import string
from datetime import timedelta
from pathlib import Path

ENVIRONMENTS = ("development", "production", "testing")
DEFAULT_ENV_FILE = Path("/etc/peerlink/peerlink.env")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# 32 random bytes: what `openssl rand -hex 32` or `secrets.token_urlsafe(32)` gives.
SECRET_KEY_BITS = 256
NEW_SECRET_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"  # noqa: S105


class ConfigError(RuntimeError):
    """Required settings are missing or invalid; `problems` holds one sentence for each."""

    def __init__(self, problems: str | list[str]):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("; ".join(self.problems))

    def lines(self) -> str:
        """What a command prints instead of a traceback: one line per problem."""
        return "\n".join(f"peerlink: {problem}" for problem in self.problems)


def load_env_file(environ: dict | None = None) -> Path | None:
    """Put the settings of the environment file into the environment, over what is there.

    The file is PEERLINK_ENV_FILE, or /etc/peerlink/peerlink.env when that exists; an empty
    PEERLINK_ENV_FILE reads none. Its values win over the process environment, so a command
    typed in a shell with a stale DATABASE_URL still talks to the server's database.
    """
    from dotenv import dotenv_values

    env = os.environ if environ is None else environ
    configured = env.get("PEERLINK_ENV_FILE")
    if configured == "":
        return None
    path = Path(configured) if configured else DEFAULT_ENV_FILE
    if not path.is_file():
        if configured:
            raise ConfigError(f"PEERLINK_ENV_FILE is {path}, which is not a file")
        return None
    try:
        values = dotenv_values(path, interpolate=False)
    except OSError as exc:
        raise ConfigError(f"cannot read the environment file {path}: {exc.strerror}") from exc
    for name, value in values.items():
        if value is not None and name != "PEERLINK_ENV_FILE":
            env[name] = value
    return path


def _bool(env, name: str, default: bool, problems: list[str]) -> bool:
    value = (env.get(name) or "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    problems.append(f"{name} must be 1 or 0, not {value[:20]!r}")
    return default


def _int(env, name: str, default: int, problems: list[str], minimum: int = 0,
         unit: str = "") -> int:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < minimum:
        of = f" of {unit}" if unit else ""
        problems.append(f"{name} must be a whole number{of} of at least {minimum}, "
                        f"not {value[:20]!r}")
        return default
    return int(value)


def secret_key_bits(key: str) -> float:
    """Roughly how many random bits a key can hold: its length times the bits per character
    of the kinds of characters it uses (hex digits only count 4)."""
    if len(set(key)) < 12:  # "x" * 64, "changeme" repeated: long, but not random
        return 0.0
    if all(c in string.hexdigits for c in key):
        alphabet = 16
    else:
        alphabet = sum(size for kind, size in ((string.digits, 10),
                                                (string.ascii_lowercase, 26),
                                                (string.ascii_uppercase, 26))
                       if any(c in kind for c in key))
        alphabet += 33 if any(not c.isalnum() for c in key) else 0
    return len(key) * math.log2(max(alphabet, 2))


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


def engine_options(database_url) -> dict:
    """SQLAlchemy's engine options for this database. A database server may drop a pooled
    connection (a restart, a failover): each is tested as it is checked out (a round trip
    per request and per socket event), so the first request after it does not fail. A
    SQLite file has no server to lose."""
    from sqlalchemy.engine import make_url

    return {"pool_pre_ping": make_url(database_url).get_backend_name() != "sqlite"}


def _database_url(env, instance_path: Path, production: bool, problems: list[str]) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    database_url = env.get("DATABASE_URL") or ""
    if not database_url:
        if production:
            problems.append("DATABASE_URL must be set in production "
                            "(postgresql://peerlink:password@127.0.0.1/peerlink)")
        return f"sqlite:///{instance_path / 'peerlink.sqlite'}"
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    try:
        make_url(database_url)
    except ArgumentError:
        problems.append("DATABASE_URL is not a database URL "
                        "(postgresql://peerlink:password@127.0.0.1/peerlink)")
    return database_url


def _mail_url(env, production: bool, problems: list[str]) -> str:
    from peerlink.mailer import mail_settings

    mail_url = env.get("MAIL_URL") or ("" if production else "console://")
    if not mail_url:
        problems.append("MAIL_URL must be set in production (smtp://user:password@host:587)")
        return mail_url
    try:
        mail_settings(mail_url)
    except ValueError as exc:
        problems.append(str(exc))
    return mail_url


def _server_name(env, production: bool, problems: list[str]) -> str | None:
    server_name = (env.get("SERVER_NAME") or "").strip() or None
    if production and not server_name:
        problems.append("SERVER_NAME must be set in production: the public host name, "
                        "e.g. peerlink.example.org (links in e-mails are built from it)")
    elif server_name and ("/" in server_name or " " in server_name):
        problems.append(f"SERVER_NAME is a host name like peerlink.example.org, without "
                        f"a scheme or path, not {server_name[:60]!r}")
    return server_name


def _upload_dir(env, instance_path: Path, production: bool, problems: list[str]) -> str:
    """Profile photos. Production names it: the default, inside the installed package's
    instance folder, is neither writable by the service nor kept across releases."""
    upload_dir = (env.get("UPLOAD_DIR") or "").strip()
    if not upload_dir and production:
        problems.append("UPLOAD_DIR must be set in production: a folder every process can "
                        "write and your backup includes, e.g. /var/lib/peerlink/uploads")
    return str(Path(upload_dir or instance_path / "uploads").resolve())


def _message_queue(env, problems: list[str]) -> str | None:
    queue = env.get("SOCKETIO_MESSAGE_QUEUE") or None
    if queue and not queue.startswith(("redis://", "rediss://")):
        problems.append("SOCKETIO_MESSAGE_QUEUE must be a redis:// or rediss:// URL")
    return queue


def load_config(instance_path: Path, environ: dict | None = None, testing: bool = False) -> dict:
    env = os.environ if environ is None else environ
    peerlink_env = "testing" if testing else env.get("PEERLINK_ENV", "development")
    if peerlink_env not in ENVIRONMENTS:
        raise ConfigError(f"PEERLINK_ENV must be one of {', '.join(ENVIRONMENTS)}, "
                          f"not {peerlink_env[:20]!r}")
    production = peerlink_env == "production"
    problems: list[str] = []

    secret_key = env.get("SECRET_KEY") or ""
    if production and not secret_key:
        problems.append(f"SECRET_KEY must be set in production (make one with {NEW_SECRET_KEY})")
    elif production and secret_key_bits(secret_key) < SECRET_KEY_BITS:
        problems.append(f"SECRET_KEY must be at least 32 random bytes (make one with "
                        f"{NEW_SECRET_KEY})")
    elif not secret_key and not testing:
        secret_key = _local_secret_key(instance_path)
    secret_key = secret_key or TESTING_OVERRIDES["SECRET_KEY"]

    config = {
        "PEERLINK_ENV": peerlink_env,
        "SECRET_KEY": secret_key,
        "SQLALCHEMY_DATABASE_URI": _database_url(env, instance_path, production, problems),
        "SOCKETIO_MESSAGE_QUEUE": _message_queue(env, problems),
        "SOCKETIO_ASYNC_MODE": env.get("SOCKETIO_ASYNC_MODE") or None,
        "MAIL_URL": _mail_url(env, production, problems),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "PeerLink <no-reply@peerlink.local>"),
        "SERVER_NAME": _server_name(env, production, problems),
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # How many proxies in front may be believed about the client's address and scheme
        # (X-Forwarded-For, X-Forwarded-Proto): 1 behind one nginx, 0 when nothing is.
        "PROXY_FIX_X_FOR": _int(env, "PROXY_FIX_X_FOR", 0, problems),
        "PROXY_FIX_X_PROTO": _int(env, "PROXY_FIX_X_PROTO", 0, problems),
        # Logs: one JSON object a line in production, readable text elsewhere.
        "LOG_LEVEL": _log_level(env, problems),
        "ACCESS_LOG": _bool(env, "ACCESS_LOG", False, problems),
        # Uploaded files (profile photos), never served as static files: peerlink.profiles
        # .photos checks who may see each one.
        "UPLOAD_DIR": _upload_dir(env, instance_path, production, problems),
        "MAX_CONTENT_LENGTH": _int(env, "MAX_CONTENT_LENGTH", DEFAULT_MAX_CONTENT_LENGTH,
                                   problems, 1, unit="bytes"),
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
        "RATELIMIT_ENABLED": _bool(env, "RATELIMIT_ENABLED", True, problems),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        # Proxies in front that set X-Forwarded-For/-Proto (1 behind nginx); 0 trusts none.
        # Password hashing cost; "cheapest" exists for the test suite only.
        "PASSWORD_HASH_PROFILE": env.get("PASSWORD_HASH_PROFILE", "rfc9106-low-memory"),
        "EMAIL_TOKEN_MAX_AGE": _int(env, "EMAIL_TOKEN_MAX_AGE", 48 * 3600, problems, 60),
        "PASSWORD_RESET_MAX_AGE": _int(env, "PASSWORD_RESET_MAX_AGE", 3600, problems, 60),
        # Case consultations: a request nobody answers expires after this many hours, and
        # `consultations send-reminders` reminds both sides this many minutes before the start.
        "CONSULTATION_EXPIRY_HOURS": _int(env, "CONSULTATION_EXPIRY_HOURS", 7 * 24, problems,
                                          1),
        "CONSULTATION_REMINDER_MINUTES": _int(env, "CONSULTATION_REMINDER_MINUTES", 60,
                                              problems, 1),
        # flask-smorest
        "API_TITLE": "PeerLink API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
    if problems:
        raise ConfigError(problems)
    return config


def _log_level(env, problems: list[str]) -> str:
    level = (env.get("LOG_LEVEL") or "INFO").strip().upper()
    if level not in LOG_LEVELS:
        problems.append(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        return "INFO"
    return level


TESTING_OVERRIDES = {
    "PEERLINK_ENV": "testing",
    "TESTING": True,
    "SECRET_KEY": "testing-secret-key-not-for-production",
    "MAIL_URL": "locmem://",
    "RATELIMIT_ENABLED": False,
    "PASSWORD_HASH_PROFILE": "cheapest",
    "SOCKETIO_ASYNC_MODE": "threading",
    "SERVER_NAME": None,
    "ACCESS_LOG": False,
}
