"""Groups' rules, through the services: who sees, reads, posts and runs a group."""

import pytest

from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.groups import discussions, services
from peerlink.groups.models import Membership
from tests.factories import add_member, clinician, make_group, make_thread


@pytest.fixture
def people(app):
    return {name: clinician(name.title()) for name in
            ("owner", "moderator", "member", "other", "outsider")}


@pytest.fixture
def private(people):
    group = make_group(people["owner"], name="Perinatal mood disorders", visibility="private")
    add_member(group, people["moderator"], role="moderator")
    add_member(group, people["member"])
    add_member(group, people["other"])
    return group


def test_the_creator_owns_the_group_and_circles_are_private_and_unlisted(people):
    circle = make_group(people["owner"], kind="peer_support", visibility="open", listed=True)
    assert (circle.visibility, circle.listed) == ("private", False)
    assert services.membership_of(people["owner"].id, circle.id).role == "owner"


def test_a_non_member_of_a_private_group_gets_not_found_for_its_insides(people, private):
    thread = make_thread(private, people["member"], body="The planted words")
    outsider = people["outsider"]
    assert services.group_view(outsider, private.id).can_read is False
    with pytest.raises(NotFound):
        discussions.list_threads(outsider, private.id)
    with pytest.raises(NotFound):
        discussions.thread_page(outsider, thread.id)
    with pytest.raises(NotFound):
        services.members_page(outsider, private.id)


def test_unlisted_groups_are_not_named_to_non_members(people):
    circle = make_group(people["owner"], name="Burnout circle", kind="peer_support")
    with pytest.raises(NotFound):
        services.group_view(people["outsider"], circle.id)
    assert [v.group.name for v in services.list_groups(people["outsider"])] == []
    assert [v.group.name for v in services.list_groups(people["owner"])] == ["Burnout circle"]


def test_open_groups_join_private_groups_request(people, private):
    open_group = make_group(people["owner"], name="DBT skills")
    assert services.join(people["outsider"], open_group.id).status == "active"
    with pytest.raises(PermissionDenied):
        services.join(people["outsider"], private.id)
    assert services.request_to_join(people["outsider"], private.id).status == "requested"
    with pytest.raises(Conflict):
        services.request_to_join(people["outsider"], private.id)
    services.answer_request(people["moderator"], private.id, people["outsider"].id, True)
    assert services.membership_of(people["outsider"].id, private.id).status == "active"


def test_a_member_cannot_approve_requests(people, private):
    services.request_to_join(people["outsider"], private.id)
    with pytest.raises(PermissionDenied):
        services.answer_request(people["member"], private.id, people["outsider"].id, True)


def test_a_moderator_removes_and_bans_members_but_not_the_owner_or_moderators(people, private):
    moderator = people["moderator"]
    with pytest.raises(PermissionDenied):
        services.ban_member(moderator, private.id, people["owner"].id)
    with pytest.raises(PermissionDenied):
        services.remove_member(moderator, private.id, people["owner"].id)
    second = clinician("Second Moderator")
    add_member(private, second, role="moderator")
    with pytest.raises(PermissionDenied):
        services.ban_member(moderator, private.id, second.id)
    services.remove_member(moderator, private.id, people["member"].id)
    assert services.membership_of(people["member"].id, private.id) is None
    services.ban_member(moderator, private.id, people["other"].id)
    assert services.membership_of(people["other"].id, private.id).status == "banned"


def test_the_owner_may_ban_a_moderator(people, private):
    services.ban_member(people["owner"], private.id, people["moderator"].id)
    assert services.membership_of(people["moderator"].id, private.id).status == "banned"


def test_banned_members_cannot_rejoin_or_ask(people, private):
    open_group = make_group(people["owner"], name="Open one")
    add_member(open_group, people["outsider"])
    services.ban_member(people["owner"], open_group.id, people["outsider"].id)
    with pytest.raises(PermissionDenied):
        services.join(people["outsider"], open_group.id)
    services.ban_member(people["owner"], private.id, people["member"].id)
    with pytest.raises(PermissionDenied):
        services.request_to_join(people["member"], private.id)
    with pytest.raises(NotFound):
        discussions.list_threads(people["member"], private.id)


def test_the_owner_cannot_leave_without_passing_ownership(people, private):
    with pytest.raises(Conflict):
        services.leave(people["owner"], private.id)
    services.transfer_ownership(people["owner"], private.id, people["member"].id)
    assert services.membership_of(people["member"].id, private.id).role == "owner"
    assert services.membership_of(people["owner"].id, private.id).role == "moderator"
    services.leave(people["owner"], private.id)
    assert services.membership_of(people["owner"].id, private.id) is None


def test_only_the_owner_transfers_or_appoints(people, private):
    with pytest.raises(PermissionDenied):
        services.transfer_ownership(people["moderator"], private.id, people["member"].id)
    with pytest.raises(PermissionDenied):
        services.set_role(people["moderator"], private.id, people["member"].id, "moderator")
    services.set_role(people["owner"], private.id, people["member"].id, "moderator")
    assert services.membership_of(people["member"].id, private.id).role == "moderator"
    with pytest.raises(ValidationFailed):
        services.transfer_ownership(people["owner"], private.id, people["outsider"].id)


def test_an_owner_deleting_their_account_passes_the_group_on(people, private, db):
    from peerlink.accounts import services as accounts
    from tests.factories import PASSWORD

    group_id = private.id
    accounts.delete_account(people["owner"], password=PASSWORD)
    heir = db.session.scalar(db.select(Membership).where(
        Membership.group_id == group_id, Membership.role == "owner"))
    assert heir.user_id == people["moderator"].id


def test_a_group_with_nobody_else_goes_with_its_owner(people, db):
    from peerlink.accounts import services as accounts
    from peerlink.groups.models import Group
    from tests.factories import PASSWORD

    alone = make_group(people["outsider"], name="Only me")
    make_thread(alone, people["outsider"])
    group_id = alone.id
    accounts.delete_account(people["outsider"], password=PASSWORD)
    assert db.session.get(Group, group_id) is None
