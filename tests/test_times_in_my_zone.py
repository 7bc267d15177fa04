"""Times on pages read in the member's own time zone (their profile's), UTC until chosen."""

from datetime import UTC, datetime

import pytest

from peerlink.extensions import db
from peerlink.notifications.services import notify
from tests.factories import bearer, fill_profile


def test_notification_times_follow_the_profile_time_zone(client, auth, logged_in):
    note = notify(logged_in.id, "connection_accepted", "Ana accepted your connection request.")
    note.created_at = datetime(2026, 1, 15, 3, 30, tzinfo=UTC)
    db.session.commit()
    assert "15 Jan 2026, 03:30 UTC" in client.get("/notifications/").get_data(as_text=True)
    fill_profile(logged_in, timezone="America/Los_Angeles")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "14 Jan 2026, 19:30 PST" in page  # the evening before, in California


@pytest.mark.parametrize("stored", ["Bogus/Zone", "localtime"])
def test_an_unusable_stored_zone_reads_as_utc(client, auth, logged_in, stored):
    """Written straight to the row (the form refuses both): pages still answer."""
    fill_profile(logged_in, timezone=stored)
    note = notify(logged_in.id, "connection_accepted", "Hello")
    note.created_at = datetime(2026, 1, 15, 3, 30, tzinfo=UTC)
    db.session.commit()
    for path in ("/notifications/", "/account", "/connections"):
        response = client.get(path)
        assert response.status_code == 200, path
    if stored == "Bogus/Zone":
        assert "15 Jan 2026, 03:30 UTC" in client.get("/notifications/").get_data(as_text=True)


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "posix/Europe/Oslo", "right/UTC"])
def test_server_specific_zone_names_are_refused(client, logged_in, zone):
    response = client.patch("/api/v1/profiles/me", json={"timezone": zone},
                            headers=bearer(client, logged_in))
    assert response.status_code == 422 and "timezone" in response.get_json()["errors"]["json"]


def test_visitors_see_utc(client, app):
    from peerlink.local_time import in_my_time_zone

    with app.test_request_context():
        assert in_my_time_zone(datetime(2026, 1, 15, 3, 30)) == "15 Jan 2026, 03:30 UTC"
        assert in_my_time_zone(None) == ""
