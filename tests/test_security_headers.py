"""Every GET route in the URL map, as a visitor and as a member: the security headers each
answer carries, no cache keeping what a member sees, and no change to the database on GET or
HEAD (not a row added, removed or changed). A route added later is covered without editing
this file, unless it takes an argument this file cannot fill, and then this test says so."""

import re
import secrets

import pytest
from sqlalchemy import select

from peerlink import create_app
from peerlink.accounts import services as accounts
from peerlink.ce_log.models import CETemplate
from peerlink.config import load_config
from peerlink.extensions import db
from peerlink.groups import invitations
from peerlink.notifications.preferences import unsubscribe_token
from peerlink.profiles.cards import PHOTO_SIZES
from tests.conftest import AuthActions
from tests.factories import (
    PASSWORD,
    add_member,
    attend,
    ce_entry,
    ce_requirement,
    ce_templates,
    chat_message,
    clinician,
    connect,
    direct_room,
    give_certificate,
    give_photo,
    make_consultation,
    make_event,
    make_group,
    make_reply,
    make_session,
    make_thread,
    make_user,
    seed_terms,
    submit_license,
)

# Every argument a GET route takes, and where its value comes from (see `arguments`).
FILLED = {"user_id", "name", "token", "filename", "size", "entry_id", "requirement_id", "key",
          "template_id", "room_id", "event_id", "session_id", "group_id", "thread_id",
          "post_id", "consultation_id"}


@pytest.fixture
def arguments(app, outbox):
    """A value for each route argument, naming something that exists."""
    seed_terms()
    member = make_user(name="Ana Ruiz")
    peer = clinician("Ben Okafor", discipline="psychologist", specialties=["trauma-ptsd"])
    connect(member, peer)
    photo = give_photo(peer)
    submit_license(peer)
    ce_templates()
    entry = ce_entry(member)
    give_certificate(member, entry.key)
    requirement = ce_requirement(member)
    template_id = db.session.scalar(select(CETemplate.id).limit(1))
    organizer = clinician("Olga Organizer", role="organizer")
    event = make_event(organizer, title="Trauma Summit 2026")
    session = make_session(organizer, event)
    attend(member, event, sessions=[session])
    group = make_group(member, name="Trauma-focused therapies", events=[event])
    add_member(group, peer)
    thread = make_thread(group, member)
    reply = make_reply(thread, peer)
    room = direct_room(member, peer)
    chat_message(peer, room, "Are you free on Thursday?")
    consultation = make_consultation(member, peer, state="scheduled")
    with app.test_request_context():  # the links in e-mails name this site
        accounts.send_confirmation(make_user(confirmed=False))
        accounts.request_password_reset(member.email)
        accounts.request_email_change(member, new_email="ana.new@example.org",
                                      password=PASSWORD)
        invitations.invite_by_email(member, group.id, "not.yet@example.org")
    links = " ".join(message.body for message in outbox)

    def mailed(path: str) -> str:
        return re.search(rf"//localhost{path}/(\S+)", links).group(1)

    tokens = {"accounts.confirm_email": mailed("/confirm"),
              "accounts.reset_password": mailed("/password/reset"),
              "accounts.confirm_email_change": mailed("/account/email/confirm"),
              "groups.invitation": mailed("/groups/invitations"),
              "notifications.unsubscribe": unsubscribe_token(member.id, ["connection_request"])}

    def values(rule) -> dict:
        found = {"user_id": peer.id, "name": "specialties", "filename": "css/peerlink.css",
                 "entry_id": entry.id, "requirement_id": requirement.id, "key": entry.key,
                 "template_id": template_id, "room_id": room.id, "event_id": event.id,
                 "session_id": session.id, "group_id": group.id, "thread_id": thread.id,
                 "post_id": reply.id, "consultation_id": consultation.id}
        if "token" in rule.arguments:  # a new kind of link fails here, by its endpoint
            found["token"] = tokens[rule.endpoint]
        if rule.endpoint == "profiles.photo":
            found.update(name=photo, size=PHOTO_SIZES[0])
        return found

    return member, values


def get_rules(app):
    rules = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]
    unfilled = {rule.rule: rule.arguments - FILLED for rule in rules if rule.arguments - FILLED}
    assert not unfilled, f"teach this test a value for these route arguments: {unfilled}"
    return rules


# The writes a GET makes by design. Following the link in a confirmation e-mail confirms the
# address, or the change of address (a GET by necessity: the link is opened from a mail
# client; twice changes nothing more); opening the notifications page reads what it shows.
CHANGES_ON_GET = {"accounts.confirm_email", "accounts.confirm_email_change",
                  "notifications.index"}
# A log, not state: the audit trail records refused requests, GETs included.
LOGS = {"audit_events"}


def database_state() -> dict:
    """Every row of every table but the logs."""
    return {table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables if table.name not in LOGS}


# The same file for everyone, cached as the endpoint says; a member's photo, cached by the
# browser of who may see it and by no shared cache; every other answer is no-store.
FILES = {"static", "main.favicon"}
PRIVATE_FILES = {"profiles.photo"}


def check_headers(rule, path: str, response) -> None:
    headers = response.headers
    policy = dict((directive.split(" ", 1) + [""])[:2] for directive in
                  headers["Content-Security-Policy"].split("; "))
    assert "'unsafe-inline'" not in policy["script-src"], path
    assert "'unsafe-inline'" not in policy["style-src"], path
    assert (policy["object-src"], policy["base-uri"], policy["frame-ancestors"]) == (
        "'none'", "'none'", "'none'"), path
    assert headers["X-Content-Type-Options"] == "nosniff", path
    assert headers["Referrer-Policy"] == "same-origin", path
    assert "Strict-Transport-Security" not in headers, path  # plain HTTP
    if rule.endpoint in PRIVATE_FILES:  # the photo, or the refusal (no-store)
        assert {"private", "no-store"} & set(headers["Cache-Control"].split(", ")), path
    elif rule.endpoint not in FILES:
        assert headers["Cache-Control"] == "no-store", path


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_every_get_route_sends_the_security_headers_and_changes_nothing(app, client, arguments,
                                                                       who):
    member, values = arguments
    if who == "member":
        assert AuthActions(client).login(member.email).status_code == 302
    answered = []
    for rule in get_rules(app):
        path = rule.build({name: values(rule)[name] for name in rule.arguments},
                          append_unknown=False)[1]
        for method in ("GET", "HEAD"):
            before = database_state()
            response = client.open(path, method=method)
            response.close()  # a static file is streamed from disk
            assert response.status_code < 500, (method, path)
            if rule.endpoint not in CHANGES_ON_GET:
                assert database_state() == before, (method, path)
            check_headers(rule, path, response)
            answered.append((response.status_code, path))
    # The pages were shown, not only refused or redirected.
    shown = {path for status, path in answered if status == 200}
    assert {"/", "/password/forgot", "/api/v1/docs", "/healthz", "/static/css/peerlink.css",
            "/api/v1/openapi.json"} <= shown
    if who == "member":
        assert {"/home", "/directory", "/profile/edit", f"/people/{member.id + 1}",
                "/api/v1/me", "/api/v1/connections"} <= shown
        assert any(path.startswith("/photos/") for path in shown)  # a connection's photo


def test_hsts_only_over_https_in_production(production_app):
    client = production_app.test_client()
    assert "Strict-Transport-Security" not in client.get("/", base_url="http://localhost").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.fixture
def production_app(database_url, tmp_path):
    production = load_config(tmp_path, {
        "PEERLINK_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(32),
        "MAIL_URL": "locmem://", "DATABASE_URL": database_url,
        "SERVER_NAME": "peerlink.example.org", "UPLOAD_DIR": str(tmp_path / "uploads")})
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                      **{key: production[key] for key in (
                          "PEERLINK_ENV", "PREFERRED_URL_SCHEME", "SESSION_COOKIE_SECURE",
                          "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE",
                          "REMEMBER_COOKIE_SECURE", "REMEMBER_COOKIE_HTTPONLY",
                          "REMEMBER_COOKIE_SAMESITE")}})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_session_and_remember_cookies_are_httponly_lax_and_secure_in_production(
        app, production_app):
    member = make_user()
    client = production_app.test_client()
    client.environ_base.update({"wsgi.url_scheme": "https",
                                "HTTP_REFERER": "https://localhost/login"})
    response = AuthActions(client).login(member.email, remember="y")
    assert response.status_code == 302
    cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist(
        "Set-Cookie")}
    assert {"session", "remember_token"} <= set(cookies)
    for name in ("session", "remember_token"):
        flags = {flag.strip().lower() for flag in cookies[name].split(";")[1:]}
        assert {"secure", "httponly", "samesite=lax"} <= flags, cookies[name]


def test_static_files_never_carry_the_session_cookie(client, logged_in):
    # A cached static file must not hold a member's cookie, and a late one must not put back
    # a cookie the browser has just dropped; pages keep refreshing it.
    assert client.get("/home").headers.getlist("Set-Cookie")
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200
        assert response.headers.getlist("Set-Cookie") == []
