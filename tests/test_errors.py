import pytest

from peerlink.errors import PermissionDenied


@pytest.fixture
def failing_app(app):
    @app.get("/boom")
    def boom():
        raise RuntimeError("kaboom")

    @app.get("/forbidden")
    def forbidden():
        raise PermissionDenied()

    return app


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
