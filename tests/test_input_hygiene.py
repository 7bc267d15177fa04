"""Text no database can store, and bodies sent in the wrong format, are refused up front.

Runs on both backends: on PostgreSQL a NUL byte used to reach the driver and answer 500.
"""

import pytest

from tests.factories import bearer, make_user, profile_of, seed_terms

CONTROL = "Remove the invisible control characters"


@pytest.fixture
def member(app):
    seed_terms()
    return make_user(name="Ana Ruiz")


@pytest.mark.parametrize("body, field", [
    ({"display_name": "Ana\x00 Ruiz"}, "display_name"),
    ({"bio": "Perinatal\x1b[31m psychiatry"}, "bio"),
    ({"consultation_topics": ["Sleep", "Grief\x00"]}, "consultation_topics"),
    ({"city": "Tucson\ud800"}, "city"),  # a lone surrogate: no driver can encode it
])
def test_the_api_names_the_field_holding_control_characters(client, member, body, field):
    response = client.patch("/api/v1/profiles/me", json=body, headers=bearer(client, member))
    assert response.status_code == 422
    assert CONTROL in response.get_json()["errors"]["json"][field][0]
    assert profile_of(member).display_name == "Ana Ruiz"


def test_every_wrong_field_is_named_at_once(client, member):
    response = client.patch("/api/v1/profiles/me", headers=bearer(client, member), json={
        "display_name": "A\x00", "visibility": "everyone", "pronouns": "x" * 41 + "\x07"})
    errors = response.get_json()["errors"]["json"]
    assert set(errors) == {"display_name", "visibility", "pronouns"}
    assert CONTROL in errors["pronouns"][-1] and "40 characters" in errors["pronouns"][0]


def test_tabs_and_line_breaks_are_ordinary_text(client, member):
    response = client.patch("/api/v1/profiles/me", headers=bearer(client, member),
                            json={"bio": "Trauma\tEMDR\r\nGroups\nDBT"})
    assert response.status_code == 200
    assert profile_of(member).bio == "Trauma\tEMDR\r\nGroups\nDBT"


def test_the_profile_form_re_renders_with_the_message_and_saves_nothing(client, auth, member):
    auth.login(member.email)
    response = auth.post("/profile/edit", {"display_name": "Ana Ruiz",
                                           "bio": "Line one\x00 line two"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and CONTROL in page
    assert "Line one" in page  # what was typed is kept
    assert profile_of(member).bio == ""


def test_a_connection_note_and_a_directory_search_are_checked_too(client, member):
    other = make_user()
    headers = bearer(client, member)
    response = client.post("/api/v1/connections", headers=headers,
                           json={"user_id": other.id, "note": "Hello\x00"})
    assert response.status_code == 422 and "note" in response.get_json()["errors"]["json"]
    response = client.get("/api/v1/directory", headers=headers, query_string={"q": "grief\x00"})
    assert response.status_code == 422 and "q" in response.get_json()["errors"]["query"]


def test_a_path_segment_with_a_control_character_names_nothing(client, member):
    admin = make_user(role="admin")
    response = client.patch("/api/v1/taxonomies/specialties/trauma%00ptsd",
                            headers=bearer(client, admin), json={"label": "Trauma"})
    assert response.status_code == 404 and response.get_json()["code"] == 404


@pytest.mark.parametrize("content_type, body", [
    ("text/plain", '{"display_name": "Someone Else"}'),
    ("application/x-www-form-urlencoded", "display_name=Someone+Else"),
])
def test_a_body_that_is_not_json_is_refused_not_ignored(client, member, content_type, body):
    response = client.patch("/api/v1/profiles/me", data=body, headers={
        **bearer(client, member), "Content-Type": content_type})
    assert response.status_code == 415
    payload = response.get_json()
    assert payload["code"] == 415 and "application/json" in payload["message"]
    assert content_type in payload["errors"]["json"]["_schema"][0]
    assert profile_of(member).display_name == "Ana Ruiz"


def test_a_form_body_is_refused_from_a_browser_session_too(client, auth, member):
    """CSRF protection reads the form before the API does: the body must still count."""
    from tests.conftest import csrf_token

    auth.login(member.email)
    response = client.patch("/api/v1/profiles/me", data={"display_name": "Someone Else"},
                            headers={"X-CSRFToken": csrf_token(client)})
    assert response.status_code == 415
    assert profile_of(member).display_name == "Ana Ruiz"


def test_a_number_too_long_to_read_is_a_400(client, member):
    response = client.post("/api/v1/connections", data='{"user_id": ' + "9" * 5000 + "}",
                           headers={**bearer(client, member), "Content-Type": "application/json"})
    assert response.status_code == 400
    assert "number is too long" in response.get_json()["errors"]["json"][0]


def test_a_line_error_and_a_control_character_in_one_list_read_as_sentences(client, auth,
                                                                             member):
    auth.login(member.email)
    response = auth.post("/profile/edit", {"display_name": "Ana Ruiz",
                                           "consultation_topics": "a" * 81 + "\nSleep\x01"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Keep each topic under 80 characters (line 1)." in page and CONTROL in page


def test_an_empty_json_patch_is_read_as_json_and_asks_for_a_field(client, member):
    response = client.patch("/api/v1/profiles/me", json={}, headers=bearer(client, member))
    assert response.status_code == 422  # not 415: {} is JSON; it just changes nothing
    assert response.get_json()["errors"]["json"] == {
        "_schema": ["Send at least one field to change."]}


def test_json_nested_past_what_the_decoder_reads_is_a_400(client, member):
    response = client.patch("/api/v1/profiles/me", data="[" * 100_000, headers={
        **bearer(client, member), "Content-Type": "application/json"})
    assert response.status_code == 400
    assert "nested too deeply" in response.get_json()["errors"]["json"][0]


@pytest.mark.parametrize("name", ["\u200b", "---", "  \u2063 "])
def test_a_name_needs_letters(client, member, name):
    response = client.patch("/api/v1/profiles/me", json={"display_name": name},
                            headers=bearer(client, member))
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"]["display_name"] == [
        "Use letters in the name, not only spaces or symbols."]


def test_names_in_any_script_are_welcome(client, member):
    response = client.patch("/api/v1/profiles/me", json={"display_name": "Nguyễn Thị Mai 阮"},
                            headers=bearer(client, member))
    assert response.status_code == 200


def test_messages_speak_in_one_tone_on_pages_and_api(client, auth, logged_in):
    """marshmallow's stock wording ("Length must be between…", "Missing data for required
    field.", "Not a valid integer.") never reaches a member."""
    headers = bearer(client, logged_in)
    bodies = [
        client.post("/api/v1/connections", json={}, headers=headers).get_data(as_text=True),
        client.post("/api/v1/connections", json={"user_id": "x", "extra": 1},
                    headers=headers).get_data(as_text=True),
        client.patch("/api/v1/profiles/me", json={"credentials": "x" * 500},
                     headers=headers).get_data(as_text=True),
        auth.post("/profile/license", {"jurisdiction": "", "number": ""}).get_data(as_text=True),
    ]
    for body in bodies:
        for stock in ("Length must be", "Missing data for required field", "Not a valid",
                      "Unknown field", "Must be one of", "greater than or equal"):
            assert stock not in body
    assert "Fill in this field." in bodies[0] and "Enter a whole number." in bodies[1]
    assert "This is not a field it takes." in bodies[1]
