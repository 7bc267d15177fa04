"""Rate limits on every kind of posting, search and sign-in: one counter for the page and the
API operation that do the same thing, per member once logged in (per client address before),
and a 429 with Retry-After: JSON from the API, the error page from a page."""

import io
import uuid

import pytest

from peerlink import create_app
from peerlink.accounts import services as accounts
from peerlink.connections import services as connections
from peerlink.directory import search
from peerlink.extensions import db
from peerlink.profiles import photos
from peerlink.profiles import services as profiles
from tests.conftest import AuthActions
from tests.factories import PASSWORD, bearer, image_bytes, make_user, seed_terms


@pytest.fixture
def limited(app, database_url, upload_dir):
    """An app with rate limits on, created after `app` (the limiter follows the last app)."""
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "UPLOAD_DIR": str(upload_dir),
                          "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex})
    yield limited
    with limited.app_context():
        db.engine.dispose()


def a_photo() -> dict:
    return {"photo": (io.BytesIO(image_bytes()), "me.jpg")}


# limit, the API call (a JSON body, or a function giving a multipart form), the page's
# request (path, form or None for a GET)
MEMBER_LIMITS = {
    "profile edits": (profiles.PROFILE_EDITS, ("patch", "/api/v1/profiles/me",
                                               {"pronouns": "she/her"}),
                      ("/profile/edit", {"display_name": "Ana Ruiz"})),
    "license submissions": (profiles.LICENSE_SUBMISSIONS,
                            ("post", "/api/v1/profiles/me/license",
                             {"jurisdiction": "Ohio", "number": "PSY-1"}),
                            ("/profile/license", {"jurisdiction": "Ohio", "number": "PSY-1"})),
    "photo uploads": (photos.UPLOADS, ("put", "/api/v1/profiles/me/photo", a_photo),
                      ("/profile/photo", a_photo)),
    "directory searches": (search.SEARCHES, ("get", "/api/v1/directory", None),
                           ("/directory?q=trauma", None)),
    "connection requests": (connections.REQUESTS, ("post", "/api/v1/connections",
                                                   {"user_id": 987654}),
                            ("/connections/request", {"user_id": "987654"})),
}


def allowed(limit) -> int:
    """The first (shortest) window's allowance: "30 per minute; 300 per day" -> 30."""
    return int(limit.rate.split()[0])


def page_request(auth, client, path, form):
    if form is None:
        return client.get(path)
    return auth.post(path, form() if callable(form) else form)


def api_request(api, method, path, body, headers):
    sent = {"data": body()} if callable(body) else {"json": body}
    return getattr(api, method)(path, headers=headers, **sent)


def check_429(response, html: bool):
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    if html:
        assert response.mimetype == "text/html"
        assert "Too many attempts in a short time" in response.get_data(as_text=True)
    else:
        assert response.get_json()["code"] == 429


@pytest.mark.parametrize("name", MEMBER_LIMITS)
def test_pages_and_api_share_one_limit_per_member(limited, name):
    seed_terms()
    limit, (method, api_path, body), (page_path, form) = MEMBER_LIMITS[name]
    member = make_user(name="Ana Ruiz")
    client = limited.test_client()
    auth = AuthActions(client)
    assert auth.login(member.email).status_code == 302  # the page's session
    api = limited.test_client()
    headers = bearer(api, member)  # the same member, through the API
    statuses = []
    for n in range(allowed(limit)):  # alternately, one counter
        response = (api_request(api, method, api_path, body, headers) if n % 2
                    else page_request(auth, client, page_path, form))
        statuses.append(response.status_code)
    assert 429 not in statuses, statuses
    check_429(api_request(api, method, api_path, body, headers), html=False)
    check_429(page_request(auth, client, page_path, form), html=True)
    # Another member, from the same address, has a counter of their own.
    other = bearer(api, make_user())
    assert api_request(api, method, api_path, body, other).status_code != 429


@pytest.mark.parametrize("limit, path, form", [
    # A new e-mail address each time: failures for one address are held up sooner (lockout).
    (accounts.LOGINS, "/login", {"email": "x{n}@example.org", "password": "wrong-password"}),
    (accounts.REGISTRATIONS, "/register", {"name": "X", "email": "not-an-email"}),
    (accounts.RESET_REQUESTS, "/password/forgot", {"email": "x{n}@example.org"}),
])
def test_sign_in_pages_are_limited_per_address(limited, limit, path, form):
    client = limited.test_client()
    auth = AuthActions(client)

    def attempt(n):
        return auth.post(path, {key: value.format(n=n) for key, value in form.items()})

    statuses = [attempt(n).status_code for n in range(allowed(limit))]
    assert 429 not in statuses
    check_429(attempt(-1), html=True)
    client.environ_base["REMOTE_ADDR"] = "10.9.8.7"  # another address is not held up
    assert attempt(-2).status_code != 429


def test_the_current_password_cannot_be_guessed_from_an_open_session(limited):
    member = make_user()
    client = limited.test_client()
    auth = AuthActions(client)
    auth.login(member.email)
    for n in range(allowed(accounts.PASSWORD_CHECKS)):
        response = (auth.post("/account/delete", {"password": f"guess-{n}"}) if n % 2 else
                    auth.post("/account/password", {"current_password": f"guess-{n}",
                                                     "new_password": "a-new-long-passphrase"}))
        assert response.status_code == 422
    check_429(auth.post("/account/delete", {"password": PASSWORD}), html=True)
    assert client.get("/account").status_code == 200  # still there


def test_token_creation_shares_the_login_limit(limited):
    member = make_user()
    client = limited.test_client()
    auth = AuthActions(client)
    for n in range(allowed(accounts.LOGINS)):
        assert (auth.login(member.email) if n % 2 else client.post(
            "/api/v1/auth/tokens", json={"email": member.email, "password": PASSWORD})
        ).status_code in (201, 302)
        auth.logout()
    check_429(client.post("/api/v1/auth/tokens",
                          json={"email": member.email, "password": PASSWORD}), html=False)


@pytest.mark.parametrize("proxies, separate", [(0, False), (1, True)])
def test_the_client_address_comes_from_the_proxy_only_when_trusted(app, database_url, proxies,
                                                                   separate):
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://",
                          "PROXY_FIX_X_FOR": proxies})
    client = limited.test_client()
    auth = AuthActions(client)

    def attempt(n, forwarded_for):  # nginx on this host, forwarding for the client
        return auth.post("/password/forgot", {"email": f"x{n}@example.org"},
                         headers={"X-Forwarded-For": forwarded_for})

    for n in range(allowed(accounts.RESET_REQUESTS)):
        assert attempt(n, "203.0.113.7").status_code == 302
    assert attempt(-1, "203.0.113.7").status_code == 429
    # Another client behind the same proxy; untrusted, the header is only a forgery.
    assert (attempt(-2, "198.51.100.9").status_code != 429) is separate
    with limited.app_context():
        db.engine.dispose()
