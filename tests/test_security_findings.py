"""Findings of the outside security audit, each pinned by what a client sees."""

import json
import uuid

import pytest

from peerlink import create_app
from peerlink.extensions import db
from peerlink.notifications.services import notify
from peerlink.schemas import MAX_PAGE
from tests.conftest import csrf_token
from tests.factories import bearer, make_user, profile_of, seed_terms

# --- a 405 says which methods the address takes ----------------------------------------------


def test_a_405_from_the_api_names_the_allowed_methods(client, user):
    response = client.put("/api/v1/profiles/me", json={}, headers=bearer(client, user))
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "PATCH"}
    assert response.mimetype == "application/json"
    assert response.get_json() == {"code": 405, "status": "Method Not Allowed",
                                   "message": "Method Not Allowed"}


def test_a_405_page_names_the_allowed_methods(client):
    response = client.delete("/login", headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert response.mimetype == "text/html"
    assert "That action is not available here." in response.get_data(as_text=True)


# --- a bearer header is the request's only credential -----------------------------------------


JUNK = {"Authorization": "Bearer junk"}


@pytest.fixture
def member(app):
    return make_user(name="Ana Ruiz")


@pytest.fixture
def signed_in(client, auth, member):
    """`member` signed in by the session cookie, as a browser is."""
    assert auth.login(member.email).status_code == 302
    return member


def test_a_junk_bearer_token_next_to_a_session_cookie_does_not_skip_csrf_on_the_api(
        client, signed_in):
    response = client.patch("/api/v1/profiles/me", json={"display_name": "Someone Else"},
                            headers=JUNK)
    assert response.status_code == 401
    assert response.get_json() == {"code": 401, "status": "Unauthorized",
                                   "message": "That access token is not valid, or it was "
                                              "revoked."}
    assert profile_of(signed_in).display_name == "Ana Ruiz"


def test_a_junk_bearer_token_next_to_a_session_cookie_does_not_skip_csrf_on_a_form(
        client, signed_in):
    response = client.post("/profile/edit", data={"display_name": "Someone Else"}, headers=JUNK)
    assert response.status_code == 400
    assert "This form has expired or was not sent from PeerLink" in response.get_data(
        as_text=True)
    assert profile_of(signed_in).display_name == "Ana Ruiz"


def test_an_invalid_token_is_nobody_even_for_reading(client, signed_in):
    response = client.get("/api/v1/me", headers=JUNK)
    assert response.status_code == 401 and response.get_json()["code"] == 401
    assert client.get("/api/v1/me").get_json()["id"] == signed_in.id  # the cookie alone works


def test_a_revoked_token_next_to_a_session_cookie_is_refused(client, signed_in):
    headers = bearer(client, signed_in)
    token_id = client.get("/api/v1/auth/tokens", headers=headers).get_json()[0]["id"]
    assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=headers).status_code == 204
    response = client.patch("/api/v1/profiles/me", json={"display_name": "Someone Else"},
                            headers=headers)
    assert response.status_code == 401 and response.get_json()["code"] == 401
    assert profile_of(signed_in).display_name == "Ana Ruiz"


def test_a_valid_token_is_its_own_user_never_the_cookies(client, signed_in):
    other = make_user(name="Ben Okafor")
    headers = bearer(client, other)
    assert client.get("/api/v1/me", headers=headers).get_json()["id"] == other.id
    response = client.patch("/api/v1/profiles/me", json={"display_name": "Ben O."},
                            headers=headers)
    assert response.status_code == 200 and response.get_json()["display_name"] == "Ben O."
    assert profile_of(other).display_name == "Ben O."
    assert profile_of(signed_in).display_name == "Ana Ruiz"


def test_a_socket_with_a_junk_bearer_token_is_nobody_not_the_cookies_user(signed_in,
                                                                          socket_client):
    # One socket per test: the Socket.IO test client shares the test's `g` between sockets.
    assert not socket_client(headers=JUNK).is_connected("/notifications")


def test_a_socket_with_a_valid_token_is_the_tokens_user(client, signed_in, socket_client):
    other = make_user(name="Ben Okafor")
    sc = socket_client(headers=bearer(client, other))
    assert sc.is_connected("/notifications")
    notify(signed_in.id, "connection_accepted", "For Ana")
    notify(other.id, "connection_accepted", "For Ben")
    db.session.commit()
    received = [packet["args"][0]["message"] for packet in sc.get_received("/notifications")
                if packet["name"] == "notification"]
    assert received == ["For Ben"]


# --- writes without any credential are 401, not "form expired" --------------------------------


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/v1/connections", {"user_id": 1}),
    ("patch", "/api/v1/profiles/me", {"display_name": "Someone"}),
    ("delete", "/api/v1/auth/tokens/1", None),
    ("post", "/api/v1/taxonomies/specialties", {"slug": "x", "label": "X"}),
])
def test_an_anonymous_api_write_is_a_401(client, method, path, body):
    response = getattr(client, method)(path, json=body)
    assert response.status_code == 401
    assert response.get_json() == {"code": 401, "status": "Unauthorized",
                                   "message": "Please log in first."}


def test_a_cookie_session_api_write_still_needs_the_csrf_header(client, signed_in):
    response = client.patch("/api/v1/profiles/me", json={"display_name": "Someone Else"})
    assert response.status_code == 400
    assert "csrf_token" in response.get_json()["errors"]
    assert profile_of(signed_in).display_name == "Ana Ruiz"
    response = client.patch("/api/v1/profiles/me", json={"display_name": "Ana R."},
                            headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 200 and profile_of(signed_in).display_name == "Ana R."


# --- who may use an operation is settled before what was sent ---------------------------------


@pytest.fixture
def pending_review(client, member):
    response = client.post("/api/v1/profiles/me/license", headers=bearer(client, member),
                           json={"jurisdiction": "Ohio", "number": "PSY-0042"})
    assert response.status_code == 201
    moderator = bearer(client, make_user(role="moderator"))
    [review] = client.get("/api/v1/license-reviews", headers=moderator).get_json()
    return review["id"]


FORBIDDEN = {"code": 403, "status": "Forbidden", "message": "You do not have access to this."}


@pytest.mark.parametrize("method, path, body", [
    ("post", "/api/v1/taxonomies/specialties", {"slug": "NOT A SLUG"}),
    ("post", "/api/v1/taxonomies/specialties", {"slug": "grief", "label": "Grief"}),
    ("patch", "/api/v1/taxonomies/specialties/trauma-ptsd", {"position": "first"}),
    ("patch", "/api/v1/taxonomies/specialties/trauma-ptsd", {"label": "Renamed"}),
])
def test_a_member_is_refused_taxonomy_changes_whatever_the_body(client, member, method, path,
                                                                body):
    seed_terms()
    response = getattr(client, method)(path, json=body, headers=bearer(client, make_user()))
    assert response.status_code == 403 and response.get_json() == FORBIDDEN
    labels = {t["slug"]: t["label"] for t in client.get(
        "/api/v1/taxonomies/specialties", headers=bearer(client, member)).get_json()}
    assert "grief" not in labels and labels["trauma-ptsd"] != "Renamed"


@pytest.mark.parametrize("body", [{"decision": "maybe"}, {}, {"decision": "verified"}])
def test_a_member_is_refused_a_license_decision_whatever_the_body(client, pending_review, body):
    response = client.post(f"/api/v1/license-reviews/{pending_review}/decision", json=body,
                           headers=bearer(client, make_user()))
    assert response.status_code == 403 and response.get_json() == FORBIDDEN
    moderator = bearer(client, make_user(role="moderator"))
    queue = client.get("/api/v1/license-reviews", headers=moderator).get_json()
    assert [review["status"] for review in queue] == ["pending"]


def test_a_member_is_refused_the_review_queue_whatever_the_query(client, member):
    response = client.get("/api/v1/license-reviews", query_string={"status": "bogus"},
                          headers=bearer(client, member))
    assert response.status_code == 403 and response.get_json() == FORBIDDEN


def test_those_allowed_still_have_their_input_checked(client, pending_review):
    moderator = bearer(client, make_user(role="moderator"))
    response = client.post(f"/api/v1/license-reviews/{pending_review}/decision",
                           json={"decision": "maybe"}, headers=moderator)
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"]["decision"] == ["Choose verified or rejected."]
    admin = bearer(client, make_user(role="admin"))
    response = client.post("/api/v1/taxonomies/specialties", json={"slug": "NOT A SLUG"},
                           headers=admin)
    assert response.status_code == 422
    assert set(response.get_json()["errors"]["json"]) == {"slug", "label"}


def test_anonymous_callers_of_a_moderator_operation_are_told_to_log_in(client, pending_review):
    response = client.post(f"/api/v1/license-reviews/{pending_review}/decision",
                           json={"decision": "maybe"})
    assert response.status_code == 401 and response.get_json()["code"] == 401


# --- invisible characters that reorder or hide text are refused -------------------------------


CONTROL = "Remove the invisible control characters"


@pytest.mark.parametrize("name", ["\u202e", "Ana\u202eziuR", "Ana\x9b31m Ruiz", "Ana\x85",
                                  "\u2066Ana\u2069", "Ana\u202a Ruiz\u202c", "Ana\u2067"])
def test_bidi_overrides_and_c1_controls_are_refused_in_a_name(client, member, name):
    response = client.patch("/api/v1/profiles/me", json={"display_name": name},
                            headers=bearer(client, member))
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert list(errors) == ["display_name"]
    assert any(CONTROL in message for message in errors["display_name"])
    assert profile_of(member).display_name == "Ana Ruiz"


def test_a_bidi_override_is_refused_in_a_license_jurisdiction(client, member):
    response = client.post("/api/v1/profiles/me/license", headers=bearer(client, member),
                           json={"jurisdiction": "Ohio\u202e", "number": "PSY-0042"})
    assert response.status_code == 422
    assert CONTROL in response.get_json()["errors"]["json"]["jurisdiction"][0]
    assert profile_of(member).license_jurisdiction == ""


def test_ordinary_letters_emoji_tabs_and_line_breaks_are_still_welcome(client, member):
    response = client.patch("/api/v1/profiles/me", headers=bearer(client, member), json={
        "display_name": "José Ñúñez 中文 🙂", "bio": "Trauma\tEMDR\nGroups « DBT » ¡sí!"})
    assert response.status_code == 200
    assert profile_of(member).display_name == "José Ñúñez 中文 🙂"
    assert profile_of(member).bio == "Trauma\tEMDR\nGroups « DBT » ¡sí!"


# --- the OpenAPI document says what the server does -------------------------------------------


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method != "parameters":  # the path's own, shared by its operations
                yield f"{method.upper()} {path}", operation


def test_every_page_parameter_documents_the_maximum_the_server_enforces(client, spec, member):
    pages = {name: [p for p in operation.get("parameters", []) if p["name"] == "page"]
             for name, operation in operations(spec)}
    pages = {name: found[0]["schema"] for name, found in pages.items() if found}
    assert {"GET /api/v1/license-reviews", "GET /api/v1/connections", "GET /api/v1/blocks",
            "GET /api/v1/directory"} <= set(pages)
    assert {name: schema.get("maximum") for name, schema in pages.items()} == {
        name: MAX_PAGE for name in pages}
    response = client.get("/api/v1/connections", query_string={"page": MAX_PAGE + 1},
                          headers=bearer(client, member))
    assert response.status_code == 422
    assert response.get_json()["errors"]["query"]["page"] == [
        f"Choose a page from 1 to {MAX_PAGE}."]


def test_x_pagination_is_documented_as_the_json_text_it_is(client, spec, member):
    documented = [operation["responses"]["200"]["headers"]["X-Pagination"]
                  for _, operation in operations(spec)
                  if "X-Pagination" in operation["responses"].get("200", {}).get("headers", {})]
    assert len(documented) >= 4
    for header in documented:
        assert "schema" not in header  # an object schema would mean "total,3,page,1"
        assert header["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/PaginationMetadata"}
    sent = client.get("/api/v1/connections", headers=bearer(client, member)).headers
    metadata = json.loads(sent["X-Pagination"])
    assert metadata == {"total": 0, "total_pages": 0}
    assert set(metadata) <= set(spec["components"]["schemas"]["PaginationMetadata"]["properties"])


def test_every_error_an_operation_answers_is_listed_not_a_catch_all_default(spec):
    for name, operation in operations(spec):
        responses = operation["responses"]
        assert "default" not in responses, name
        assert "401" in responses, name
        if "{" in name:
            assert "404" in responses, name
        if "application/json" in operation.get("requestBody", {}).get("content", {}):
            assert {"400", "415", "422"} <= set(responses), name
        elif "requestBody" in operation:  # an upload
            assert "422" in responses and "415" not in responses, name
        for status, response in responses.items():
            if int(status) >= 400:
                assert response.get("$ref") or _is_error_body(
                    spec, response["content"]["application/json"]["schema"]), (name, status)


def _is_error_body(spec, schema) -> bool:
    """The one error body, or one that adds to it (the PHI guard's `findings`)."""
    ref = schema.get("$ref", "")
    if ref == "#/components/schemas/Error":
        return True
    components = spec["components"]["schemas"]
    found = components.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
    return bool(found) and set(components["Error"]["properties"]) <= set(found)


def test_role_and_conflict_errors_are_documented_where_they_happen(spec):
    paths = spec["paths"]
    assert "403" in paths["/api/v1/license-reviews"]["get"]["responses"]
    assert {"403", "409"} <= set(paths["/api/v1/connections/{connection_id}/accept"]["post"][
        "responses"])
    assert {"404", "409"} <= set(paths["/api/v1/connections"]["post"]["responses"])
    [name] = paths["/api/v1/taxonomies/{name}"]["parameters"]
    assert name["schema"]["enum"] == ["disciplines", "specialties", "modalities",
                                      "populations", "languages", "settings"]


NOTHING_SENT = {"_schema": ["Send at least one field to change."]}


@pytest.mark.parametrize("body", [
    {},  # no body at all
    {"data": "", "content_type": "application/json"},
    {"json": {}},
])
def test_a_profile_patch_without_fields_is_refused(client, member, body):
    response = client.patch("/api/v1/profiles/me", headers=bearer(client, member), **body)
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"json": NOTHING_SENT}


def test_a_term_patch_without_fields_is_refused(client, member):
    seed_terms()
    response = client.patch("/api/v1/taxonomies/specialties/trauma-ptsd", json={},
                            headers=bearer(client, make_user(role="admin")))
    assert response.status_code == 422
    assert response.get_json()["errors"] == {"json": NOTHING_SENT}


def test_the_patch_body_is_documented_as_required(spec):
    for path in ("/api/v1/profiles/me", "/api/v1/taxonomies/{name}/{slug}"):
        assert spec["paths"][path]["patch"]["requestBody"]["required"] is True


# --- error messages quote a short prefix of what was sent, never all of it ----------------------


LONG_FILTERS = {"discipline": "x" * 5000, "specialty": ["y" * 5000, "trauma-" + "z" * 5000],
                "country": "Q" * 5000}


def test_directory_errors_quote_only_a_prefix_of_long_filters(client, member):
    seed_terms()
    response = client.get("/api/v1/directory", query_string=LONG_FILTERS,
                          headers=bearer(client, member))
    assert response.status_code == 422
    errors = response.get_json()["errors"]["query"]
    assert set(errors) == {"discipline", "specialty", "country"}
    assert errors["discipline"] == [f"Unknown discipline: {'x' * 40}…. Choose from the list."]
    assert errors["specialty"] == [
        f"Unknown specialty: {'y' * 40}…, trauma-{'z' * 33}…. Choose from the list."]
    assert all(len(message) < 150 for messages in errors.values() for message in messages)
    assert len(response.get_data()) < 1000


def test_the_directory_page_quotes_only_a_prefix_too(client, auth, member):
    seed_terms()
    auth.login(member.email)
    response = client.get("/directory", query_string=LONG_FILTERS)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Unknown discipline: xxxx" in page
    assert not any(run * 41 in page for run in "xyzQ")


@pytest.mark.parametrize("operation", ["POST /api/v1/auth/tokens", "POST /api/v1/connections"])
def test_rate_limited_operations_document_429_and_retry_after(spec, operation):
    method, path = operation.split()
    too_many = spec["paths"][path][method.lower()]["responses"]["429"]
    assert too_many["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    assert too_many["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    assert "Retry-After" in too_many["description"]


@pytest.fixture
def rate_limited_client(database_url):
    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex})
    yield limited.test_client()
    with limited.app_context():
        db.engine.dispose()


def test_a_429_carries_retry_after(app, rate_limited_client):
    for _ in range(10):
        rate_limited_client.post("/api/v1/auth/tokens",
                                 json={"email": "x@example.org", "password": "nope"})
    response = rate_limited_client.post("/api/v1/auth/tokens",
                                        json={"email": "x@example.org", "password": "nope"})
    assert response.status_code == 429
    assert response.get_json() == {"code": 429, "status": "Too Many Requests",
                                   "message": "Too Many Requests"}
    assert 0 < int(response.headers["Retry-After"]) <= 60
