"""An id past what the database holds names nobody: 404 or a field error, never a 500."""

import pytest

from tests.factories import bearer

BIG = 10**30


@pytest.mark.parametrize("path", [f"/people/{BIG}", f"/connections/request/{BIG}",
                                  f"/people/{2**31}"])
def test_pages_answer_404(client, auth, logged_in, path):
    response = client.get(path)
    assert response.status_code == 404


def test_the_api_answers_404_or_a_field_error(client, user):
    headers = bearer(client, user)
    assert client.get(f"/api/v1/profiles/{BIG}", headers=headers).status_code == 404
    assert client.delete(f"/api/v1/blocks/{BIG}", headers=headers).status_code == 404
    for path in ("/api/v1/connections", "/api/v1/blocks"):
        response = client.post(path, json={"user_id": BIG}, headers=headers)
        assert response.status_code == 422, response.get_json()
        assert "user_id" in response.get_json()["errors"]["json"]


def test_the_connection_form_says_to_choose_a_member(client, auth, logged_in):
    # As for any unusable member id: back to the page, with a message.
    response = auth.post("/connections/request", {"user_id": str(BIG), "note": ""})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Choose a member to connect with." in page
