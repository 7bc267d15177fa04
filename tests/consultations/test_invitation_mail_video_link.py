"""The calendar file travels with the e-mails (scheduling, reminders, a changed video link),
and either participant of a scheduled video consultation adds or changes its link."""

from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from peerlink.consultations import services
from peerlink.consultations.models import Consultation
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from tests.conftest import csrf_token
from tests.factories import PASSWORD, make_consultation

LINK = "https://meet.example.org/peer-consult"


def _invitations(outbox, email: str) -> list[Calendar]:
    """The calendar files attached to the mail one member received."""
    found = []
    for message in outbox:
        if email not in message.to:
            continue
        for name, content, mimetype in message.attachments:
            assert mimetype == "text/calendar" and name.endswith(".ics")
            found.append(Calendar.from_ical(content))
    return found


def _entry(invitation: Calendar):
    (entry,) = invitation.walk("VEVENT")
    return entry


def test_the_scheduling_mail_carries_the_other_sides_invitation(pair, outbox):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    (invitation,) = _invitations(outbox, pair["requester"].email)
    entry = _entry(invitation)
    assert str(entry["UID"]) == f"consultation-{c.id}@peerlink"
    assert entry["DTSTART"].dt.tzinfo.key == "America/New_York"  # the requester's zone


def test_each_reminder_mail_carries_that_members_invitation(app, pair, outbox):
    app.config["CONSULTATION_REMINDER_MINUTES"] = 60
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    outbox.clear()
    assert services.send_reminders(now=c.starts_at - timedelta(minutes=30)) == 1
    assert len(outbox) == 2
    zones = {"requester": "America/New_York", "peer": "Europe/London"}
    for who, zone in zones.items():
        (invitation,) = _invitations(outbox, pair[who].email)
        entry = _entry(invitation)
        assert str(entry["UID"]) == f"consultation-{c.id}@peerlink"
        assert entry["DTSTART"].dt.tzinfo.key == zone
        assert str(invitation["METHOD"]) == "PUBLISH" and str(entry["STATUS"]) == "CONFIRMED"
    outbox.clear()
    assert services.send_reminders(now=c.starts_at - timedelta(minutes=20)) == 0
    assert outbox == []


def test_a_participant_changes_the_link_and_the_other_gets_the_new_invitation(
        api, pair, outbox):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="video")
    sequence = c.sequence
    outbox.clear()
    # The members' own link: a web address (and digits) the PHI guard would flag in case text.
    link = "https://zoom.us/j/5035550142?pwd=abc"
    response = api("put", f"/api/v1/consultations/{c.id}/joining-details", pair["requester"],
                   json={"video_url": link})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["video_url"] == link
    db.session.refresh(c)
    assert c.video_url == link and c.sequence == sequence + 1
    (invitation,) = _invitations(outbox, pair["peer"].email)
    entry = _entry(invitation)
    assert str(entry["LOCATION"]) == link and entry["SEQUENCE"] == sequence + 1
    assert _invitations(outbox, pair["requester"].email) == []
    told = db.session.scalars(select(Notification).where(
        Notification.user_id == pair["peer"].id,
        Notification.message.contains("video link"))).all()
    assert len(told) == 1
    again = api("put", f"/api/v1/consultations/{c.id}/joining-details", pair["requester"],
                json={"video_url": link})
    assert again.status_code == 200
    db.session.refresh(c)
    assert c.sequence == sequence + 1  # nothing changed, nothing re-sent


def test_the_peer_changes_the_link_on_the_page(client, pair, outbox):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="video")
    client.post("/login", data={"email": pair["peer"].email, "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
    page = client.get(f"/consultations/{c.id}").get_data(as_text=True)
    assert "data-joining-details-form" in page
    token = csrf_token(client, f"/consultations/{c.id}")
    refused = client.post(f"/consultations/{c.id}/joining-details",
                          data={"video_url": "javascript:alert(1)", "csrf_token": token})
    assert refused.status_code == 422 and 'id="field-video_url"' in refused.get_data(
        as_text=True)
    assert db.session.get(Consultation, c.id).video_url == ""
    outbox.clear()
    done = client.post(f"/consultations/{c.id}/joining-details",
                       data={"video_url": LINK, "csrf_token": token})
    assert done.status_code == 302
    assert db.session.get(Consultation, c.id).video_url == LINK
    (invitation,) = _invitations(outbox, pair["requester"].email)
    assert str(_entry(invitation)["LOCATION"]) == LINK
    assert LINK in client.get(f"/consultations/{c.id}").get_data(as_text=True)


@pytest.mark.parametrize("url", ["ftp://files.example.org/x", "meet.example.org/abc",
                                 "https://", "https://exa mple.org", ""])
def test_the_link_must_be_an_http_address(api, pair, url):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="video")
    response = api("put", f"/api/v1/consultations/{c.id}/joining-details", pair["peer"],
                   json={"video_url": url})
    assert response.status_code == 422
    assert "video_url" in response.get_json()["errors"]["json"]
    db.session.refresh(c)
    assert c.video_url == ""


def test_only_a_scheduled_video_consultation_has_a_link(api, pair):
    chat = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    assert api("put", f"/api/v1/consultations/{chat.id}/joining-details", pair["peer"],
               json={"video_url": LINK}).status_code == 409
    waiting = make_consultation(pair["requester"], pair["peer"], fmt="video")
    assert api("put", f"/api/v1/consultations/{waiting.id}/joining-details", pair["peer"],
               json={"video_url": LINK}).status_code == 409
    video = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="video")
    assert api("put", f"/api/v1/consultations/{video.id}/joining-details", pair["outsider"],
               json={"video_url": LINK}).status_code == 404
    assert services.view(pair["peer"], video).actions["joining_details"] is True
    assert services.view(pair["peer"], chat).actions["joining_details"] is False


# --- a phone consultation: the number to call ---------------------------------------------------


def test_either_participant_gives_the_number_to_call(api, pair, outbox):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="phone")
    sequence = c.sequence
    assert services.view(pair["peer"], c).actions["joining_details"] is True
    outbox.clear()
    response = api("put", f"/api/v1/consultations/{c.id}/joining-details", pair["peer"],
                   json={"phone_number": "917-555-0199"})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["phone_number"] == "+19175550199"
    db.session.refresh(c)
    assert c.phone_number == "+19175550199" and c.sequence == sequence + 1
    theirs = api("get", f"/api/v1/consultations/{c.id}", pair["requester"]).get_json()
    assert theirs["phone_number"] == "+19175550199"
    (invitation,) = _invitations(outbox, pair["requester"].email)
    entry = _entry(invitation)
    assert str(entry["LOCATION"]) == "Phone: +1 917-555-0199"
    assert "Call +1 917-555-0199" in str(entry["DESCRIPTION"])
    assert entry["SEQUENCE"] == sequence + 1
    assert _invitations(outbox, pair["peer"].email) == []
    (told,) = db.session.scalars(select(Notification).where(
        Notification.user_id == pair["requester"].id,
        Notification.message.contains("number to call"))).all()
    assert told.message.startswith("Pete Peer gave the number to call for your consultation")
    # a video link is no way to join a phone consultation
    refused = api("put", f"/api/v1/consultations/{c.id}/joining-details", pair["peer"],
                  json={"video_url": LINK})
    assert refused.status_code == 422 and "phone_number" in refused.get_json()["errors"]["json"]


@pytest.mark.parametrize("number", ["12345", "call me", "555-0199", "+1 000 000 0000", "",
                                    "9" * 41])
def test_the_number_must_be_a_real_phone_number(api, pair, number):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="phone")
    response = api("put", f"/api/v1/consultations/{c.id}/joining-details", pair["requester"],
                   json={"phone_number": number})
    assert response.status_code == 422
    assert "phone_number" in response.get_json()["errors"]["json"]
    db.session.refresh(c)
    assert c.phone_number == ""


def test_the_number_is_given_and_shown_on_the_page(client, pair, outbox):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="phone")
    client.post("/login", data={"email": pair["requester"].email, "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
    page = client.get(f"/consultations/{c.id}").get_data(as_text=True)
    assert "Joining details" in page and 'id="field-phone_number"' in page
    token = csrf_token(client, f"/consultations/{c.id}")
    refused = client.post(f"/consultations/{c.id}/joining-details",
                          data={"phone_number": "12", "csrf_token": token})
    assert refused.status_code == 422
    done = client.post(f"/consultations/{c.id}/joining-details",
                       data={"phone_number": "+44 20 7946 0958", "csrf_token": token})
    assert done.status_code == 302
    page = client.get(f"/consultations/{c.id}").get_data(as_text=True)
    assert 'href="tel:+442079460958">+44 20 7946 0958</a>' in page
    (invitation,) = _invitations(outbox, pair["peer"].email)
    assert str(_entry(invitation)["LOCATION"]) == "Phone: +44 20 7946 0958"


def test_the_consultation_room_says_where_your_own_number_goes(client, pair, socket_client):
    from peerlink.chat import services as chat

    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="phone")
    room = chat.owned_room("consultation", c.id)
    client.post("/login", data={"email": pair["requester"].email, "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
    socket = socket_client("/chat")
    ack = socket.emit("send", {"room_id": room.id, "body": "call me on 917-555-0199",
                               "client_id": "phone-1"}, namespace="/chat", callback=True)
    assert ack["ok"] is False
    (finding,) = ack["error"]["findings"]["body"]
    assert finding["category"] == "phone"
    assert "add it on the consultation page (Joining details)" in finding["advice"]
    assert "her sister" not in finding["advice"]
