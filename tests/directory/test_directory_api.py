"""GET /api/v1/directory: the same search, schema and privacy as the page."""

import pytest

from tests import factories
from tests.factories import block, clinician, connect

ENTRY_FIELDS = {"user_id", "display_name", "pronouns", "discipline", "credentials", "city",
                "region", "region_name", "country", "specialties", "modalities", "populations",
                "languages", "verified", "open_to_consultation", "consultation_topics",
                "profile_url", "standing", "photo_url"}


@pytest.fixture
def people(app):
    return {
        "ana": clinician("Ana Api", discipline="psychologist", specialties=["perinatal"],
                         languages=["es"], verification_status="verified",
                         license_number="PSY-424242", license_jurisdiction="Oregon",
                         bio="Perinatal work."),
        "ben": clinician("Ben Api", specialties=["perinatal"], visibility="connections"),
    }


def test_anonymous_callers_get_401(client):
    response = client.get("/api/v1/directory")
    assert response.status_code == 401
    assert response.get_json()["code"] == 401


def test_a_page_of_whitelisted_entries(client, auth, logged_in, people):
    response = client.get("/api/v1/directory?q=perinatal&language=es&per_page=5")
    assert response.status_code == 200
    body = response.get_json()
    assert {k: body[k] for k in ("page", "per_page", "total", "pages")} == {
        "page": 1, "per_page": 5, "total": 1, "pages": 1}
    (entry,) = body["items"]
    assert set(entry) == ENTRY_FIELDS
    assert entry["display_name"] == "Ana Api"
    assert entry["discipline"] == {"slug": "psychologist", "label": "Psychologist"}
    assert entry["specialties"] == [{"slug": "perinatal", "label": "Perinatal mental health"}]
    assert entry["verified"] is True
    assert entry["profile_url"] == f"/people/{people['ana'].id}"
    assert entry["photo_url"] is None  # no photo: the client draws initials
    assert "424242" not in response.get_data(as_text=True)
    assert client.get("/api/v1/directory?q=424242").get_json()["total"] == 0


def test_pagination_in_the_api(client, auth, logged_in):
    for n in range(3):
        clinician(f"Api Pager {n}", specialties=["sleep"])
    body = client.get("/api/v1/directory?specialty=sleep&per_page=2&page=2").get_json()
    assert (body["total"], body["pages"], [i["display_name"] for i in body["items"]]) == (
        3, 2, ["Api Pager 2"])


def test_privacy_applies_in_the_api(client, auth, people):
    stranger = factories.make_user()
    auth.login(stranger.email)
    names = [i["display_name"] for i in client.get("/api/v1/directory?q=perinatal")
             .get_json()["items"]]
    assert names == ["Ana Api"]
    connect(stranger, people["ben"])
    block(people["ana"], stranger)
    names = [i["display_name"] for i in client.get("/api/v1/directory?q=perinatal")
             .get_json()["items"]]
    assert names == ["Ben Api"]


@pytest.mark.parametrize(("query", "field"), [
    ("per_page=5000", "per_page"), ("page=0", "page"), ("discipline=astrologer", "discipline"),
    ("specialty=nope", "specialty"), ("country=France", "country"), ("event=x", "event"),
    ("event=99999999999", "event"), ("region=...", "region"), ("country=ZZ", "country"),
    ("page=99999999999999999999", "page"), ("event=4.0", "event"),
    # a misspelt filter, or one filter given twice, must not quietly widen the search
    ("specialties=trauma-ptsd", "specialties"), ("Q=trauma", "Q"),
    ("discipline=psychologist&discipline=lcsw", "discipline"), ("q=a&q=b", "q"),
])
def test_bad_query_args_get_422_with_field_errors(client, auth, logged_in, query, field):
    response = client.get(f"/api/v1/directory?{query}")
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == 422
    assert field in body["errors"]["query"]


def test_a_filter_given_two_values_says_so(client, auth, logged_in):
    response = client.get("/api/v1/directory?discipline=psychologist&discipline=lcsw&page=2"
                          "&page=3&region=IL&per_page=999")
    assert response.get_json()["errors"]["query"] == {
        "discipline": ["Give one value for this filter."],
        "page": ["Give one value for this filter."],
        "per_page": ["Show between 1 and 50 people per page."]}


def test_a_filter_repeated_with_the_same_value_is_that_value(client, auth, logged_in):
    response = client.get("/api/v1/directory?discipline=psychologist&discipline=psychologist")
    assert response.status_code == 200


def test_every_bad_query_arg_is_reported_at_once(client, auth, logged_in):
    response = client.get("/api/v1/directory?per_page=5000&discipline=nope&specialty=sleep"
                          "&specialty=nada&page=0")
    assert response.status_code == 422
    body = response.get_json()
    assert (body["code"], body["status"]) == (422, "Unprocessable Entity")
    assert body["message"]
    assert body["errors"] == {"query": {
        "per_page": ["Show between 1 and 50 people per page."],
        "page": ["Choose a page from 1 to 10000."],
        "discipline": ["Unknown discipline: nope. Choose from the list."],
        "specialty": ["Unknown specialty: nada. Choose from the list."],
    }}


def test_the_endpoint_is_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/directory"]["get"]
    params = {p["name"] for p in operation["parameters"]}
    assert {"q", "discipline", "specialty", "modality", "population", "language", "region",
            "country", "event", "consultation", "verified", "page", "per_page"} <= params
    assert "200" in operation["responses"] and "422" in operation["responses"]
