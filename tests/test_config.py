import pytest

from peerlink import create_app
from peerlink.config import ConfigError, load_config
from peerlink.mailer import mail_settings


def test_local_secret_key_is_generated_once(tmp_path):
    first = load_config(tmp_path, environ={})["SECRET_KEY"]
    assert first and (tmp_path / "secret_key").read_text() == first
    assert load_config(tmp_path, environ={})["SECRET_KEY"] == first


def test_production_requires_secret_key_and_mail(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(tmp_path, environ={"PEERLINK_ENV": "production"})
    with pytest.raises(ConfigError, match="MAIL_URL"):
        load_config(tmp_path, environ={"PEERLINK_ENV": "production", "SECRET_KEY": "x" * 40})
    config = load_config(tmp_path, environ={"PEERLINK_ENV": "production", "SECRET_KEY": "x" * 40,
                                            "MAIL_URL": "smtp://u:p@mail.example.org:587"})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


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
