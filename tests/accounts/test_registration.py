import re

from sqlalchemy import func, select

from peerlink.accounts.models import User
from tests.conftest import csrf_token


def count_users(db):
    return db.session.scalar(select(func.count()).select_from(User))


def register(client, **fields):
    data = {"name": "Amara Okafor", "email": "amara@example.org",
            "password": "lantern-orchard-violet-42", **fields}
    data.setdefault("csrf_token", csrf_token(client, "/register"))
    return client.post("/register", data=data)


def test_registering_logs_in_and_sends_a_confirmation_link(client, db, outbox):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/home"
    user = db.session.scalar(select(User).where(User.email == "amara@example.org"))
    assert user.name == "Amara Okafor" and user.role == "member"
    assert user.password_hash.startswith("$argon2id$")
    assert not user.email_confirmed

    assert len(outbox) == 1 and outbox[0].to == ["amara@example.org"]
    link = re.search(r"http://localhost(/confirm/\S+)", outbox[0].body).group(1)
    assert client.get(link).status_code == 302
    db.session.refresh(user)
    assert user.email_confirmed


def test_email_is_stored_lowercase_and_trimmed(client, db, outbox):
    assert register(client, email="  Amara@Example.ORG ").status_code == 302
    assert db.session.scalar(select(User.email)) == "amara@example.org"


def test_duplicate_email_is_refused_with_a_field_error(client, db, user):
    response = register(client, email=user.email.upper())
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "An account with this email already exists" in page
    assert 'aria-invalid="true"' in page
    assert count_users(db) == 1


def test_short_password_is_refused_and_nothing_is_saved(client, db):
    response = register(client, password="short-pw")
    assert response.status_code == 422
    assert "Use between 12 and 1024 characters." in response.get_data(as_text=True)
    assert count_users(db) == 0


def test_common_password_is_refused(client, db):
    response = register(client, password="password1234")
    assert response.status_code == 422
    assert "Try a longer phrase" in response.get_data(as_text=True)
    assert count_users(db) == 0


def test_password_that_contains_the_email_name_is_refused(client, db):
    response = register(client, email="amaraokafor@example.org", password="amaraokafor1")
    assert response.status_code == 422
    assert count_users(db) == 0


def test_long_passphrases_are_accepted(client, db, outbox):
    phrase = "the quiet heron waits by the reed bed while the tide turns slowly " * 2
    assert len(phrase) > 64
    assert register(client, password=phrase).status_code == 302
    assert count_users(db) == 1


def test_typed_values_are_kept_but_never_the_password(client, db):
    response = register(client, email="not-an-email", password="lantern-orchard-violet-42")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="not-an-email"' in page
    assert "lantern-orchard-violet-42" not in page
    assert "Enter an email address like name@clinic.org." in page


def test_missing_csrf_token_is_refused_and_nothing_is_saved(client, db):
    response = register(client, csrf_token="")
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert count_users(db) == 0


def test_a_bad_confirmation_link_says_so(client):
    response = client.get("/confirm/not-a-real-token", follow_redirects=True)
    assert "This link is not valid" in response.get_data(as_text=True)
