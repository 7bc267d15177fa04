"""Times on pages read in the member's own time zone (their profile's), UTC until chosen."""

from datetime import UTC, datetime

from peerlink.extensions import db
from peerlink.notifications.services import notify
from tests.factories import fill_profile


def test_notification_times_follow_the_profile_time_zone(client, auth, logged_in):
    note = notify(logged_in.id, "test", "Ana accepted your connection request.")
    note.created_at = datetime(2026, 1, 15, 3, 30, tzinfo=UTC)
    db.session.commit()
    assert "15 Jan 2026, 03:30 UTC" in client.get("/notifications/").get_data(as_text=True)
    fill_profile(logged_in, timezone="America/Los_Angeles")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "14 Jan 2026, 19:30 PST" in page  # the evening before, in California
