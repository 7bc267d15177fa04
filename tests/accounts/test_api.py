from tests import factories
from tests.conftest import csrf_token


def create_token(client, email, password=factories.PASSWORD, name="my script"):
    return client.post("/api/v1/auth/tokens", json={"email": email, "password": password,
                                                    "name": name})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_token_authenticates_api_calls(client, user):
    response = create_token(client, user.email)
    assert response.status_code == 201
    body = response.get_json()
    assert body["token"].startswith("plk_") and body["name"] == "my script"
    me = client.get("/api/v1/me", headers=bearer(body["token"]))
    assert me.status_code == 200
    assert me.get_json() == {"id": user.id, "name": user.name, "email": user.email,
                             "role": "member", "email_confirmed": True,
                             "created_at": me.get_json()["created_at"]}


def test_wrong_credentials_get_the_error_body(client, user):
    response = create_token(client, user.email, password="not-the-password")
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == 422 and body["status"] == "Unprocessable Entity"
    assert body["message"] == "That email and password do not match an account."
    assert "password" in body["errors"]["json"]


def test_schema_errors_name_the_field(client):
    response = client.post("/api/v1/auth/tokens", json={"email": "x@example.org"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["errors"]["json"]["password"] == ["Fill in this field."]
    assert set(body) == {"code", "status", "message", "errors"}


def test_tokens_are_listed_and_revoked(client, user):
    first = create_token(client, user.email, name="first").get_json()
    second = create_token(client, user.email, name="second").get_json()
    listed = client.get("/api/v1/auth/tokens", headers=bearer(first["token"])).get_json()
    assert [t["name"] for t in listed] == ["second", "first"]
    assert all("token" not in t for t in listed)

    # A bearer-authenticated write needs no CSRF token.
    response = client.delete(f"/api/v1/auth/tokens/{second['id']}", headers=bearer(first["token"]))
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=bearer(second["token"])).status_code == 401
    assert client.get("/api/v1/me", headers=bearer(first["token"])).status_code == 200


def test_cannot_revoke_someone_elses_token(client, user):
    other = factories.make_user()
    theirs = create_token(client, other.email).get_json()
    mine = create_token(client, user.email).get_json()
    response = client.delete(f"/api/v1/auth/tokens/{theirs['id']}", headers=bearer(mine["token"]))
    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=bearer(theirs["token"])).status_code == 200


def test_anonymous_api_call_gets_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["code"] == 401
    assert client.get("/api/v1/me", headers=bearer("plk_made_up")).status_code == 401


def test_browser_json_writes_need_the_csrf_header(client, auth, logged_in):
    token = create_token(client, logged_in.email).get_json()
    response = client.delete(f"/api/v1/auth/tokens/{token['id']}")
    assert response.status_code == 400
    assert "csrf_token" in response.get_json()["errors"]
    response = client.delete(f"/api/v1/auth/tokens/{token['id']}",
                             headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 204


def test_session_can_read_the_api(client, logged_in):
    assert client.get("/api/v1/me").get_json()["email"] == logged_in.email


def test_openapi_document_and_reference_page(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["info"]["title"] == "PeerLink API"
    assert "/api/v1/auth/tokens" in spec["paths"]
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "https://" not in page.split("<footer")[0].split("<main")[0]
