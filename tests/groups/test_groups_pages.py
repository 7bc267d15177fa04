"""The groups pages: what each viewer reads, and bad input back on the form."""

from tests.factories import add_member, block, clinician


def _login(auth, user):
    assert auth.login(user.email).status_code == 302


def test_a_non_member_gets_404_for_a_private_groups_pages(client, auth, circle_of):
    _login(auth, circle_of["outsider"])
    group = circle_of["group"]
    page = client.get(f"/groups/{group.id}")
    assert page.status_code == 200 and "only its members read" in page.get_data(as_text=True)
    for path in (f"/groups/{group.id}/members", f"/groups/threads/{circle_of['thread'].id}",
                 f"/groups/posts/{circle_of['reply'].id}/report",
                 f"/groups/{group.id}/threads/new"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "lanternfish" not in response.get_data(as_text=True)


def test_members_read_the_thread_and_the_member_list_leaves_out_blocks(client, auth,
                                                                          circle_of):
    block(circle_of["moderator"], circle_of["member"])
    _login(auth, circle_of["member"])
    thread = client.get(f"/groups/threads/{circle_of['thread'].id}").get_data(as_text=True)
    assert "lanternfish" in thread
    members = client.get(f"/groups/{circle_of['group'].id}/members").get_data(as_text=True)
    assert "Priya Owner" in members and "Marcus Moderator" not in members


def test_bad_input_comes_back_on_the_form_with_field_messages(client, auth, circle_of):
    _login(auth, circle_of["owner"])
    created = auth.post("/groups/new", {"name": "", "kind": "topic", "visibility": "open"})
    assert created.status_code == 422
    assert 'aria-invalid="true"' in created.get_data(as_text=True)
    reply = auth.post(f"/groups/threads/{circle_of['thread'].id}/reply", {"body": ""})
    assert reply.status_code == 422 and "Write something" in reply.get_data(as_text=True)
    removal = auth.post(f"/groups/posts/{circle_of['reply'].id}/remove", {"reason": ""})
    assert removal.status_code == 422


def test_a_member_creates_a_group_and_starts_a_thread(client, auth, app):
    author = clinician("Aisha Author")
    _login(auth, author)
    created = auth.post("/groups/new", {"name": "School-based clinicians", "kind": "topic",
                                        "visibility": "open", "listed": "true",
                                        "description": "Working in schools."})
    assert created.status_code == 302
    group_path = created.headers["Location"]
    started = auth.post(group_path + "/threads/new",
                        {"title": "IEP meetings", "body": "**How** do you prepare?"})
    assert started.status_code == 302
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "<strong>How</strong>" in page


def test_a_circle_shows_its_norms_before_the_first_post(client, auth, app):
    from peerlink.groups import services
    from tests.factories import make_group

    owner, newcomer = clinician("Nadia Owner"), clinician("Nico Newcomer")
    circle = make_group(owner, name="Night-shift circle", kind="peer_support",
                        rules="Keep each other's stories in the circle.")
    add_member(circle, newcomer, norms_accepted=False)
    _login(auth, newcomer)
    page = client.get(f"/groups/{circle.id}").get_data(as_text=True)
    assert "Keep each other" in page and "I have read and accept these norms" in page
    assert client.get(f"/groups/{circle.id}/threads/new").status_code == 403
    auth.post(f"/groups/{circle.id}/norms")
    assert services.membership_of(newcomer.id, circle.id).norms_acknowledged_at is not None
    assert client.get(f"/groups/{circle.id}/threads/new").status_code == 200


def test_moderators_change_the_settings_and_a_circle_stays_private(client, auth, app):
    from tests.factories import make_group

    owner = clinician("Sol Settings")
    group = make_group(owner, name="Old name")
    circle = make_group(owner, name="A circle", kind="peer_support")
    _login(auth, owner)
    saved = auth.post(f"/groups/{group.id}/settings", {
        "name": "New name", "description": "Now described", "rules": "Be kind",
        "visibility": "private"})
    assert saved.status_code == 302
    page = client.get(f"/groups/{group.id}").get_data(as_text=True)
    assert "New name" in page and "Private" in page and "Unlisted" in page
    refused = auth.post(f"/groups/{circle.id}/settings", {
        "name": "A circle", "visibility": "open", "listed": "true"})
    assert refused.status_code == 422 and "stays private" in refused.get_data(as_text=True)
    bad = auth.post(f"/groups/{group.id}/settings", {"name": "", "visibility": "open"})
    assert bad.status_code == 422 and 'aria-invalid="true"' in bad.get_data(as_text=True)


def test_a_lifted_ban_lets_the_member_back(client, auth, circle_of):
    from peerlink.groups import services

    group, outsider = circle_of["group"], circle_of["outsider"]
    services.request_to_join(outsider, group.id)
    services.ban_member(circle_of["moderator"], group.id, outsider.id)
    _login(auth, circle_of["moderator"])
    banned = client.get(f"/groups/{group.id}/members?status=banned").get_data(as_text=True)
    assert "Omar Outsider" in banned
    auth.post(f"/groups/{group.id}/members/{outsider.id}/unban")
    assert services.membership_of(outsider.id, group.id) is None
    services.request_to_join(outsider, group.id)
