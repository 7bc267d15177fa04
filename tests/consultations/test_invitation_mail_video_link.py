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
    response = api("put", f"/api/v1/consultations/{c.id}/video-link", pair["requester"],
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
    again = api("put", f"/api/v1/consultations/{c.id}/video-link", pair["requester"],
                json={"video_url": link})
    assert again.status_code == 200
    db.session.refresh(c)
    assert c.sequence == sequence + 1  # nothing changed, nothing re-sent


def test_the_peer_changes_the_link_on_the_page(client, pair, outbox):
    c = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="video")
    client.post("/login", data={"email": pair["peer"].email, "password": PASSWORD,
                                "csrf_token": csrf_token(client, "/login")})
    page = client.get(f"/consultations/{c.id}").get_data(as_text=True)
    assert "data-video-link-form" in page
    token = csrf_token(client, f"/consultations/{c.id}")
    refused = client.post(f"/consultations/{c.id}/video-link",
                          data={"video_url": "javascript:alert(1)", "csrf_token": token})
    assert refused.status_code == 422 and 'id="field-video_url"' in refused.get_data(
        as_text=True)
    assert db.session.get(Consultation, c.id).video_url == ""
    outbox.clear()
    done = client.post(f"/consultations/{c.id}/video-link",
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
    response = api("put", f"/api/v1/consultations/{c.id}/video-link", pair["peer"],
                   json={"video_url": url})
    assert response.status_code == 422
    assert "video_url" in response.get_json()["errors"]["json"]
    db.session.refresh(c)
    assert c.video_url == ""


def test_only_a_scheduled_video_consultation_has_a_link(api, pair):
    chat = make_consultation(pair["requester"], pair["peer"], state="scheduled")
    assert api("put", f"/api/v1/consultations/{chat.id}/video-link", pair["peer"],
               json={"video_url": LINK}).status_code == 409
    waiting = make_consultation(pair["requester"], pair["peer"], fmt="video")
    assert api("put", f"/api/v1/consultations/{waiting.id}/video-link", pair["peer"],
               json={"video_url": LINK}).status_code == 409
    video = make_consultation(pair["requester"], pair["peer"], state="scheduled", fmt="video")
    assert api("put", f"/api/v1/consultations/{video.id}/video-link", pair["outsider"],
               json={"video_url": LINK}).status_code == 404
    assert services.view(pair["peer"], video).actions["video_link"] is True
    assert services.view(pair["peer"], chat).actions["video_link"] is False
