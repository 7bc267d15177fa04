"""Two members in two browsers chat in a direct conversation: each sees the other online
and typing; one drops off the network, messages are sent meanwhile (by both), and after
reconnecting each has them all, in order, stored once."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from peerlink.chat.models import Message, Room
from peerlink.extensions import db
from tests import factories
from tests.e2e.accessibility import accessibility_violations
from tests.e2e.actions import log_in

pytestmark = pytest.mark.e2e


def bodies(page):
    return page.locator("[data-messages] li:not(.pending) .message-body")


def test_two_members_chat_through_a_network_drop(page, browser, live_server, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    factories.chat_message(ana, room, "Welcome to our thread")
    other = browser.new_context(base_url=live_server)
    ben_page = other.new_page()
    ben_page.set_default_timeout(10_000)
    try:
        log_in(page, ana.email)
        log_in(ben_page, ben.email)
        expect(ben_page.locator("[data-chat-unread]")).to_have_text("1 unread")
        page.goto(f"/chat/{room.id}")
        ben_page.goto("/chat")
        ben_page.get_by_role("link", name="Ana Ames").click()
        expect(ben_page.get_by_role("heading", name="Ana Ames")).to_be_visible()

        # Online, both ways.
        expect(page.locator(f'[data-member="{ben.id}"] [data-presence]')).to_be_visible()
        expect(ben_page.locator(f'[data-member="{ana.id}"] [data-presence]')).to_be_visible()

        # Typing, then Enter sends; Shift+Enter makes a new line.
        box = page.get_by_label("Message", exact=True)
        box.press_sequentially("Hello")
        expect(ben_page.locator("[data-typing]")).to_have_text("Ana Ames is typing…")
        box.press("Shift+Enter")
        box.press_sequentially("Ben")
        box.press("Enter")
        expect(bodies(ben_page).last).to_contain_text("Hello")
        expect(bodies(ben_page).last).to_contain_text("Ben")
        expect(ben_page.locator("[data-announcer]")).to_contain_text("Ana Ames: Hello")

        # Ben drops off the network; both write meanwhile.
        other.set_offline(True)
        expect(ben_page.locator("[data-connection-state]")).to_contain_text("Offline")
        for text in ("First while you were away", "Second while you were away"):
            box.fill(text)
            box.press("Enter")
            expect(bodies(page).last).to_have_text(text)
        ben_box = ben_page.get_by_label("Message", exact=True)
        ben_box.fill("Written offline")
        ben_box.press("Enter")
        expect(ben_page.locator("[data-messages] li.pending")).to_have_count(1)

        other.set_offline(False)
        expect(ben_page.locator("[data-messages] li.pending")).to_have_count(0)
        expected = ["Welcome to our thread", "Hello\nBen", "First while you were away",
                    "Second while you were away", "Written offline"]
        expect(bodies(ben_page)).to_have_count(len(expected))
        assert [text.strip() for text in bodies(ben_page).all_inner_texts()] == expected
        expect(bodies(page)).to_have_count(len(expected))
        assert [text.strip() for text in bodies(page).all_inner_texts()] == expected
        db.session.expire_all()
        stored = db.session.scalars(select(Message.body).order_by(Message.id)).all()
        assert stored == ["Welcome to our thread", "Hello\nBen", "First while you were away",
                          "Second while you were away", "Written offline"]
    finally:
        other.close()


def test_a_member_edits_and_deletes_their_own_message(page, browser, live_server, app):
    """Edit in place (Enter saves) and Delete (after confirming) on one's own message; the
    other member's page shows it edited, then deleted, live; times of live messages read as
    the server writes them, in each member's zone."""
    import re

    ana = factories.clinician("Ana Ames", timezone="America/Chicago")
    ben = factories.clinician("Ben Brook", timezone="Europe/London")
    room = factories.direct_room(ana, ben)
    factories.chat_message(ben, room, "Not yours to edit")
    other = browser.new_context(base_url=live_server)
    ben_page = other.new_page()
    ben_page.set_default_timeout(10_000)
    try:
        log_in(page, ana.email)
        log_in(ben_page, ben.email)
        page.goto(f"/chat/{room.id}")
        ben_page.goto(f"/chat/{room.id}")
        expect(page.locator(f'[data-member="{ben.id}"] [data-presence]')).to_be_visible()
        expect(page.locator(".hint", has_text="Enter sends")).to_be_visible()
        # Someone else's message has no Edit or Delete (nobody moderates a direct room).
        expect(page.get_by_role("button", name="Edit your message")).to_have_count(0)

        box = page.get_by_label("Message", exact=True)
        box.fill("See you at *noon*")
        box.press("Enter")
        theirs = ben_page.locator("[data-messages] li").last
        expect(theirs.locator(".message-body")).to_have_text("See you at noon")
        # The live message's time is written like the page's own: "1 Dec 2026, 05:43 GMT".
        written = r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} \S+"
        expect(theirs.locator("time")).to_have_text(re.compile(written))
        expect(page.locator("[data-messages] li").last.locator("time")).to_have_text(
            re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} CST"))
        expect(ben_page.locator("[data-messages] li").first.locator("time")).to_have_text(
            re.compile(written))

        # Edit: the body becomes a box with the text as written; Escape cancels.
        mine = page.locator("[data-messages] li.mine").last
        mine.get_by_role("button", name="Edit your message").click()
        editor = mine.get_by_role("textbox", name="Edit your message")
        expect(editor).to_be_focused()
        expect(editor).to_have_value("See you at *noon*")
        editor.press("Escape")
        expect(mine.locator(".message-body")).to_have_text("See you at noon")
        mine.get_by_role("button", name="Edit your message").press("Enter")
        editor = mine.get_by_role("textbox", name="Edit your message")
        assert accessibility_violations(page) == []
        editor.fill("See you at one")
        editor.press("Shift+Enter")
        editor.press_sequentially("in room 4")
        editor.press("Enter")
        expect(mine.locator(".message-body")).to_contain_text("in room 4")
        expect(mine.locator(".edited")).to_have_text("(edited)")
        expect(theirs.locator(".message-body")).to_contain_text("See you at one")
        expect(theirs.locator(".edited")).to_have_text("(edited)")

        # An edit the PHI guard flags is held back with its marks, as a send is; the member
        # may save it anyway in a direct conversation.
        mine.get_by_role("button", name="Edit your message").click()
        editor = mine.get_by_role("textbox", name="Edit your message")
        editor.fill("Call her at (617) 555-0143")
        editor.press("Enter")
        expect(mine.get_by_role("alert")).to_contain_text("Not saved.")
        expect(mine.get_by_role("alert")).to_be_in_viewport()
        expect(mine.locator("mark.phi-mark")).to_have_count(1)
        expect(theirs.locator(".message-body")).to_contain_text("in room 4")
        mine.get_by_role("button", name="Save anyway — it is de-identified").click()
        expect(mine.locator(".message-body")).to_have_text("Call her at (617) 555-0143")
        expect(theirs.locator(".message-body")).to_have_text("Call her at (617) 555-0143")

        # Delete, after confirming; dismissing the question keeps the message.
        page.once("dialog", lambda dialog: dialog.dismiss())
        mine.get_by_role("button", name="Delete your message").click()
        expect(mine.locator(".message-body")).to_contain_text("555-0143")
        page.once("dialog", lambda dialog: dialog.accept())
        mine.get_by_role("button", name="Delete your message").click()
        expect(mine.locator(".message-body")).to_have_text("Message deleted")
        expect(mine.get_by_role("button", name="Edit your message")).to_have_count(0)
        expect(mine).to_be_focused()  # the keyboard stays where it was, not the page's top
        expect(theirs.locator(".message-body")).to_have_text("Message deleted")
        db.session.expire_all()
        stored = db.session.scalars(select(Message).order_by(Message.id.desc())).first()
        assert stored.deleted_at is not None and stored.edited_at is not None
    finally:
        other.close()


def test_an_event_organizer_removes_a_message_with_a_reason(page, app):
    from peerlink.events import services as events

    organizer = factories.clinician("Olga Organizer", role="organizer")
    event = factories.make_event(organizer, title="Trauma Summit 2026")
    gia = factories.clinician("Gia Going")
    events.set_attendance(gia, event.id, "going")
    room = db.session.scalar(select(Room).where(Room.kind == "event", Room.ref_id == event.id))
    factories.chat_message(gia, room, "Buy my course")
    log_in(page, organizer.email)
    page.goto(f"/chat/{room.id}")
    theirs = page.locator("[data-messages] li").last
    expect(theirs.get_by_role("button", name="Edit your message")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept("Advertising"))
    theirs.get_by_role("button", name="Remove Gia Going's message").click()
    expect(theirs.locator(".message-body")).to_have_text("Removed by a moderator: Advertising")
    db.session.expire_all()
    assert db.session.scalar(select(Message.removed_reason)) == "Advertising"


def test_chat_on_a_phone_by_keyboard(page, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    long_word = "Psychopharmacological" * 6
    factories.chat_message(ben, room, f"{long_word} https://example.org/{long_word}",
                           confirm_deidentified=True)  # a web address: the PHI guard asks
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, ana.email)
    page.goto("/chat")
    page.get_by_role("link", name="Ben Brook").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Ben Brook")).to_be_visible()
    expect(page.get_by_role("link", name="All conversations")).to_be_visible()
    expect(page.locator(".message.first-unread .message-body")).to_contain_text("https://")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    box = page.get_by_label("Message", exact=True)
    box.focus()
    page.keyboard.type("Sent from the keyboard")
    page.keyboard.press("Enter")
    expect(bodies(page).last).to_have_text("Sent from the keyboard")
    expect(page.locator("[data-chat-unread]")).to_be_hidden()  # read on arrival


def test_older_history_loads_in_order(page, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    for number in range(1, 56):
        factories.chat_message(ana if number % 2 else ben, room, f"Line {number}")
    log_in(page, ana.email)
    page.goto(f"/chat/{room.id}")
    expect(bodies(page)).to_have_count(50)
    assert bodies(page).first.inner_text().strip() == "Line 6"
    page.get_by_role("button", name="Load older messages").click()
    expect(bodies(page)).to_have_count(55)
    assert [text.strip() for text in bodies(page).all_inner_texts()] == [
        f"Line {number}" for number in range(1, 56)]
    expect(page.get_by_role("button", name="Load older messages")).to_be_hidden()


def test_flagged_text_is_held_until_the_member_confirms_it(page, app):
    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    log_in(page, ana.email)
    page.goto(f"/chat/{room.id}")
    held = page.locator("[data-phi-held]")
    expect(held).to_be_hidden()
    box = page.get_by_label("Message", exact=True)
    flagged = "My client John, DOB 3/14/87, call (617) 555-0143"
    box.fill(flagged)
    box.press("Enter")

    # Held back: what may identify someone is marked, with advice; nothing was stored.
    expect(held).to_be_visible()
    expect(held.get_by_role("alert")).to_contain_text("Not sent.")
    marks = held.locator("mark.phi-mark")
    expect(marks).to_have_count(3)
    assert [m.split("(flagged)")[0].strip() for m in marks.all_inner_texts()] == [
        "John", "3/14/87", "(617) 555-0143"]
    expect(held.locator(".phi-advice li")).to_have_count(3)
    expect(page.locator("[data-messages] li")).to_have_count(0)
    db.session.expire_all()
    assert db.session.scalars(select(Message.body)).all() == []

    # Edit puts the text back in the box; sending it again asks again; Send anyway sends it.
    held.get_by_role("button", name="Edit the message").click()
    expect(held).to_be_hidden()
    expect(box).to_have_value(flagged)
    box.press("Enter")
    expect(held).to_be_visible()
    held.get_by_role("button", name="Send anyway — it is de-identified").click()
    expect(held).to_be_hidden()
    expect(bodies(page)).to_have_count(1)
    expect(bodies(page).last).to_have_text(flagged)
    db.session.expire_all()
    assert db.session.scalars(select(Message.body)).all() == [flagged]

    # Clean text goes straight through.
    box.fill("Thanks, see you at the case conference")
    box.press("Enter")
    expect(bodies(page)).to_have_count(2)
    expect(held).to_be_hidden()


def test_the_chat_badge_goes_up_live_on_any_page(page, live_server, app):
    """A member reading the events page, not the chat, sees the navigation's chat badge go
    up when a connection writes to them, down when the writer deletes one they had not read,
    and to nothing when they read it in another tab."""
    import requests

    ana, ben = factories.clinician("Ana Ames"), factories.clinician("Ben Brook")
    room = factories.direct_room(ana, ben)
    log_in(page, ben.email)
    joined = []

    def watch(socket):
        socket.on("framereceived", lambda frame: joined.append(frame)
                  if str(frame).startswith("40/notifications,") else None)

    page.on("websocket", watch)
    page.goto("/events")
    # The page's /notifications socket has joined (Socket.IO's CONNECT answer) before anyone
    # writes: what is sent earlier shows in the badge the page was rendered with.
    for _ in range(200):
        if joined:
            break
        page.wait_for_timeout(50)
    assert joined, "the page's /notifications socket never connected"
    badge = page.locator("[data-chat-unread]")
    expect(badge).to_be_hidden()
    token = requests.post(f"{live_server}/api/v1/auth/tokens", timeout=10,
                          json={"email": ana.email, "password": factories.PASSWORD}
                          ).json()["token"]

    def send(body: str, client_id: str) -> None:
        response = requests.post(f"{live_server}/api/v1/rooms/{room.id}/messages",
                                 headers={"Authorization": f"Bearer {token}"}, timeout=10,
                                 json={"body": body, "client_id": client_id})
        assert response.status_code == 201, response.text

    send("Are you free on Tuesday?", "badge-1")
    expect(badge).to_have_text("1 unread")
    send("For the case review", "badge-2")
    expect(badge).to_have_text("2 unread")
    assert page.url.endswith("/events")
    send("Sorry, wrong room", "badge-3")
    expect(badge).to_have_text("3 unread")
    wrong = db.session.scalar(select(Message.id).where(Message.client_id == "badge-3"))
    deleted = requests.delete(f"{live_server}/api/v1/messages/{wrong}", timeout=10,
                              headers={"Authorization": f"Bearer {token}"})
    assert deleted.status_code == 200, deleted.text
    expect(badge).to_have_text("2 unread")  # an unread message deleted: one less

    other_tab = page.context.new_page()
    other_tab.goto(f"/chat/{room.id}")
    expect(other_tab.locator("[data-messages]")).to_contain_text("For the case review")
    expect(badge).to_be_hidden()  # read in the other tab: this one heard the new total


def _writer(live_server, user):
    """(send, delete) over the API as the member: send(room, body, client_id), delete(client_id)."""
    import requests

    token = requests.post(f"{live_server}/api/v1/auth/tokens", timeout=10,
                          json={"email": user.email, "password": factories.PASSWORD}
                          ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}

    def send(room, body: str, client_id: str) -> None:
        response = requests.post(f"{live_server}/api/v1/rooms/{room.id}/messages", timeout=10,
                                 headers=headers, json={"body": body, "client_id": client_id})
        assert response.status_code == 201, response.text

    def delete(client_id: str) -> None:
        message_id = db.session.scalar(select(Message.id).where(Message.client_id == client_id))
        response = requests.delete(f"{live_server}/api/v1/messages/{message_id}", timeout=10,
                                   headers=headers)
        assert response.status_code == 200, response.text

    return send, delete


def _open_with_live_badges(page, path: str) -> None:
    joined = []
    page.on("websocket", lambda socket: socket.on(
        "framereceived", lambda frame: joined.append(frame)
        if str(frame).startswith("40/notifications,") else None))
    page.goto(path)
    for _ in range(200):
        if joined:
            break
        page.wait_for_timeout(50)
    assert joined, "the page's /notifications socket never connected"


def test_a_deleted_unread_message_counts_down_only_where_it_counted_up(page, live_server, app):
    """On the rooms list and on an open conversation, a message in another room raises that
    room's badge and the navigation's, its deletion lowers both, and reading it in another
    tab clears both; a message in the open room (in a background tab: not read) was never
    counted, and its deletion changes nothing."""
    ana, ben, cai = (factories.clinician(name) for name in ("Ana Ames", "Ben Brook", "Cai Chen"))
    with_ana, with_cai = factories.direct_room(ana, ben), factories.direct_room(cai, ben)
    ana_sends, ana_deletes = _writer(live_server, ana)
    cai_sends, cai_deletes = _writer(live_server, cai)
    ana_sends(with_ana, "First, unread", "down-1")
    log_in(page, ben.email)
    nav = page.locator("[data-chat-unread]")
    ana_room = page.locator(f'[data-room="{with_ana.id}"] [data-room-unread]')

    _open_with_live_badges(page, "/chat")
    expect(ana_room).to_have_text("1 unread")
    ana_sends(with_ana, "Second", "down-2")
    expect(nav).to_have_text("2 unread")
    expect(ana_room).to_have_text("2 unread")
    ana_deletes("down-2")
    expect(nav).to_have_text("1 unread")
    expect(ana_room).to_have_text("1 unread")  # it still holds one unread message
    other_tab = page.context.new_page()
    other_tab.goto(f"/chat/{with_ana.id}")  # read there: the list hears the counts
    expect(other_tab.locator("[data-messages]")).to_contain_text("First, unread")
    expect(ana_room).to_be_hidden()
    expect(nav).to_be_hidden()
    other_tab.close()

    page.add_init_script("Object.defineProperty(document, 'hidden', {get: () => true});")
    _open_with_live_badges(page, f"/chat/{with_cai.id}")
    ana_sends(with_ana, "Third", "down-3")
    expect(nav).to_have_text("1 unread")
    expect(ana_room).to_have_text("1 unread")
    ana_deletes("down-3")
    expect(nav).to_be_hidden()
    expect(ana_room).to_be_hidden()
    cai_sends(with_cai, "Here, while the tab is in the background", "down-4")
    expect(page.locator("[data-messages]")).to_contain_text("while the tab is in the background")
    ana_sends(with_ana, "Fourth", "down-5")
    expect(nav).to_have_text("1 unread")
    cai_deletes("down-4")
    expect(page.locator("[data-messages]")).not_to_contain_text("while the tab is in the")
    expect(nav).to_have_text("1 unread")  # the open room's message was never counted


def test_an_open_conversation_counts_others_messages_elsewhere_once_and_lists_new_rooms(
        page, live_server, app):
    """With a conversation open, a message the member sends elsewhere (from another device)
    is nobody's unread, and a resent message counts once; a conversation someone starts with
    them appears in the rooms list with its count, on the rooms list page too."""
    ana, ben, cai = (factories.clinician(name) for name in ("Ana Ames", "Ben Brook", "Cai Chen"))
    with_ana, with_cai = factories.direct_room(ana, ben), factories.direct_room(cai, ben)
    dee = factories.clinician("Dee Dunn")
    ben_sends, _ = _writer(live_server, ben)
    ana_sends, _ = _writer(live_server, ana)
    log_in(page, ben.email)
    nav = page.locator("[data-chat-unread]")
    ana_room = page.locator(f'[data-room="{with_ana.id}"] [data-room-unread]')
    _open_with_live_badges(page, f"/chat/{with_cai.id}")
    ben_sends(with_ana, "Sent from my phone", "own-1")
    ana_sends(with_ana, "Are you there?", "once-1")
    ana_sends(with_ana, "Are you there?", "once-1")  # a resend after a lost answer
    expect(ana_room).to_have_text("1 unread")
    page.wait_for_timeout(300)
    expect(ana_room).to_have_text("1 unread")
    expect(nav).to_have_text("1 unread")

    started = factories.direct_room(dee, ben)
    dee_sends, _ = _writer(live_server, dee)
    dee_sends(started, "Hello from Dee", "new-1")
    expect(page.locator(f'[data-room="{started.id}"] [data-room-unread]')).to_have_text("1 unread")
    expect(nav).to_have_text("2 unread")
    expect(page.locator("[aria-current=page]")).to_have_count(1)  # still this conversation

    _open_with_live_badges(page, "/chat")
    later = factories.direct_room(ana, ben, cai)
    ana_sends(later, "All three of us", "new-2")
    expect(page.locator(f'[data-room="{later.id}"] [data-room-unread]')).to_have_text("1 unread")
    expect(nav).to_have_text("3 unread")
