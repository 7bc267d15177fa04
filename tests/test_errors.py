import pytest
from sqlalchemy.exc import OperationalError

from peerlink.errors import PermissionDenied
from tests.factories import bearer


@pytest.fixture
def failing_app(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/forbidden")
    def forbidden():
        raise PermissionDenied()

    @app.get("/database-down")
    @app.get("/api/v1/database-down")
    def database_down():
        raise database_unreachable_error()

    return app


def database_unreachable_error() -> OperationalError:
    return OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def test_an_unreachable_database_is_a_503_page_and_json_with_retry_after(failing_app):
    client = failing_app.test_client()
    page = client.get("/database-down")
    assert page.status_code == 503 and page.headers["Retry-After"] == "5"
    assert "briefly unavailable" in page.get_data(as_text=True)
    api = client.get("/api/v1/database-down")
    assert api.status_code == 503
    assert api.json["code"] == 503 and "cannot reach its database" in api.json["message"]


def test_unknown_page_is_an_html_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "We could not find that page" in response.get_data(as_text=True)


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json() == {"code": 404, "status": "Not Found",
                                   "message": "Not Found"}


def test_accept_json_gets_json_outside_the_api(client):
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    assert response.get_json()["code"] == 404


def test_domain_errors_render_as_pages_and_json(failing_app):
    client = failing_app.test_client()
    page = client.get("/forbidden")
    assert page.status_code == 403 and "You do not have access" in page.get_data(as_text=True)
    body = client.get("/forbidden", headers={"Accept": "application/json"}).get_json()
    assert body == {"code": 403, "status": "Forbidden",
                    "message": "You do not have access to this."}


def test_unexpected_errors_are_a_500_page_that_reveals_nothing(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "Something went wrong on our side" in text and "kaboom" not in text


def test_security_headers(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_field_errors_on_list_items_and_the_whole_list_together_are_json(client, user):
    """Found by the API fuzzer: item 0 too long (key 0) and a control character in the list
    (key "_schema") in one answer was a 500, as JSON cannot sort 0 beside "_schema"."""
    response = client.patch("/api/v1/profiles/me", headers=bearer(client, user),
                            json={"consultation_topics": ["\x1f" + "*" * 80]})
    assert response.status_code == 422
    topics = response.get_json()["errors"]["json"]["consultation_topics"]
    assert topics["0"] == ["Keep each topic under 80 characters."]
    assert "Remove the invisible control characters" in topics["_schema"][0]
