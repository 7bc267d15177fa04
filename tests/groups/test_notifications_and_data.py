"""What groups tell members (and whom), what circles never put in an e-mail, and a member's
groups data in their download."""

import pytest
from sqlalchemy import select

from peerlink.accounts import services as accounts
from peerlink.errors import NotFound
from peerlink.groups import invitations, services
from peerlink.notifications.models import Notification
from tests.factories import add_member, clinician, make_group, make_reply, make_thread


def _kinds(db, user):
    return [n.kind for n in db.session.scalars(
        select(Notification).where(Notification.user_id == user.id))]


def test_join_requests_reach_the_groups_moderators_and_the_decision_the_member(app, db):
    owner, moderator, member, asker = (clinician(n) for n in (
        "Rita Owner", "Moe Moderator", "Mel Member", "Ash Asker"))
    group = make_group(owner, name="Geriatric psychiatry", visibility="private")
    add_member(group, moderator, role="moderator")
    add_member(group, member)
    services.request_to_join(asker, group.id)
    assert _kinds(db, owner) == _kinds(db, moderator) == ["group_join_request"]
    assert _kinds(db, member) == []
    services.answer_request(moderator, group.id, asker.id, False)
    assert _kinds(db, asker) == ["group_decision"]
    told = db.session.scalars(select(Notification).where(Notification.user_id == owner.id))
    assert all(n.read_at is not None for n in told)  # the request was answered


def test_a_circles_notification_emails_carry_none_of_its_words(app, db, outbox):
    owner, friend = clinician("Hope Owner"), clinician("Faye Friend")
    circle = make_group(owner, name="Grief work circle", kind="peer_support")
    add_member(circle, friend)
    thread = make_thread(circle, friend, "After the third suicide this year",
                         "I can't stop thinking about it.")
    outbox.clear()
    make_reply(thread, owner, "@Faye Friend I am here; can we talk tomorrow?")
    assert outbox, "the circle's owner mentioned the friend: an e-mail at once"
    for mail in outbox:
        text = mail.subject + mail.body
        assert "Grief work circle" not in text and "third suicide" not in text
        assert "talk tomorrow" not in text


def test_an_open_groups_email_names_the_thread(app, db, outbox):
    owner, friend = clinician("Ned Owner"), clinician("Fred Friend")
    group = make_group(owner, name="Sleep medicine")
    add_member(group, friend)
    outbox.clear()
    make_thread(group, owner, "CBT-I apps", "@Fred Friend which app do you use?")
    assert any("CBT-I apps" in mail.body for mail in outbox)


def test_the_download_holds_the_members_groups_and_posts(app):
    owner, member = clinician("Dora Download"), clinician("Max Member")
    group = make_group(owner, name="Couples therapy")
    add_member(group, member)
    thread = make_thread(group, owner, "Gottman or EFT?", "Which do you train in?")
    make_reply(thread, member, "EFT, mostly.")
    data = accounts.export_account(member)["groups"]
    assert data["memberships"][0]["group"] == "Couples therapy"
    assert [post["body"] for post in data["posts"]] == ["EFT, mostly."]


def test_an_invitation_to_a_member_is_theirs_alone(app):
    owner, invited, other = clinician("Ola Owner"), clinician("Ivy Invited"), clinician("Oz")
    group = make_group(owner, name="Private consult", visibility="private")
    invitation = invitations.invite_member(owner, group.id, invited.id)
    assert invitations.list_invitations(other) == []
    with pytest.raises(NotFound):
        invitations.accept(other, invitation.id)
    invitations.accept(invited, invitation.id)
    assert services.membership_of(invited.id, group.id).status == "active"
