from datetime import timedelta

import pytest
from sqlalchemy import select

from peerlink.connections import blocks
from peerlink.connections import services as connections
from peerlink.connections.models import Connection
from peerlink.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from peerlink.extensions import db
from peerlink.notifications.models import Notification
from tests import factories
from tests.factories import clinician, count_queries


def notifications_for(user):
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def test_request_notifies_the_addressee_and_lists_both_ways(ana, ben):
    connection = connections.request_connection(ana, ben.id, "We met at the trauma track.")
    assert connection.status == "pending"
    [note] = notifications_for(ben)
    assert note.kind == "connection_request"
    assert note.message == "Ana Alvarez asked to connect with you."
    assert note.link == "/connections"
    assert notifications_for(ana) == []

    [incoming] = connections.list_requests(ben.id, "incoming")
    assert (incoming.id, incoming.direction, incoming.note) == (
        connection.id, "incoming", "We met at the trauma track.")
    assert incoming.member.display_name == "Ana Alvarez"
    assert incoming.member.discipline == "Licensed professional counselor (LPC/LPCC)"
    [outgoing] = connections.list_requests(ana.id, "outgoing")
    assert outgoing.member.display_name == "Ben Brooks" and outgoing.direction == "outgoing"
    assert connections.list_requests(ana.id, "incoming") == []
    assert connections.relationship(ana.id, ben.id) == "pending_out"
    assert connections.relationship(ben.id, ana.id) == "pending_in"


def test_accept_connects_and_notifies_the_requester(ana, ben):
    connection = connections.request_connection(ana, ben.id)
    connections.accept_request(ben, connection.id)
    assert [n.message for n in notifications_for(ana)] == [
        "Ben Brooks accepted your connection request."]
    assert [c.member.id for c in connections.list_connections(ana.id)] == [ben.id]
    assert [c.member.id for c in connections.list_connections(ben.id)] == [ana.id]
    assert connections.list_requests(ben.id, "incoming") == []
    assert connections.relationship(ana.id, ben.id) == "connected"
    assert connections.relationship_with(ben.id, ana.id) == ("connected", connection.id)


def test_a_request_notification_follows_the_request(ana, ben):
    """Answered: read. Withdrawn: gone, since there is nothing left to answer."""
    cy = clinician("Cy Carter")
    accepted = connections.request_connection(ana, ben.id)
    declined = connections.request_connection(cy, ben.id)
    connections.accept_request(ben, accepted.id)
    connections.decline_request(ben, declined.id)
    assert [(n.message, n.read_at is not None) for n in notifications_for(ben)] == [
        ("Ana Alvarez asked to connect with you.", True),
        ("Cy Carter asked to connect with you.", True)]

    withdrawn = connections.request_connection(cy, ana.id)
    assert [n.message for n in notifications_for(ana)] == [
        "Ben Brooks accepted your connection request.", "Cy Carter asked to connect with you."]
    connections.withdraw_request(cy, withdrawn.id)
    assert [n.message for n in notifications_for(ana)] == [
        "Ben Brooks accepted your connection request."]
    assert notifications_for(ana)[0].read_at is None  # other notifications are untouched


def test_only_the_addressee_may_answer(ana, ben):
    stranger = clinician("Cy Carter")
    connection = connections.request_connection(ana, ben.id)
    with pytest.raises(NotFound):
        connections.accept_request(stranger, connection.id)
    with pytest.raises(NotFound):
        connections.decline_request(stranger, connection.id)
    with pytest.raises(PermissionDenied):
        connections.accept_request(ana, connection.id)
    with pytest.raises(PermissionDenied):
        connections.decline_request(ana, connection.id)
    with pytest.raises(NotFound):
        connections.accept_request(ben, connection.id + 999)
    assert db.session.get(Connection, connection.id).status == "pending"


def test_answered_requests_cannot_be_answered_again(ana, ben):
    connection = connections.request_connection(ana, ben.id)
    connections.accept_request(ben, connection.id)
    with pytest.raises(Conflict):
        connections.decline_request(ben, connection.id)
    with pytest.raises(Conflict):
        connections.accept_request(ben, connection.id)


def test_decline_is_quiet_and_the_requester_waits(ana, ben):
    connection = connections.request_connection(ana, ben.id)
    connections.decline_request(ben, connection.id)
    assert notifications_for(ana) == []
    assert connections.list_requests(ana.id, "outgoing") == []
    assert connections.list_requests(ben.id, "incoming") == []
    assert connections.relationship(ana.id, ben.id) == "none"

    with pytest.raises(Conflict) as refused:
        connections.request_connection(ana, ben.id)
    assert "You asked Ben Brooks recently" in refused.value.message
    assert refused.value.errors["user_id"] == [refused.value.message]
    assert len(notifications_for(ben)) == 1  # only the first request

    # After the waiting period the same row is reused for a fresh request.
    row = db.session.get(Connection, connection.id)
    row.responded_at = row.responded_at - connections.DECLINE_COOLDOWN - timedelta(minutes=1)
    db.session.commit()
    again = connections.request_connection(ana, ben.id, "Trying once more.")
    assert again.id == connection.id
    assert (again.status, again.note, again.responded_at) == ("pending", "Trying once more.",
                                                              None)
    assert len(notifications_for(ben)) == 2


def test_the_member_who_declined_may_ask_themselves(ana, ben):
    connection = connections.request_connection(ana, ben.id)
    connections.decline_request(ben, connection.id)
    theirs = connections.request_connection(ben, ana.id)
    assert theirs.id != connection.id and theirs.status == "pending"
    connections.accept_request(ana, theirs.id)
    # One row per connected pair: the old declined request is gone.
    rows = db.session.scalars(select(Connection)).all()
    assert [(r.id, r.status) for r in rows] == [(theirs.id, "accepted")]


def test_asking_someone_who_asked_you_accepts_their_request(ana, ben):
    theirs = connections.request_connection(ben, ana.id)
    result = connections.request_connection(ana, ben.id, "Yes!")
    assert result.id == theirs.id and result.status == "accepted"
    assert [n.kind for n in notifications_for(ben)] == ["connection_accepted"]
    assert db.session.scalar(select(Connection).where(Connection.requester_id == ana.id)) is None


def test_duplicates_self_and_unknown_are_refused(ana, ben):
    connections.request_connection(ana, ben.id)
    with pytest.raises(Conflict, match="already asked Ben Brooks"):
        connections.request_connection(ana, ben.id)
    with pytest.raises(ValidationFailed) as own:
        connections.request_connection(ana, ana.id)
    assert "user_id" in own.value.errors
    with pytest.raises(NotFound):
        connections.request_connection(ana, 987654)
    assert db.session.scalar(select(db.func.count()).select_from(Connection)) == 1


def test_already_connected_is_a_conflict_both_ways(ana, ben):
    connections.accept_request(ben, connections.request_connection(ana, ben.id).id)
    with pytest.raises(Conflict, match="already connected"):
        connections.request_connection(ana, ben.id)
    with pytest.raises(Conflict, match="already connected"):
        connections.request_connection(ben, ana.id)


def test_withdraw_only_by_the_requester_and_only_while_pending(ana, ben):
    stranger = clinician("Cy Carter")
    connection = connections.request_connection(ana, ben.id)
    with pytest.raises(NotFound):
        connections.withdraw_request(stranger, connection.id)
    with pytest.raises(PermissionDenied):
        connections.withdraw_request(ben, connection.id)
    assert connections.withdraw_request(ana, connection.id) == ben.id
    assert db.session.get(Connection, connection.id) is None

    declined = connections.request_connection(ana, ben.id)
    connections.decline_request(ben, declined.id)
    # Withdrawing a declined request would dodge the waiting period.
    with pytest.raises(Conflict):
        connections.withdraw_request(ana, declined.id)
    with pytest.raises(Conflict):
        connections.withdraw_or_remove(ana, declined.id)
    assert db.session.get(Connection, declined.id).status == "declined"


def test_remove_by_either_side_only_when_connected(ana, ben):
    stranger = clinician("Cy Carter")
    connection = connections.request_connection(ana, ben.id)
    with pytest.raises(Conflict):
        connections.remove_connection(ana, connection.id)
    connections.accept_request(ben, connection.id)
    with pytest.raises(NotFound):
        connections.remove_connection(stranger, connection.id)
    assert connections.remove_connection(ben, connection.id) == ana.id
    assert connections.list_connections(ana.id) == []
    assert connections.relationship(ana.id, ben.id) == "none"

    again = connections.request_connection(ben, ana.id)
    connections.accept_request(ana, again.id)
    assert connections.withdraw_or_remove(ben, again.id) == ana.id  # removes an accepted one
    assert connections.list_connections(ben.id) == []


def test_lists_run_one_query_however_many_members(app):
    me = clinician("Dee Dawson", discipline="lcsw")
    me_id = me.id

    def build(count, prefix):
        for n in range(count):
            other = clinician(f"{prefix} Peer{n}", discipline="psychiatrist")
            connection = connections.request_connection(other, me.id)
            if n % 2:
                connections.accept_request(me, connection.id)
        db.session.expire_all()

    build(2, "Small")
    with count_queries() as small:
        connections.list_connections(me_id)
        connections.list_requests(me_id, "incoming")
    build(6, "Large")
    with count_queries() as large:
        listed = connections.list_connections(me_id)
        pending = connections.list_requests(me_id, "incoming")
    assert len(listed) == 4 and len(pending) == 4
    assert all(entry.member.discipline == "Psychiatrist" for entry in listed + pending)
    assert small[0] == large[0] == 2


def test_connections_are_sorted_by_name(ana):
    for name in ("Zed Zimmer", "Mo Martin", "Al Abbott"):
        other = clinician(name)
        connections.accept_request(other, connections.request_connection(ana, other.id).id)
    assert [c.member.display_name for c in connections.list_connections(ana.id)] == [
        "Al Abbott", "Mo Martin", "Zed Zimmer"]


def test_member_without_a_profile_is_listed_by_account_name(ana):
    bare = factories.make_user(name="Plain Account")
    if bare.profile is not None:  # the profiles feature creates one with the account
        db.session.delete(bare.profile)
        db.session.commit()
    connections.request_connection(ana, bare.id)
    [entry] = connections.list_requests(bare.id, "incoming")
    assert entry.member.display_name == "Ana Alvarez"
    [out] = connections.list_requests(ana.id, "outgoing")
    assert (out.member.display_name, out.member.discipline) == ("Plain Account", None)


def test_entry_is_only_for_the_two_members(ana, ben):
    connection = connections.request_connection(ana, ben.id)
    assert connections.entry(ana.id, connection.id).member.id == ben.id
    assert connections.entry(ben.id, connection.id).member.id == ana.id
    with pytest.raises(NotFound):
        connections.entry(clinician("Cy Carter").id, connection.id)


def test_may_contact(ana, ben):
    assert connections.may_contact(ana, ben) is True
    assert connections.may_contact(ana.id, ben.id) is True
    assert connections.may_contact(ana, ana) is False
    assert connections.may_contact(ana, 987654) is False
    blocks.block(ben, ana.id)
    assert connections.may_contact(ana, ben) is False
    assert connections.may_contact(ben, ana) is False
    blocks.unblock(ben, ana.id)
    assert connections.may_contact(ana, ben) is True


def test_a_connections_only_profile_can_still_be_asked(ana):
    """Its limited card is visible to any member who is not blocked, so a request is fine."""
    private = clinician("Private Person", discipline="psychiatrist", visibility="connections")
    assert connections.member(ana, private.id).display_name == "Private Person"
    assert connections.request_connection(ana, private.id).status == "pending"
