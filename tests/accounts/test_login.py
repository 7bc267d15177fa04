from peerlink.accounts.services import BAD_CREDENTIALS
from tests import factories
from tests.conftest import csrf_token


def test_login_and_logout(client, auth, user):
    response = auth.login(user.email)
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    page = client.get("/account").get_data(as_text=True)
    assert user.email in page
    assert auth.logout().status_code == 302
    assert client.get("/account").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_message(client, auth, user):
    wrong = auth.login(user.email, "not-the-password-at-all")
    unknown = auth.login("nobody@example.org", "not-the-password-at-all")
    assert wrong.status_code == unknown.status_code == 422
    for response in (wrong, unknown):
        assert BAD_CREDENTIALS in response.get_data(as_text=True)
    assert client.get("/account").status_code == 302


def test_login_starts_a_fresh_session(client, auth, user):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login(user.email)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{user.id}:")


def test_next_accepts_only_paths_on_this_site(client, auth, user):
    for target, expected in [("/notifications/", "/notifications/"),
                             ("https://evil.example/", "/home"),
                             ("//evil.example/", "/home"),
                             ("/\\evil.example", "/home"),
                             ("javascript:alert(1)", "/home")]:
        response = auth.login(user.email, next=target)
        assert response.headers["Location"] == expected, target
        auth.logout()


def test_protected_page_redirects_to_login_with_next(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account"


def test_remember_me_sets_a_short_lived_http_only_cookie(client, auth, user):
    response = auth.login(user.email, remember="on")
    cookie = next(value for value in response.headers.getlist("Set-Cookie")
                  if value.startswith("remember_token="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Expires=" in cookie


def test_without_remember_me_there_is_no_remember_cookie(client, auth, user):
    response = auth.login(user.email)
    assert not any(v.startswith("remember_token=") for v in response.headers.getlist("Set-Cookie"))


def test_login_without_csrf_token_is_refused(client, user):
    response = client.post("/login", data={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_logout_needs_csrf(client, auth, user):
    auth.login(user.email)
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf_token(client)}).status_code == 302
