"""/account: personal access tokens made on the page, and a change of e-mail address that
waits for the link sent to the new one."""

import re

from sqlalchemy import func, select

from peerlink.accounts.models import ApiToken, User
from peerlink.notifications.models import Notification
from tests import factories
from tests.factories import PASSWORD, make_user

TOKEN = re.compile(r"plk_[A-Za-z0-9_-]{20,}")


def flashes(client) -> list[str]:
    page = client.get("/account").get_data(as_text=True)
    return re.findall(r'<p class="flash[^"]*"[^>]*>([^<]*)</p>', page)


def link_in(mail, path: str) -> str:
    return re.search(rf"http://localhost({path}\S+)", mail.body).group(1)


# --- tokens ---------------------------------------------------------------------------------


def test_a_token_made_on_the_page_is_shown_once_and_works(client, auth, logged_in, db):
    response = auth.post("/account/tokens", {"token_name": "Calendar export",
                                             "token_password": PASSWORD})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    assert "Your new token “Calendar export”. Copy it now" in page
    (plaintext,) = set(TOKEN.findall(page))

    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {plaintext}"})
    assert me.status_code == 200 and me.get_json()["email"] == logged_in.email
    again = client.get("/account").get_data(as_text=True)
    assert plaintext not in again and "Calendar export" in again
    assert f"<code>{plaintext[:10]}…</code>" in again


def test_a_token_needs_the_password_and_only_its_form_shows_the_error(client, auth,
                                                                     logged_in, db):
    response = auth.post("/account/tokens", {"token_name": "Script",
                                             "token_password": "not-my-password"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("Please check the form") == 1
    assert '<a href="#field-token_password">Your password</a>: Your password is not correct.' \
        in page
    assert 'value="Script"' in page and not TOKEN.search(page)
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0
    response = auth.post("/account/tokens", {"token_name": "x" * 81, "token_password": PASSWORD})
    assert response.status_code == 422
    assert "Use at most 80 characters." in response.get_data(as_text=True)


# --- changing the e-mail address ------------------------------------------------------------


def test_the_address_changes_only_once_the_new_one_is_confirmed(app, client, auth, logged_in,
                                                                db, outbox):
    old = logged_in.email
    response = auth.post("/account/email", {"new_email": " Moved@Example.org ",
                                            "email_password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/account"
    assert flashes(client) == [f"We sent a link to moved@example.org. Your address changes "
                               f"when you follow it; until then it stays {old}."]
    assert db.session.get(User, logged_in.id).email == old
    to_new, to_old = sorted(outbox, key=lambda mail: mail.to != ["moved@example.org"])
    assert to_new.to == ["moved@example.org"] and to_old.to == [old]
    assert "asked to move it to a new email address,\nmoved@example.org" in to_old.body
    link = link_in(to_new, "/account/email/confirm/")
    assert link not in to_old.body

    outbox.clear()
    elsewhere = app.test_client()  # the link works wherever it is opened
    assert elsewhere.get(link).headers["Location"] == "/login"
    user = db.session.get(User, logged_in.id)
    assert user.email == "moved@example.org" and user.email_confirmed
    # The old address is told; the new one gets the security notification's e-mail.
    assert sorted(mail.to[0] for mail in outbox) == sorted([old, "moved@example.org"])
    to_old = next(mail for mail in outbox if mail.to == [old])
    assert "changed from " + old in to_old.body
    assert db.session.scalar(select(Notification.message)).startswith(
        "Your email address is now moved@example.org.")
    # The new address logs in; the old one no longer does; the link works once.
    auth.logout()
    assert auth.login(old).status_code == 422
    assert auth.login("moved@example.org").status_code == 302
    client.get(link)
    assert "This link has already been used" in " ".join(flashes(client))


def test_a_taken_new_address_reads_the_same_to_the_one_asking(client, auth, logged_in, db,
                                                              outbox):
    other = make_user(name="Olu Other", email="olu@example.org")
    answers, mails = [], {}
    for address in ("free@example.org", "olu@example.org"):
        outbox.clear()
        response = auth.post("/account/email", {"new_email": address,
                                                "email_password": PASSWORD})
        mails[address] = {mail.to[0]: mail for mail in outbox}
        # What the one asking sees, and what their own (old) address is sent.
        answers.append((response.status_code, response.headers["Location"],
                        [text.replace(address, "ADDRESS") for text in flashes(client)],
                        mails[address][logged_in.email].body.replace(address, "ADDRESS")))
    assert answers[0] == answers[1]
    assert set(mails["olu@example.org"]) == {logged_in.email, "olu@example.org"}
    # The owner of the taken address is told instead, with no link that could move anything.
    taken = mails["olu@example.org"]["olu@example.org"]
    assert "Hello Olu Other" in taken.body and "already the\naddress of your account" in taken.body
    assert "/account/email/confirm/" not in taken.body
    assert db.session.get(User, logged_in.id).email == logged_in.email
    assert db.session.get(User, other.id).email == "olu@example.org"


def test_a_link_to_an_address_taken_since_changes_nothing(client, auth, logged_in, db, outbox):
    auth.post("/account/email", {"new_email": "late@example.org", "email_password": PASSWORD})
    link = link_in(next(m for m in outbox if m.to == ["late@example.org"]),
                   "/account/email/confirm/")
    make_user(email="late@example.org")
    client.get(link)
    assert any("Another account uses this address now" in text for text in flashes(client))
    assert db.session.get(User, logged_in.id).email == logged_in.email


def test_a_wrong_password_or_the_same_address_is_a_field_error(client, auth, logged_in, db,
                                                               outbox):
    response = auth.post("/account/email", {"new_email": "new@example.org",
                                            "email_password": "wrong-password-here"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert '<a href="#field-email_password">Your password</a>: Your password is not correct.' \
        in page and 'value="new@example.org"' in page
    response = auth.post("/account/email", {"new_email": logged_in.email.upper(),
                                            "email_password": PASSWORD})
    assert response.status_code == 422
    assert "That is already your email address." in response.get_data(as_text=True)
    response = auth.post("/account/email", {"new_email": "not-an-address",
                                            "email_password": PASSWORD})
    assert "Enter an email address like name@clinic.org." in response.get_data(as_text=True)
    assert outbox == []
    assert factories.profile_of(logged_in) is not None
