import base64
import secrets

import pytest

from peerlink import create_app
from peerlink.config import ConfigError, load_config, load_env_file
from peerlink.extensions import db
from peerlink.mailer import mail_settings

PRODUCTION = {"PEERLINK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(32),
              "DATABASE_URL": "postgresql://peerlink@db/peerlink",
              "MAIL_URL": "smtp://u:p@mail.example.org:587", "SERVER_NAME": "peerlink.example.org",
              "UPLOAD_DIR": "/var/lib/peerlink/uploads"}


def test_local_secret_key_is_generated_once(tmp_path):
    first = load_config(tmp_path, environ={})["SECRET_KEY"]
    assert first and (tmp_path / "secret_key").read_text() == first
    assert load_config(tmp_path, environ={})["SECRET_KEY"] == first


def test_production_names_each_missing_setting_on_its_own_line(tmp_path):
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path, environ={"PEERLINK_ENV": "production"})
    assert [problem.split()[0] for problem in refused.value.problems] == [
        "SECRET_KEY", "DATABASE_URL", "MAIL_URL", "SERVER_NAME", "UPLOAD_DIR"]
    lines = refused.value.lines().splitlines()
    assert lines[0].startswith("peerlink: SECRET_KEY must be set in production (make one with")
    assert lines[1].startswith("peerlink: DATABASE_URL must be set in production")
    assert not (tmp_path / "peerlink.sqlite").exists() and not (tmp_path / "secret_key").exists()


def test_production_with_every_required_setting(tmp_path):
    config = load_config(tmp_path, environ=PRODUCTION)
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://peerlink@db/peerlink"
    assert (config["SERVER_NAME"], config["PREFERRED_URL_SCHEME"]) == (
        "peerlink.example.org", "https")
    assert (config["PROXY_FIX_X_FOR"], config["PROXY_FIX_X_PROTO"]) == (0, 0)
    assert config["UPLOAD_DIR"] == "/var/lib/peerlink/uploads"


@pytest.mark.parametrize("key", [
    "x", "x" * 64, "changeme" * 8, "correct-horse", "5f0c9e2a7b41d8e3a6c1f09b2d7e4a18",
    # (the hex one is 16 random bytes: too few)
    "abcdefghijklmnopqrstuvwxyz012345",
])
def test_weak_secret_keys_are_refused_in_production(tmp_path, key):
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path, environ={**PRODUCTION, "SECRET_KEY": key})
    assert refused.value.problems == [
        "SECRET_KEY must be at least 32 random bytes (make one with python3 -c "
        "'import secrets; print(secrets.token_urlsafe(32))')"]


# Made in the test, not at collection: pytest-xdist workers must collect the same ids.
@pytest.mark.parametrize("make_key", [
    lambda: secrets.token_urlsafe(32), lambda: secrets.token_hex(32),
    lambda: base64.b64encode(secrets.token_bytes(32)).decode(),
], ids=["urlsafe", "hex", "base64"])
def test_random_keys_of_32_bytes_are_accepted(tmp_path, make_key):
    key = make_key()
    assert load_config(tmp_path, environ={**PRODUCTION, "SECRET_KEY": key})["SECRET_KEY"] == key


def test_malformed_values_are_named(tmp_path):
    with pytest.raises(ConfigError) as refused:
        load_config(tmp_path, environ={
            **PRODUCTION, "EMAIL_TOKEN_MAX_AGE": "two days", "RATELIMIT_ENABLED": "maybe",
            "PROXY_FIX_X_FOR": "-1", "MAIL_URL": "pigeon://coop", "DATABASE_URL": "not a url",
            "SERVER_NAME": "https://peerlink.example.org/", "LOG_LEVEL": "loud",
            "SOCKETIO_MESSAGE_QUEUE": "amqp://mq"})
    assert refused.value.problems == [
        "DATABASE_URL is not a database URL (postgresql://peerlink:password@127.0.0.1/peerlink)",
        "SOCKETIO_MESSAGE_QUEUE must be a redis:// or rediss:// URL",
        "MAIL_URL scheme 'pigeon' is not one of console, file, smtp, smtps",
        "SERVER_NAME is a host name like peerlink.example.org, without a scheme or path, "
        "not 'https://peerlink.example.org/'",
        "PROXY_FIX_X_FOR must be a whole number of at least 0, not '-1'",
        "LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR",
        "RATELIMIT_ENABLED must be 1 or 0, not 'maybe'",
        "EMAIL_TOKEN_MAX_AGE must be a whole number of at least 60, not 'two days'",
    ]


def test_the_environment_file_wins_over_the_environment(tmp_path):
    env_file = tmp_path / "peerlink.env"
    env_file.write_text("# written by the operator\nPEERLINK_ENV=production\n"
                        "DATABASE_URL='postgresql://peerlink@db/peerlink'\n"
                        'MAIL_DEFAULT_SENDER="PeerLink <no-reply@example.org>"\n'
                        "SECRET_KEY=abc$HOME#not-a-comment\n")
    environ = {"PEERLINK_ENV_FILE": str(env_file), "DATABASE_URL": "sqlite:///stale.sqlite",
               "RATELIMIT_ENABLED": "0"}
    assert load_env_file(environ) == env_file
    assert environ == {"PEERLINK_ENV_FILE": str(env_file), "PEERLINK_ENV": "production",
                       "DATABASE_URL": "postgresql://peerlink@db/peerlink",
                       "MAIL_DEFAULT_SENDER": "PeerLink <no-reply@example.org>",
                       "SECRET_KEY": "abc$HOME#not-a-comment", "RATELIMIT_ENABLED": "0"}


def test_an_empty_env_file_setting_reads_none_and_a_missing_file_is_refused(tmp_path):
    assert load_env_file({"PEERLINK_ENV_FILE": ""}) is None
    with pytest.raises(ConfigError, match="PEERLINK_ENV_FILE is .*missing.env, which is not a"):
        load_env_file({"PEERLINK_ENV_FILE": str(tmp_path / "missing.env")})


def test_unknown_environment_is_refused(tmp_path):
    with pytest.raises(ConfigError):
        load_config(tmp_path, environ={"PEERLINK_ENV": "staging"})


def test_defaults_and_url_normalisation(tmp_path):
    config = load_config(tmp_path, environ={})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'peerlink.sqlite'}"
    assert config["SOCKETIO_MESSAGE_QUEUE"] is None
    config = load_config(tmp_path, environ={"DATABASE_URL": "postgres://u@db/peerlink"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db/peerlink"


def test_mail_url_backends():
    assert mail_settings("console://") == {"MAIL_BACKEND": "console"}
    assert mail_settings("file:///var/mail/peerlink") == {"MAIL_BACKEND": "file",
                                                          "MAIL_FILE_PATH": "/var/mail/peerlink"}
    smtp = mail_settings("smtp://user%40x:pa%2Fss@mail.example.org:587")
    assert (smtp["MAIL_SERVER"], smtp["MAIL_PORT"], smtp["MAIL_USE_TLS"]) == (
        "mail.example.org", 587, True)
    assert (smtp["MAIL_USERNAME"], smtp["MAIL_PASSWORD"]) == ("user@x", "pa/ss")
    assert mail_settings("smtps://mail.example.org")["MAIL_USE_SSL"] is True
    with pytest.raises(ValueError):
        mail_settings("carrier-pigeon://coop")


def test_file_mail_backend_writes_messages(tmp_path, database_url):
    from flask_mailman import EmailMessage

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      "MAIL_URL": f"file://{tmp_path}"})
    with app.app_context():
        EmailMessage("Subject", "Body text", "a@example.org", ["b@example.org"]).send()
    files = list(tmp_path.iterdir())
    assert len(files) == 1 and "Body text" in files[0].read_text()


def test_uploads_live_under_instance_unless_upload_dir_says_otherwise(tmp_path):
    config = load_config(tmp_path, environ={})
    assert config["UPLOAD_DIR"] == str((tmp_path / "uploads").resolve())
    elsewhere = tmp_path / "srv" / "peerlink-uploads"
    assert load_config(tmp_path, environ={"UPLOAD_DIR": str(elsewhere)})["UPLOAD_DIR"] == \
        str(elsewhere)


def test_the_request_size_limit_is_a_setting_above_the_photo_limit(tmp_path):
    from peerlink.profiles.photos import PHOTO_MAX_BYTES

    assert load_config(tmp_path, environ={})["MAX_CONTENT_LENGTH"] == 16 * 1024 * 1024 > \
        PHOTO_MAX_BYTES
    assert load_config(tmp_path, environ={"MAX_CONTENT_LENGTH": "8388608"})[
        "MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024
    for wrong in ("16MB", "-1", "0", "１２"):
        with pytest.raises(ConfigError, match="MAX_CONTENT_LENGTH"):
            load_config(tmp_path, environ={"MAX_CONTENT_LENGTH": wrong})


def test_pooled_connections_are_tested_only_where_a_server_can_drop_them(tmp_path):
    """A PostgreSQL connection is pinged as it leaves the pool (the first request after a
    restart does not fail); a SQLite file has no server, and every socket event would pay
    for the ping."""
    postgres = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI":
                           "postgresql+psycopg://peerlink@127.0.0.1/peerlink"})
    sqlite = create_app({"TESTING": True,
                         "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})
    with postgres.app_context():
        assert db.engine.pool._pre_ping is True
    with sqlite.app_context():
        assert db.engine.pool._pre_ping is False
