"""Groups linked to CE events: linking rules, starting a group from an event page, and the
event page listing only the groups its viewer may see (pages and API)."""

import re

import pytest

from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import db
from peerlink.groups import services
from peerlink.groups.models import MAX_EVENTS, Group, GroupEvent
from tests.factories import add_member, clinician, make_event, make_group


@pytest.fixture
def summit(app):
    organizer = clinician("Olga Organizer", role="organizer")
    return make_event(organizer, title="Perinatal Mental Health Summit")


def _login(auth, user):
    assert auth.login(user.email).status_code == 302


def test_moderators_link_and_unlink_events_and_members_may_not(summit):
    owner, moderator, member = (clinician("Ola Owner"), clinician("Mo Mod"),
                                clinician("Meg Member"))
    group = make_group(owner, name="Perinatal follow-up")
    add_member(group, moderator, role="moderator")
    add_member(group, member)
    with pytest.raises(PermissionDenied):
        services.link_event(member, group.id, summit.id)
    services.link_event(moderator, group.id, summit.id)
    assert [e.id for e in services.events_of_group(group.id)] == [summit.id]
    with pytest.raises(Conflict):
        services.link_event(owner, group.id, summit.id)
    with pytest.raises(ValidationFailed) as bad:
        services.link_event(owner, group.id, 999_999)
    assert bad.value.errors == {"event_id": [services.NO_SUCH_EVENT]}
    with pytest.raises(PermissionDenied):
        services.unlink_event(member, group.id, summit.id)
    services.unlink_event(owner, group.id, summit.id)
    assert services.events_of_group(group.id) == []
    with pytest.raises(NotFound):
        services.unlink_event(owner, group.id, summit.id)


def test_a_group_links_to_at_most_ten_events_and_outlives_them(summit):
    organizer = clinician("Oren Organizer", role="organizer")
    events = [make_event(organizer, title=f"Workshop {n}") for n in range(MAX_EVENTS)]
    owner = clinician("Ola Owner")
    group = make_group(owner, name="Workshop alumni", events=events)
    with pytest.raises(ValidationFailed) as full:
        services.link_event(owner, group.id, summit.id)
    assert "at most" in full.value.errors["event_id"][0]
    db.session.delete(events[0])
    db.session.commit()
    assert db.session.get(Group, group.id) is not None
    assert len(services.events_of_group(group.id)) == MAX_EVENTS - 1


def test_creating_with_an_unknown_event_writes_nothing(summit):
    owner = clinician("Ola Owner")
    with pytest.raises(ValidationFailed) as bad:
        services.create_group(owner, name="Ghost event group", event_ids=[summit.id, 999_999])
    assert bad.value.errors == {"event_ids": [services.NO_SUCH_EVENT]}
    assert db.session.query(Group).count() == 0
    assert db.session.query(GroupEvent).count() == 0


def test_start_a_group_from_the_event_page(client, auth, summit):
    owner = clinician("Ola Owner")
    _login(auth, owner)
    page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert f'href="/groups/new?event_id={summit.id}"' in page
    form = client.get(f"/groups/new?event_id={summit.id}").get_data(as_text=True)
    assert "Perinatal Mental Health Summit" in form
    assert f'name="event_ids" value="{summit.id}"' in form
    assert re.search(r'value="event_follow_up"[^>]*checked', form)
    response = auth.post("/groups/new", {
        "name": "Summit follow-up", "kind": "event_follow_up", "visibility": "open",
        "listed": "true", "event_ids": str(summit.id)})
    assert response.status_code == 302
    group = db.session.query(Group).filter_by(name="Summit follow-up").one()
    shown = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert f'href="/events/{summit.id}"' in shown and "Perinatal Mental Health Summit" in shown
    event_page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert f'href="/groups/{group.id}"' in event_page and "Summit follow-up" in event_page


def test_a_bad_event_id_is_a_field_error_on_the_page_and_in_the_api(client, auth, api):
    owner = clinician("Ola Owner")
    _login(auth, owner)
    response = auth.post("/groups/new", {
        "name": "Ghost event group", "kind": "topic", "visibility": "open",
        "listed": "true", "event_ids": "999999"})
    assert response.status_code == 422
    assert services.NO_SUCH_EVENT in response.get_data(as_text=True)
    answer = api("post", "/api/v1/groups", owner,
                 json={"name": "Ghost event group", "event_ids": [999999]})
    assert answer.status_code == 422
    assert answer.get_json()["errors"]["json"] == {"event_ids": [services.NO_SUCH_EVENT]}
    typed = api("post", "/api/v1/groups", owner, json={"name": "Typo group",
                                                       "event_ids": ["abc"]})
    assert typed.status_code == 422 and "event_ids" in typed.get_json()["errors"]["json"]
    group = make_group(owner, name="Linker")
    link = api("post", f"/api/v1/groups/{group.id}/events", owner, json={"event_id": 999999})
    assert link.status_code == 422
    assert link.get_json()["errors"]["json"] == {"event_id": [services.NO_SUCH_EVENT]}
    assert db.session.query(Group).count() == 1


def test_the_api_creates_lists_links_and_unlinks(api, summit):
    owner = clinician("Ola Owner")
    created = api("post", "/api/v1/groups", owner,
                  json={"name": "Summit follow-up", "kind": "event_follow_up",
                        "event_ids": [summit.id]})
    assert created.status_code == 201 and created.get_json()["event_ids"] == [summit.id]
    group_id = created.get_json()["id"]
    listed = api("get", f"/api/v1/groups?event_id={summit.id}", clinician("Sam Stranger"))
    assert [g["id"] for g in listed.get_json()] == [group_id]
    assert api("delete", f"/api/v1/groups/{group_id}/events/{summit.id}", owner
               ).status_code == 204
    assert api("get", f"/api/v1/groups/{group_id}", owner).get_json()["event_ids"] == []
    relinked = api("post", f"/api/v1/groups/{group_id}/events", owner,
                   json={"event_id": summit.id})
    assert relinked.status_code == 201 and relinked.get_json()["event_ids"] == [summit.id]


def test_a_private_circle_on_an_event_stays_unnamed_to_outsiders(client, auth, api, summit):
    owner, outsider = clinician("Ola Owner"), clinician("Omar Outsider")
    circle = make_group(owner, name="Night shift burnout circle", kind="peer_support",
                        events=[summit])
    open_group = make_group(owner, name="Summit open follow-up", events=[summit])
    _login(auth, outsider)
    page = client.get(f"/events/{summit.id}").get_data(as_text=True)
    assert "Summit open follow-up" in page
    assert "Night shift burnout circle" not in page and f"/groups/{circle.id}" not in page
    listed = api("get", f"/api/v1/groups?event_id={summit.id}", outsider)
    assert [g["id"] for g in listed.get_json()] == [open_group.id]
    assert "burnout" not in listed.get_data(as_text=True)
    # its member sees it on the event page and in the API
    assert {g["id"] for g in api("get", f"/api/v1/groups?event_id={summit.id}",
                                 owner).get_json()} == {circle.id, open_group.id}
    auth.logout()
    _login(auth, owner)
    assert "Night shift burnout circle" in client.get(f"/events/{summit.id}").get_data(
        as_text=True)


def test_moderators_link_and_unlink_on_the_settings_page(client, auth, summit):
    owner = clinician("Ola Owner")
    group = make_group(owner, name="Perinatal follow-up")
    _login(auth, owner)
    settings = client.get(f"/groups/{group.id}/settings").get_data(as_text=True)
    assert f'<option value="{summit.id}">' in settings
    assert auth.post(f"/groups/{group.id}/events", {"event_id": str(summit.id)}).status_code == 302
    assert [e.id for e in services.events_of_group(group.id)] == [summit.id]
    refused = auth.post(f"/groups/{group.id}/events", {"event_id": "999999"},
                          follow_redirects=True).get_data(as_text=True)
    assert services.NO_SUCH_EVENT in refused
    assert auth.post(f"/groups/{group.id}/events/{summit.id}/unlink").status_code == 302
    assert services.events_of_group(group.id) == []
