"""The chat page, the navigation's unread count and the profile's Message button."""

from sqlalchemy import func, select

from peerlink.chat.models import Message
from peerlink.extensions import db
from tests import factories


def test_the_page_lists_rooms_with_unread_counts_and_shows_text_safely(client, auth, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    factories.chat_message(ben, room, "Read https://example.org/guide <script>alert(1)</script>",
                           confirm_deidentified=True)  # a web address: the PHI guard asks
    auth.login(ana.email)
    page = client.get("/chat").get_data(as_text=True)
    assert "Ben Brook" in page and f'href="/chat/{room.id}"' in page
    assert 'data-room-unread >1<' in page.replace("\n", "") or 'data-room-unread>1<' in page
    assert 'data-chat-unread >1<' in page or 'data-chat-unread>1<' in page
    opened = client.get(f"/chat/{room.id}").get_data(as_text=True)
    assert '<a href="https://example.org/guide"' in opened
    assert "<script>alert" not in opened and "&lt;script&gt;" in opened
    assert 'aria-live="polite"' in opened and "js/chat.js" in opened


def test_a_stranger_gets_404_on_the_room_page_and_cannot_post(client, auth, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    factories.chat_message(ana, room, "Private plans")
    auth.login(factories.clinician("Eve Eaves").email)
    assert client.get(f"/chat/{room.id}").status_code == 404
    response = auth.post(f"/chat/{room.id}", {"body": "Hi", "client_id": "e"})
    assert response.status_code == 404 and "Private" not in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1


def test_the_form_sends_once_and_refuses_an_empty_message(client, auth, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    auth.login(ana.email)
    for _ in range(2):  # a resubmitted form carries the same client_id
        sent = auth.post(f"/chat/{room.id}", {"body": "Hello from the form", "client_id": "f1"})
        assert sent.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Message)) == 1
    empty = auth.post(f"/chat/{room.id}", {"body": " ", "client_id": "f2"})
    assert empty.status_code == 422 and 'aria-invalid="true"' in empty.get_data(as_text=True)


def test_message_button_on_a_connected_profile_only(client, auth, app):
    ana, ben, cy = (factories.clinician(name) for name in ("Ana Ames", "Ben Brook", "Cy Cole"))
    factories.connect(ana, ben)
    auth.login(ana.email)
    assert f'action="/chat/with/{ben.id}"' in client.get(f"/people/{ben.id}").get_data(as_text=True)
    assert "/chat/with/" not in client.get(f"/people/{cy.id}").get_data(as_text=True)
    started = auth.post(f"/chat/with/{ben.id}")
    assert started.status_code == 302 and "/chat/" in started.headers["Location"]
    assert auth.post(f"/chat/with/{cy.id}").status_code == 403


def test_the_room_page_hides_the_enter_hint_without_javascript_and_names_the_zone(
        client, auth, app):
    ana = factories.clinician("Ana Ames", timezone="America/Chicago")
    room = factories.direct_room(ana, factories.clinician("Ben Brook"))
    auth.login(ana.email)
    page = client.get(f"/chat/{room.id}").get_data(as_text=True)
    # Only chat.js makes Enter send: the page says so only once the script shows the hint.
    assert "<span data-enter-hint hidden>Enter sends" in page
    assert 'data-time-zone="America/Chicago"' in page and "data-may-post" in page


def test_a_large_room_lists_its_members_folded_under_their_number(client, auth, app):
    """A room of many (a group's, an event's lounge) folds its member list under "N
    members", still one item per member (presence marks each); a small room lists them."""
    from peerlink.chat import services as chat
    from peerlink.chat.views import MEMBERS_LISTED_OPEN
    from peerlink.groups.rooms import GROUP_ROOM

    owner = factories.clinician("Olga Owner")
    group = factories.make_group(owner)
    others = factories.many_members(MEMBERS_LISTED_OPEN + 1)
    factories.add_members(group, others)
    room = chat.owned_room(GROUP_ROOM, group.id)
    auth.login(owner.email)
    page = client.get(f"/chat/{room.id}").get_data(as_text=True)
    count = len(others)  # the viewer is not listed among the others
    assert f"<summary>{count} members</summary>" in page
    assert page.count('<li data-member="') == count
    small = factories.direct_room(owner, factories.clinician("Ben Brook"))
    page = client.get(f"/chat/{small.id}").get_data(as_text=True)
    assert "chat-members-folded" not in page and page.count('<li data-member="') == 1
