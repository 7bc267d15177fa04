"""Pages stay constant in queries as data grows: the groups list, a group with 500 members,
a thread with 300 replies (pages and API)."""

from peerlink.extensions import db
from tests.factories import (
    add_members,
    clinician,
    count_queries,
    make_group,
    make_thread,
    many_members,
    many_replies,
)


def _queries(client, path: str) -> int:
    db.session.expire_all()
    with count_queries() as counted:
        response = client.get(path)
    assert response.status_code == 200, path
    return counted[0]


def test_the_groups_list_is_constant_in_queries(client, auth, app):
    viewer = clinician("Quinn Counter")
    make_group(viewer, name="First")
    auth.login(viewer.email)
    few = _queries(client, "/groups"), _queries(client, "/api/v1/groups")
    owners, joiners = many_members(5, "Owner"), many_members(3, "Joiner")
    for n in range(25):
        group = make_group(owners[n % 5], name=f"Group {n:02d}",
                           visibility="private" if n % 2 else "open")
        add_members(group, joiners if n % 5 else [])
    assert (_queries(client, "/groups"), _queries(client, "/api/v1/groups")) == few


def test_a_group_with_500_members_is_constant_in_queries(client, auth, app):
    owner = clinician("Olu Owner")
    group = make_group(owner, name="Big group")
    make_thread(group, owner)
    auth.login(owner.email)
    paths = [f"/groups/{group.id}", f"/groups/{group.id}/members",
             f"/api/v1/groups/{group.id}/members", f"/api/v1/groups/{group.id}"]
    few = [_queries(client, path) for path in paths]
    add_members(group, many_members(500, "Crowd"))
    many = [_queries(client, path) for path in paths]
    assert many == few
    page = client.get(f"/groups/{group.id}/members").get_data(as_text=True)
    assert page.count("data-member=") == 50


def test_a_thread_with_300_replies_is_constant_in_queries(client, auth, app):
    owner = clinician("Tia Thread")
    group = make_group(owner, name="Busy group")
    thread = make_thread(group, owner, "Long one")
    authors = many_members(10, "Writer")
    add_members(group, authors)
    many_replies(thread, authors, 3)
    auth.login(owner.email)
    paths = [f"/groups/threads/{thread.id}", f"/api/v1/groups/threads/{thread.id}/posts",
             f"/groups/{group.id}"]
    few = [_queries(client, path) for path in paths]
    many_replies(thread, authors, 297)
    assert [_queries(client, path) for path in paths] == few
    page = client.get(f"/groups/threads/{thread.id}?page=10").get_data(as_text=True)
    assert "Reply number 296" in page and "Reply number 2<" not in page
