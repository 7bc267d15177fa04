import pytest
from sqlalchemy import func, select

from peerlink.connections.models import Block, Connection
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from tests.factories import PASSWORD, clinician

ERROR_KEYS = {"code", "status", "message", "errors"}


@pytest.fixture
def members(app):
    return {
        "ana": clinician("Ana Alvarez", discipline="lpc", pronouns="she/her",
                         specialties=["trauma-ptsd"]),
        "ben": clinician("Ben Brooks", discipline="psychiatric-np", pronouns="he/him",
                         specialties=["trauma-ptsd"]),
        "cy": clinician("Cy Carter", discipline="lcsw"),
    }


@pytest.fixture
def api(client):
    """Calls the API with a personal access token for the member named."""
    tokens = {}

    def call(method, path, who, **kwargs):
        if who.email not in tokens:
            response = client.post("/api/v1/auth/tokens",
                                   json={"email": who.email, "password": PASSWORD})
            tokens[who.email] = response.get_json()["token"]
        headers = {"Authorization": f"Bearer {tokens[who.email]}"}
        return getattr(client, method)(path, headers=headers, **kwargs)

    return call


def test_request_accept_and_list(api, members):
    ana, ben = members["ana"], members["ben"]
    created = api("post", "/api/v1/connections", ana,
                  json={"user_id": ben.id, "note": "Trauma track, row 3."})
    assert created.status_code == 201
    body = created.get_json()
    assert body["status"] == "pending" and body["direction"] == "outgoing"
    assert body["member"] == {"id": ben.id, "display_name": "Ben Brooks", "pronouns": "he/him",
                              "discipline": "Psychiatric nurse practitioner",
                              "credentials": "", "verified": False,
                              "profile_url": f"/people/{ben.id}", "photo_url": None}

    incoming = api("get", "/api/v1/connections/requests?direction=incoming", ben)
    assert [r["id"] for r in incoming.get_json()] == [body["id"]]
    assert incoming.get_json()[0]["note"] == "Trauma track, row 3."
    assert incoming.get_json()[0]["member"]["id"] == ana.id
    assert "X-Pagination" in incoming.headers
    paged = api("get", "/api/v1/connections/requests?direction=incoming&page=2&page_size=1",
                ben)
    assert paged.status_code == 200 and paged.get_json() == []
    assert '"total": 1' in paged.headers["X-Pagination"]
    outgoing = api("get", "/api/v1/connections/requests?direction=outgoing", ana)
    assert [r["id"] for r in outgoing.get_json()] == [body["id"]]

    accepted = api("post", f"/api/v1/connections/{body['id']}/accept", ben)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    listed = api("get", "/api/v1/connections", ana).get_json()
    assert [c["member"]["display_name"] for c in listed] == ["Ben Brooks"]
    messages = db.session.scalars(select(Notification.message)
                                  .where(Notification.user_id == ana.id)).all()
    assert messages == ["Ben Brooks accepted your connection request."]


def test_no_email_or_license_number_in_connection_bodies(api, members):
    ana, ben = members["ana"], members["ben"]
    ben.profile.license_number = "LIC-SECRET-42"
    db.session.commit()
    text = api("get", "/api/v1/people-to-meet", ana).get_data(as_text=True)
    assert "Ben Brooks" in text
    assert "LIC-SECRET-42" not in text and ben.email not in text
    api("post", "/api/v1/connections", ana, json={"user_id": ben.id})
    text = api("get", "/api/v1/connections/requests?direction=outgoing", ana).get_data(
        as_text=True)
    assert "Ben Brooks" in text
    assert "LIC-SECRET-42" not in text and ben.email not in text


def test_a_stranger_cannot_accept_decline_or_delete(api, members):
    ana, ben, cy = members["ana"], members["ben"], members["cy"]
    request_id = api("post", "/api/v1/connections", ana, json={"user_id": ben.id}).get_json()["id"]
    for method, path in (("post", f"/api/v1/connections/{request_id}/accept"),
                         ("post", f"/api/v1/connections/{request_id}/decline"),
                         ("delete", f"/api/v1/connections/{request_id}")):
        response = api(method, path, cy)
        assert response.status_code == 404
        assert set(response.get_json()) == {"code", "status", "message"}
    own = api("post", f"/api/v1/connections/{request_id}/accept", ana)
    assert own.status_code == 403
    assert own.get_json()["message"] == "Only the member you asked can accept this request."
    addressee_delete = api("delete", f"/api/v1/connections/{request_id}", ben)
    assert addressee_delete.status_code == 403
    assert db.session.get(Connection, request_id).status == "pending"


def test_decline_withdraw_and_remove(api, members):
    ana, ben = members["ana"], members["ben"]
    first = api("post", "/api/v1/connections", ana, json={"user_id": ben.id}).get_json()["id"]
    assert api("post", f"/api/v1/connections/{first}/decline", ben).status_code == 204
    again = api("post", "/api/v1/connections", ana, json={"user_id": ben.id})
    assert again.status_code == 409
    assert again.get_json()["errors"]["json"]["user_id"][0].startswith(
        "You asked Ben Brooks recently")

    theirs = api("post", "/api/v1/connections", ben, json={"user_id": ana.id}).get_json()["id"]
    assert api("delete", f"/api/v1/connections/{theirs}", ben).status_code == 204  # withdraw
    theirs = api("post", "/api/v1/connections", ben, json={"user_id": ana.id}).get_json()["id"]
    assert api("post", f"/api/v1/connections/{theirs}/accept", ana).status_code == 200
    assert api("delete", f"/api/v1/connections/{theirs}", ana).status_code == 204  # remove
    assert api("get", "/api/v1/connections", ben).get_json() == []


def test_bad_input_names_the_field(api, members):
    ana = members["ana"]
    missing = api("post", "/api/v1/connections", ana, json={"note": "hi"})
    assert missing.status_code == 422
    assert set(missing.get_json()) == ERROR_KEYS
    assert missing.get_json()["errors"]["json"]["user_id"] == ["Fill in this field."]

    long_note = api("post", "/api/v1/connections", ana,
                    json={"user_id": members["ben"].id, "note": "x" * 501})
    assert long_note.status_code == 422
    assert long_note.get_json()["errors"]["json"]["note"] == [
        "Keep the note to 500 characters or fewer."]

    unknown = api("post", "/api/v1/connections", ana, json={"user_id": 987654})
    assert unknown.status_code == 404
    assert unknown.get_json()["message"] == "No such member."

    not_a_number = api("post", "/api/v1/connections", ana, json={"user_id": "abc"})
    assert not_a_number.status_code == 422
    assert "user_id" in not_a_number.get_json()["errors"]["json"]

    ben_id = members["ben"].id
    for rounded in (ben_id + 0.5, float(ben_id), f"{ben_id}.0", "\u0664"):  # never rounded
        answer = api("post", "/api/v1/connections", ana, json={"user_id": rounded})
        assert answer.status_code == 422
        assert answer.get_json()["errors"]["json"]["user_id"] == ["Enter a whole number."]

    myself = api("post", "/api/v1/connections", ana, json={"user_id": ana.id})
    assert myself.status_code == 422
    assert myself.get_json()["errors"]["json"]["user_id"] == ["You cannot connect with yourself."]

    duplicate_ok = api("post", "/api/v1/connections", ana, json={"user_id": members["ben"].id})
    assert duplicate_ok.status_code == 201
    duplicate = api("post", "/api/v1/connections", ana, json={"user_id": members["ben"].id})
    assert duplicate.status_code == 409 and set(duplicate.get_json()) == ERROR_KEYS

    direction = api("get", "/api/v1/connections/requests?direction=sideways", ana)
    assert direction.status_code == 422
    assert "direction" in direction.get_json()["errors"]["query"]

    for path in ("/api/v1/connections", "/api/v1/connections/requests", "/api/v1/blocks"):
        too_far = api("get", f"{path}?page=99999999999999999999", ana)
        assert too_far.status_code == 422, path
        assert too_far.get_json()["errors"]["query"]["page"] == [
            "Choose a page from 1 to 10000."]
    assert api("get", "/api/v1/connections?page=10000", ana).status_code == 200
    assert db.session.scalar(select(func.count()).select_from(Connection)) == 1


def test_blocks(api, members):
    ana, ben = members["ana"], members["ben"]
    request_id = api("post", "/api/v1/connections", ben, json={"user_id": ana.id}).get_json()["id"]
    blocked = api("post", "/api/v1/blocks", ana, json={"user_id": ben.id})
    assert blocked.status_code == 201
    assert blocked.get_json()["member"]["display_name"] == "Ben Brooks"
    assert db.session.get(Connection, request_id) is None
    assert [b["member"]["id"] for b in api("get", "/api/v1/blocks", ana).get_json()] == [ben.id]

    refused = api("post", "/api/v1/connections", ben, json={"user_id": ana.id})
    assert refused.status_code == 404
    assert api("get", f"/api/v1/profiles/{ana.id}", ben).status_code == 404
    assert ana.id not in [r["member"]["id"]
                          for r in api("get", "/api/v1/people-to-meet", ben).get_json()]

    assert api("post", "/api/v1/blocks", ana, json={"user_id": ana.id}).status_code == 422
    assert api("post", "/api/v1/blocks", ana, json={}).status_code == 422
    assert api("post", "/api/v1/blocks", ana, json={"user_id": 987654}).status_code == 404
    assert api("delete", f"/api/v1/blocks/{ben.id}", ana).status_code == 204
    assert api("delete", f"/api/v1/blocks/{ben.id}", ana).status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Block)) == 0


def test_blocking_back_shows_nothing_of_the_member_who_blocked_first(api, members):
    ana, ben = members["ana"], members["ben"]
    assert api("post", "/api/v1/blocks", ana, json={"user_id": ben.id}).status_code == 201
    answer = api("post", "/api/v1/blocks", ben, json={"user_id": ana.id})
    assert answer.status_code == 201  # allowed, and the same answer shape as any block
    listed = api("get", "/api/v1/blocks", ben).get_json()
    for member in (answer.get_json()["member"], listed[0]["member"]):
        assert member == {"id": ana.id, "display_name": "A member whose profile you cannot see",
                          "pronouns": "", "discipline": None, "credentials": "",
                          "verified": False, "profile_url": None, "photo_url": None}
    # Both ways now: Ana sees nothing of Ben either.
    assert api("get", "/api/v1/blocks", ana).get_json()[0]["member"]["display_name"] == \
        "A member whose profile you cannot see"
    # Once Ana lifts her block, Ben's list names her again.
    assert api("delete", f"/api/v1/blocks/{ben.id}", ana).status_code == 204
    assert api("get", "/api/v1/blocks", ben).get_json()[0]["member"]["display_name"] == \
        "Ana Alvarez"


def test_member_cards_are_public_and_show_pronouns_only_of_profiles_open_to_all(api, members):
    """The card is the same for every viewer (it is what room broadcasts carry), so it holds
    pronouns only where the owner shows their full profile to every member: a request must
    not reveal what the profile hides. A connection reads them on the full profile."""
    ana, ben = members["ana"], members["ben"]
    hidden = api("patch", "/api/v1/profiles/me", ben, json={"visibility": "connections"})
    assert hidden.status_code == 200
    assert "pronouns" not in api("get", f"/api/v1/profiles/{ben.id}", ana).get_json()

    sent = api("post", "/api/v1/connections", ana, json={"user_id": ben.id}).get_json()
    outgoing = api("get", "/api/v1/connections/requests?direction=outgoing", ana).get_json()
    assert sent["member"]["pronouns"] == "" == outgoing[0]["member"]["pronouns"]
    # Ana's own profile is open to all members: Ben sees her pronouns on her request.
    incoming = api("get", "/api/v1/connections/requests?direction=incoming", ben).get_json()
    assert incoming[0]["member"]["pronouns"] == "she/her"

    api("post", f"/api/v1/connections/{sent['id']}/accept", ben)
    connected = api("get", "/api/v1/connections", ana).get_json()
    assert connected[0]["member"]["pronouns"] == ""  # the same card as everyone's
    assert api("get", f"/api/v1/profiles/{ben.id}", ana).get_json()["pronouns"] == "he/him"

    api("post", "/api/v1/blocks", ana, json={"user_id": ben.id})
    assert api("get", "/api/v1/blocks", ana).get_json()[0]["member"]["pronouns"] == ""


def test_people_to_meet(api, members):
    body = api("get", "/api/v1/people-to-meet", members["ana"]).get_json()
    assert [r["member"]["display_name"] for r in body] == ["Ben Brooks"]
    assert body[0]["reason"] == "You both work with trauma & PTSD; he prescribes."
    assert body[0]["complementary"] is True
    assert body[0]["shared_specialties"] == ["Trauma & PTSD"]


def test_anonymous_gets_401(client):
    for path in ("/api/v1/connections", "/api/v1/blocks", "/api/v1/people-to-meet"):
        assert client.get(path).status_code == 401


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in ("/api/v1/connections", "/api/v1/connections/requests",
                 "/api/v1/connections/{connection_id}/accept", "/api/v1/blocks",
                 "/api/v1/blocks/{user_id}", "/api/v1/people-to-meet"):
        assert path in paths
