"""The groups API: the same rules as the pages, with field errors for bad input."""

from tests.factories import clinician, make_group


def test_a_non_member_gets_404_for_a_private_groups_insides(api, circle_of):
    outsider, group = circle_of["outsider"], circle_of["group"]
    paths = [f"/api/v1/groups/{group.id}/threads", f"/api/v1/groups/{group.id}/members",
             f"/api/v1/groups/threads/{circle_of['thread'].id}",
             f"/api/v1/groups/threads/{circle_of['thread'].id}/posts",
             f"/api/v1/groups/posts/{circle_of['reply'].id}"]
    for path in paths:
        response = api("get", path, outsider)
        assert response.status_code == 404, path
        assert "lanternfish" not in response.get_data(as_text=True)
        assert "Lena Member" not in response.get_data(as_text=True)
    # the same answer as for no such group at all
    assert api("get", "/api/v1/groups/9999/threads", outsider).get_json()["message"] == \
        api("get", f"/api/v1/groups/{group.id}/threads", outsider).get_json()["message"]
    # a member reads them
    replies = api("get", f"/api/v1/groups/threads/{circle_of['thread'].id}/posts",
                  circle_of["moderator"])
    assert replies.get_json()[0]["body"] == "Secret words: lanternfish"
    members = api("get", f"/api/v1/groups/{group.id}/members", circle_of["member"]).get_json()
    assert [m["role"] for m in members] == ["owner", "moderator", "member"]


def test_the_list_is_paginated_and_searches_names_and_descriptions(api, app):
    viewer = clinician("Vera Viewer")
    for name in ("Eating disorders", "Couples therapy", "Child psychiatry"):
        make_group(viewer, name=name, description="A group about " + name.lower())
    make_group(viewer, name="Hidden circle", kind="peer_support")
    stranger = clinician("Sam Stranger")
    response = api("get", "/api/v1/groups?page_size=2", stranger)
    assert [g["name"] for g in response.get_json()] == ["Child psychiatry", "Couples therapy"]
    assert '"total": 3' in response.headers["X-Pagination"]
    found = api("get", "/api/v1/groups?q=psychiatry", stranger).get_json()
    assert [g["name"] for g in found] == ["Child psychiatry"]
    assert api("get", "/api/v1/groups?q=circle", stranger).get_json() == []


def test_bad_input_gets_field_errors(api, circle_of):
    owner, group = circle_of["owner"], circle_of["group"]
    created = api("post", "/api/v1/groups", owner, json={"name": "", "kind": "party"})
    assert created.status_code == 422
    assert set(created.get_json()["errors"]["json"]) == {"name", "kind"}
    thread = api("post", f"/api/v1/groups/{group.id}/threads", owner,
                 json={"title": "ok title", "body": ""})
    assert thread.status_code == 422 and "body" in thread.get_json()["errors"]["json"]
    removal = api("post", f"/api/v1/groups/posts/{circle_of['reply'].id}/removal", owner,
                  json={})
    assert removal.status_code == 422 and "reason" in removal.get_json()["errors"]["json"]
    invite = api("post", f"/api/v1/groups/{group.id}/invitations", owner,
                 json={"email": "not an address"})
    assert invite.status_code == 422 and "email" in invite.get_json()["errors"]["json"]


def test_role_limits_through_the_api(api, circle_of):
    group, moderator, owner = circle_of["group"], circle_of["moderator"], circle_of["owner"]
    banned = api("post", f"/api/v1/groups/{group.id}/bans", moderator,
                 json={"user_id": owner.id})
    assert banned.status_code == 403 and "owner" in banned.get_json()["message"]
    leaving = api("delete", f"/api/v1/groups/{group.id}/membership", owner)
    assert leaving.status_code == 409 and "ownership" in leaving.get_json()["message"]
    passed = api("put", f"/api/v1/groups/{group.id}/ownership", owner,
                 json={"user_id": moderator.id})
    assert passed.get_json()["role"] == "owner"
    assert api("delete", f"/api/v1/groups/{group.id}/membership", owner).status_code == 204


def test_moderators_remove_posts_and_the_author_reads_the_reason(api, circle_of):
    reply = circle_of["reply"]
    reported = api("post", f"/api/v1/groups/posts/{reply.id}/reports", circle_of["owner"],
                   json={"reason": "Names a patient"})
    assert reported.status_code == 201
    queue = api("get", f"/api/v1/groups/{circle_of['group'].id}/reports",
                circle_of["moderator"]).get_json()
    assert queue[0]["reason"] == "Names a patient"
    assert api("get", f"/api/v1/groups/{circle_of['group'].id}/reports",
               circle_of["member"]).status_code == 403
    removed = api("post", f"/api/v1/groups/posts/{reply.id}/removal", circle_of["moderator"],
                  json={"reason": "Identifies a patient"})
    assert removed.get_json()["state"] == "removed"
    mine = api("get", f"/api/v1/groups/posts/{reply.id}", circle_of["member"]).get_json()
    assert mine["removal_reason"] == "Identifies a patient"
    theirs = api("get", f"/api/v1/groups/posts/{reply.id}", circle_of["owner"]).get_json()
    assert theirs["removal_reason"] == "Identifies a patient"  # a moderator, too
    other = clinician("Otis Other")
    from tests.factories import add_member

    add_member(circle_of["group"], other)
    seen = api("get", f"/api/v1/groups/posts/{reply.id}", other).get_json()
    assert (seen["body"], seen["removal_reason"]) == (None, None)


def test_edits_are_marked(api, circle_of):
    reply = circle_of["reply"]
    edited = api("patch", f"/api/v1/groups/posts/{reply.id}", circle_of["member"],
                 json={"body": "Better words"})
    assert edited.get_json()["edited"] is True and edited.get_json()["body"] == "Better words"
    assert api("patch", f"/api/v1/groups/posts/{reply.id}", circle_of["owner"],
               json={"body": "Not mine"}).status_code == 403
