import re

from sqlalchemy import select

from peerlink.connections import blocks
from peerlink.connections import services as connections
from peerlink.connections.models import Block, Connection
from peerlink.extensions import db
from tests.conftest import AuthActions
from tests.factories import PASSWORD, clinician


def login(auth, user):
    response = auth.login(user.email, PASSWORD)
    assert response.status_code == 302


def pending_row(requester, addressee):
    return db.session.scalar(select(Connection).where(
        Connection.requester_id == requester.id, Connection.addressee_id == addressee.id))


def test_pages_need_a_login(client):
    for path in ("/connections", "/people-to-meet"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_people_to_meet_page_shows_reasons_and_connects(client, auth, ana, ben):
    login(auth, ana)
    page = client.get("/people-to-meet").get_data(as_text=True)
    assert "Ben Brooks" in page
    assert "You both work with trauma &amp; PTSD and adolescents; he prescribes." in page
    # The events feature records attendance: the page says it uses it.
    assert "events you attended" in page and "populations in your" in page
    assert 'action="/connections/request"' in page and "Up to 500 characters" in page

    response = auth.post("/connections/request", {"user_id": ben.id, "note": "Hello!",
                                                  "next": "/people-to-meet"},
                         follow_redirects=True)
    assert response.request.path == "/people-to-meet"
    text = response.get_data(as_text=True)
    assert "Your request is on its way to Ben Brooks." in text
    assert f'data-member-id="{ben.id}"' not in text  # asked already: no longer suggested
    assert pending_row(ana, ben).note == "Hello!"


def test_connect_form_needs_csrf(client, auth, ana, ben):
    login(auth, ana)
    response = client.post("/connections/request", data={"user_id": ben.id})
    assert response.status_code == 400
    assert pending_row(ana, ben) is None


def test_a_long_note_redisplays_the_form_with_the_error(client, auth, ana, ben):
    login(auth, ana)
    response = auth.post("/connections/request", {"user_id": ben.id, "note": "y" * 501})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Keep the note to 500 characters or fewer." in text
    assert 'aria-invalid="true"' in text and "y" * 501 in text
    assert pending_row(ana, ben) is None


def test_refusals_come_back_as_a_flash(client, auth, ana, ben):
    login(auth, ana)
    auth.post("/connections/request", {"user_id": ben.id})
    response = auth.post("/connections/request", {"user_id": ben.id}, follow_redirects=True)
    assert response.request.path == "/connections"
    assert "You already asked Ben Brooks" in response.get_data(as_text=True)
    # A blocked member's card is simply not there.
    blocks.block(ben, ana.id)
    assert auth.post("/connections/request", {"user_id": ben.id}).status_code == 404
    # An outside `next` is ignored.
    response = auth.post("/connections/request", {"user_id": 987654, "next": "//evil.example"})
    assert response.status_code == 404


def test_connections_page_accept_decline_withdraw_remove_unblock(client, auth, ana, ben):
    cy = clinician("Cy Carter", discipline="lcsw")
    dee = clinician("Dee Dawson", discipline="psychiatrist")
    from_ben = connections.request_connection(ben, ana.id, "Met at the trauma track")
    from_cy = connections.request_connection(cy, ana.id)
    to_dee = connections.request_connection(ana, dee.id)
    from_ben, from_cy, to_dee = from_ben.id, from_cy.id, to_dee.id
    login(auth, ana)
    page = client.get("/connections").get_data(as_text=True)
    assert "Met at the trauma track" in page
    assert f"/connections/{from_ben}/accept" in page
    assert f"/connections/{to_dee}/withdraw" in page

    accepted = auth.post(f"/connections/{from_ben}/accept", {"next": "/connections"},
                         follow_redirects=True)
    assert "You are now connected with Ben Brooks." in accepted.get_data(as_text=True)
    declined = auth.post(f"/connections/{from_cy}/decline", follow_redirects=True)
    assert "Request declined" in declined.get_data(as_text=True)
    withdrawn = auth.post(f"/connections/{to_dee}/withdraw", follow_redirects=True)
    assert "Request withdrawn." in withdrawn.get_data(as_text=True)
    assert db.session.get(Connection, to_dee) is None
    page = client.get("/connections").get_data(as_text=True)
    assert f"/connections/{from_ben}/remove" in page
    # Removing asks first: the button that does it sits behind "Remove…".
    assert "Remove Ben Brooks from your connections? They are not told" in page
    removed = auth.post(f"/connections/{from_ben}/remove", follow_redirects=True)
    assert "Connection removed." in removed.get_data(as_text=True)
    assert connections.list_connections(ana.id) == []

    blocked = auth.post(f"/connections/block/{cy.id}", follow_redirects=True)
    assert "You blocked Cy Carter." in blocked.get_data(as_text=True)
    assert f"/connections/unblock/{cy.id}" in blocked.get_data(as_text=True)
    unblocked = auth.post(f"/connections/unblock/{cy.id}", follow_redirects=True)
    assert "You unblocked Cy Carter." in unblocked.get_data(as_text=True)
    assert db.session.scalar(select(Block)) is None


def test_a_stranger_cannot_answer_through_the_pages(client, auth, ana, ben):
    cy = clinician("Cy Carter")
    request_id = connections.request_connection(ana, ben.id).id
    login(auth, cy)
    assert auth.post(f"/connections/{request_id}/accept").status_code == 404
    assert auth.post(f"/connections/{request_id}/withdraw").status_code == 404
    auth.logout()
    login(auth, ana)
    assert auth.post(f"/connections/{request_id}/accept").status_code == 403
    assert db.session.get(Connection, request_id).status == "pending"


def test_block_confirmation_page(client, auth, ana, ben):
    connections.accept_request(ben, connections.request_connection(ana, ben.id).id)
    login(auth, ana)
    page = client.get(f"/connections/block/{ben.id}?next=/people/{ben.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Block Ben Brooks?" in text and f'href="/people/{ben.id}"' in text
    response = auth.post(f"/connections/block/{ben.id}")
    assert response.status_code == 302 and response.headers["Location"] == "/connections"
    assert connections.list_connections(ana.id) == []
    assert client.get(f"/people/{ben.id}").status_code == 404
    auth.logout()
    login(auth, ben)
    assert client.get(f"/people/{ana.id}").status_code == 404
    assert client.get(f"/connections/block/{ana.id}").status_code == 404
    assert "Ana Alvarez" not in client.get("/people-to-meet").get_data(as_text=True)
    # Ben may block Ana back; neither the message nor his list shows her card.
    response = auth.post(f"/connections/block/{ana.id}")
    assert response.status_code == 302
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ana Alvarez" not in text and "Licensed professional counselor" not in text
    assert "You blocked A member whose profile you cannot see" not in text
    assert "A member whose profile you cannot see" in text
    assert "You blocked this member." in text
    assert f'href="/people/{ana.id}"' not in text  # no link to a page that answers 404
    response = auth.post(f"/connections/unblock/{ana.id}")
    assert "You unblocked this member." in client.get(response.headers["Location"]).get_data(
        as_text=True)


def test_blocking_yourself_is_explained_on_your_profile(client, auth, ana):
    login(auth, ana)
    for response in (client.get(f"/connections/block/{ana.id}"),
                     auth.post(f"/connections/block/{ana.id}")):
        assert response.status_code == 302
        assert response.headers["Location"] == f"/people/{ana.id}"
    assert "You cannot block yourself." in client.get(f"/people/{ana.id}").get_data(as_text=True)


def profile_page(app, viewer, other) -> str:
    """`other`'s profile page as `viewer` sees it, in a client of their own."""
    client = app.test_client()
    login(AuthActions(client), viewer)
    return client.get(f"/people/{other.id}").get_data(as_text=True)


def states(html: str) -> list[str]:
    return re.findall(r'data-relationship="([a-z_]+)"', html)


def test_profile_page_actions_follow_the_relationship(app, ana, ben):
    html = profile_page(app, ana, ben)
    assert states(html) == ["none"] and 'name="user_id"' in html and "Block Ben Brooks" in html
    assert f'href="/connections/block/{ben.id}?next=/people/{ben.id}"' in html
    connection = connections.request_connection(ana, ben.id)
    html = profile_page(app, ana, ben)
    assert states(html) == ["pending_out"]
    assert f"/connections/{connection.id}/withdraw" in html
    html = profile_page(app, ben, ana)
    assert states(html) == ["pending_in"] and f"/connections/{connection.id}/accept" in html
    connections.accept_request(ben, connection.id)
    assert f"/connections/{connection.id}/remove" in profile_page(app, ana, ben)
    blocks.block(ana, ben.id)
    # A block hides the profiles both ways; unblocking is on the connections page.
    assert "No such member." in profile_page(app, ana, ben)
    assert states(profile_page(app, ana, ana)) == []  # nothing on your own page


def test_nav_links_to_the_pages(client, auth, ana):
    # People to meet is reached from Connections (and Home), not the menu.
    login(auth, ana)
    page = client.get("/connections").get_data(as_text=True)
    assert 'href="/connections">Connections</a>' in page
    assert 'href="/people-to-meet">See people to meet</a>' in page


def test_request_page_with_a_note(client, auth, ana, ben):
    login(auth, ana)
    page = client.get(f"/connections/request/{ben.id}?next=/people/{ben.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Connect with Ben Brooks" in text and 'for="field-note"' in text
    response = auth.post("/connections/request", {"user_id": ben.id, "note": "Hi Ben",
                                                  "next": f"/people/{ben.id}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{ben.id}"
    assert pending_row(ana, ben).note == "Hi Ben"
    blocks.block(ben, ana.id)
    assert client.get(f"/connections/request/{ben.id}").status_code == 404


def test_the_request_page_for_yourself_explains_instead_of_offering_a_form(client, auth, ana):
    login(auth, ana)
    response = client.get(f"/connections/request/{ana.id}")
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{ana.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You cannot connect with yourself." in page
    # Even when the note is too long, the answer is about the member, not the note.
    response = auth.post("/connections/request", {"user_id": ana.id, "note": "x" * 501})
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{ana.id}"


def test_requests_are_rate_limited(app, database_url, ana):
    import uuid

    from peerlink import create_app

    limited = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                          "RATELIMIT_ENABLED": True, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex})
    client = limited.test_client()
    token = client.post("/api/v1/auth/tokens",
                        json={"email": ana.email, "password": PASSWORD}).get_json()["token"]
    statuses = [client.post("/api/v1/connections", json={"user_id": 987654},
                            headers={"Authorization": f"Bearer {token}"}).status_code
                for _ in range(61)]
    with limited.app_context():  # its own engine: close its connections now, not at GC
        db.engine.dispose()
    assert statuses[:60] == [404] * 60 and statuses[60] == 429
