"""Findings of the outside security audit, each pinned by what a client sees."""

from tests.conftest import csrf_token
from tests.factories import bearer

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
