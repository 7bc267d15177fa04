import pytest
from sqlalchemy import func, select

from peerlink.connections import blocks
from peerlink.connections import services as connections
from peerlink.connections.models import Block, Connection
from peerlink.errors import NotFound, ValidationFailed
from peerlink.extensions import db
from peerlink.profiles import privacy
from peerlink.profiles.models import Profile
from tests.factories import PASSWORD, clinician


def row_count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def visible_ids(viewer) -> set[int]:
    return set(db.session.scalars(select(Profile.user_id).where(
        privacy.full_profile_visible_to(viewer))))


def test_block_removes_the_connection_and_requests_both_ways(ana, ben):
    connections.accept_request(ben, connections.request_connection(ana, ben.id).id)
    declined = connections.request_connection(clinician("Cy Carter"), ana.id)
    connections.decline_request(ana, declined.id)
    blocks.block(ana, ben.id)
    assert connections.list_connections(ana.id) == []
    assert connections.list_connections(ben.id) == []
    assert row_count(Connection) == 1  # only Cy's request is untouched
    assert connections.relationship(ana.id, ben.id) == "blocked_by_me"
    # The blocked member is not told: from their side there is simply nothing.
    assert connections.relationship(ben.id, ana.id) == "none"
    assert [b.member.display_name for b in blocks.list_blocks(ana.id)] == ["Ben Brooks"]
    assert blocks.list_blocks(ben.id) == []


def test_block_removes_a_pending_request(ana, ben):
    connections.request_connection(ben, ana.id)
    blocks.block(ana, ben.id)
    assert row_count(Connection) == 0
    assert connections.list_requests(ana.id, "incoming") == []


def test_block_removes_what_each_was_told_about_the_other(ana, ben):
    from peerlink.notifications.services import list_notifications

    cy = clinician("Cy Carter")
    connections.accept_request(ana, connections.request_connection(ben, ana.id).id)
    connections.request_connection(cy, ana.id)
    connections.request_connection(cy, ben.id)
    told = {user.id: [n.message for n in list_notifications(user.id)] for user in (ana, ben)}
    assert "Ben Brooks asked to connect with you." in told[ana.id]
    assert "Ana Alvarez accepted your connection request." in told[ben.id]

    blocks.block(ben, ana.id)
    # Ana (blocked) keeps nothing that names Ben, and Ben nothing that names Ana; what Cy
    # caused is untouched.
    assert [n.message for n in list_notifications(ana.id)] == [
        "Cy Carter asked to connect with you."]
    assert [n.message for n in list_notifications(ben.id)] == [
        "Cy Carter asked to connect with you."]


def test_block_hides_both_ways_in_privacy(ana, ben):
    assert ben.id in visible_ids(ana) and ana.id in visible_ids(ben)
    blocks.block(ana, ben.id)
    assert ben.id not in visible_ids(ana)
    assert ana.id not in visible_ids(ben)
    assert privacy.is_blocked_either_way(ben.id, ana.id)
    assert privacy.is_blocked_either_way(ana.id, ben.id)
    with pytest.raises(NotFound):
        connections.member(ben, ana.id)
    with pytest.raises(NotFound):
        connections.member(ana, ben.id)


def test_blocked_member_cannot_request_either_way(ana, ben):
    blocks.block(ana, ben.id)
    with pytest.raises(NotFound) as refused:
        connections.request_connection(ben, ana.id)
    # The same answer as for a member who does not exist.
    assert refused.value.message == "No such member."
    with pytest.raises(NotFound):
        connections.request_connection(ana, ben.id)
    assert row_count(Connection) == 0


def test_block_is_idempotent_and_mutual_blocks_are_allowed(ana, ben):
    blocks.block(ana, ben.id)
    blocks.block(ana, ben.id)
    blocks.block(ben, ana.id)
    assert row_count(Block) == 2
    blocks.unblock(ana, ben.id)
    # Ben's block still keeps them apart.
    assert privacy.is_blocked_either_way(ana.id, ben.id)
    with pytest.raises(NotFound):
        connections.request_connection(ana, ben.id)


def test_unblock_restores_reach_but_not_the_connection(ana, ben):
    connections.accept_request(ben, connections.request_connection(ana, ben.id).id)
    blocks.block(ana, ben.id)
    blocks.unblock(ana, ben.id)
    assert blocks.list_blocks(ana.id) == []
    assert connections.relationship(ana.id, ben.id) == "none"
    assert connections.request_connection(ben, ana.id).status == "pending"
    with pytest.raises(NotFound):
        blocks.unblock(ana, ben.id)


def test_cannot_block_self_or_nobody(ana):
    with pytest.raises(ValidationFailed) as own:
        blocks.block(ana, ana.id)
    assert "user_id" in own.value.errors
    with pytest.raises(NotFound):
        blocks.block(ana, 987654)
    assert row_count(Block) == 0


def test_admin_sees_every_profile_but_a_block_still_applies_to_connections(ana):
    admin = clinician("Ada Admin", role="admin")
    blocks.block(ana, admin.id)
    # privacy lets admins see all profiles (moderation); reaching out is still refused.
    assert ana.id in visible_ids(admin)
    with pytest.raises(NotFound):
        connections.request_connection(admin, ana.id)
    assert connections.may_contact(admin, ana) is False


def test_profile_page_is_gone_both_ways(client, auth, ana, ben):
    auth.login(ben.email, PASSWORD)
    assert client.get(f"/people/{ana.id}").status_code == 200
    blocks.block(ana, ben.id)
    assert client.get(f"/people/{ana.id}").status_code == 404
    assert client.get(f"/api/v1/profiles/{ana.id}").status_code == 404
    auth.logout()
    auth.login(ana.email, PASSWORD)
    assert client.get(f"/people/{ben.id}").status_code == 404
