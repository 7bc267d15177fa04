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


CSRF_FIELDS = re.compile(r'(name="csrf_token" value|name="csrf-token" content)="[^"]+"')


def confirmation_link(mail) -> str:
    return re.search(r"http://localhost(/confirm/\S+)", mail.body).group(1)


def test_registering_sends_a_link_and_logs_in_only_once_it_is_followed(client, db, outbox):
    response = register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/register/check-email"
    page = client.get("/register/check-email").get_data(as_text=True)
    assert "Check your email" in page and "<strong>amara@example.org</strong>" in page
    # Not logged in yet.
    assert client.get("/home").headers["Location"] == "/login?next=/home"
    user = db.session.scalar(select(User).where(User.email == "amara@example.org"))
    assert user.name == "Amara Okafor" and user.role == "member"
    assert user.password_hash.startswith("$argon2id$")
    assert not user.email_confirmed

    assert len(outbox) == 1 and outbox[0].to == ["amara@example.org"]
    response = client.get(confirmation_link(outbox[0]))
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    db.session.refresh(user)
    assert user.email_confirmed
    home = client.get("/home").get_data(as_text=True)
    assert "Welcome to PeerLink, Amara Okafor." in home
    assert "Please confirm your email address" not in home


def test_the_link_followed_in_another_browser_confirms_without_logging_in(app, client, db,
                                                                          outbox):
    register(client)
    other = app.test_client()
    response = other.get(confirmation_link(outbox[0]))
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Your email address is confirmed. Please log in." in \
        other.get("/login").get_data(as_text=True)
    assert db.session.scalar(select(User.email_confirmed_at)) is not None
    assert other.get("/home").status_code == 302
    # Followed again, even in the browser that signed up, it logs nobody in.
    response = client.get(confirmation_link(outbox[0]))
    assert response.headers["Location"] == "/login"
    assert "already confirmed" in client.get("/login").get_data(as_text=True)


def test_a_taken_address_gets_the_very_same_answer_as_a_new_one(app, db, outbox):
    """Status, redirect and page, byte for byte but for the CSRF token: the form cannot tell
    anyone whether an address has an account."""
    answers = []
    for name, password in (("Amara Okafor", "lantern-orchard-violet-42"),
                           ("Someone Else", "copper-kettle-whistling-88")):
        client = app.test_client()  # a fresh browser each time
        response = register(client, name=name, password=password, email=" Amara@Example.org ")
        followed = client.get(response.headers["Location"])
        answers.append((response.status_code, response.headers["Location"],
                        response.get_data(as_text=True), followed.status_code,
                        CSRF_FIELDS.sub("", followed.get_data(as_text=True))))
        assert client.get("/home").status_code == 302  # nobody is logged in
    assert answers[0] == answers[1]
    assert "<strong>amara@example.org</strong>" in answers[0][-1]
    assert count_users(db) == 1
    assert db.session.scalar(select(User.name)) == "Amara Okafor"


def test_the_owner_of_a_taken_address_is_told_with_a_reset_link(client, db, outbox, user):
    before = user.password_hash
    assert register(client, email=user.email.upper(), name="Someone Else").status_code == 302
    assert len(outbox) == 1 and outbox[0].to == [user.email]
    mail = outbox[0]
    assert "tried to join" in mail.subject
    assert "It already has\nan account, so nothing was created" in mail.body
    assert "/confirm/" not in mail.body
    reset = re.search(r"http://localhost(/password/reset/\S+)", mail.body).group(1)
    assert "Choose a new password" in client.get(reset).get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == before and user.name != "Someone Else"
    assert count_users(db) == 1


def test_email_is_stored_lowercase_and_trimmed(client, db, outbox):
    assert register(client, email="  Amara@Example.ORG ").status_code == 302
    assert db.session.scalar(select(User.email)) == "amara@example.org"


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
