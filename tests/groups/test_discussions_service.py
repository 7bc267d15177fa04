"""Threads, replies, mentions, follows, edits, removals, reports, circles and search."""

import pytest
from sqlalchemy import select

from peerlink.errors import Conflict, NotFound, PermissionDenied
from peerlink.groups import discussions, invitations, reports, services
from peerlink.groups.models import Post
from peerlink.notifications.models import Notification
from tests.factories import (
    add_member,
    block,
    clinician,
    make_group,
    make_reply,
    make_thread,
    make_user,
)


def _told(db, user, kind=None):
    query = select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.scalars(query).all()


@pytest.fixture
def cast(app):
    people = {name: clinician(name) for name in
              ("Olga Owner", "Milo Moderator", "Mina Member", "Otto Other", "Nell Outsider")}
    owner, moderator, member, other, outsider = people.values()
    group = make_group(owner, name="Trauma-focused CBT", visibility="private")
    add_member(group, moderator, role="moderator")
    add_member(group, member)
    add_member(group, other)
    return group, owner, moderator, member, other, outsider


def test_followers_hear_of_replies_and_the_author_follows_their_own(cast, db):
    group, owner, moderator, member, other, _ = cast
    thread = make_thread(group, member, "Exposure pacing", "How fast do you go?")
    make_reply(thread, other, "Slowly, with a hierarchy.")
    told = _told(db, member, "group_reply")
    assert len(told) == 1 and "Otto Other replied" in told[0].message
    assert _told(db, owner, "group_reply") == []


def test_mentions_notify_members_only(cast, db):
    group, owner, moderator, member, other, outsider = cast
    make_thread(group, member, "Supervision", "@Otto Other and @Nell Outsider, thoughts?")
    assert len(_told(db, other, "group_mention")) == 1
    assert _told(db, outsider) == []


def test_a_mention_across_a_block_is_not_sent(cast, db):
    group, owner, moderator, member, other, _ = cast
    block(other, member)
    make_thread(group, member, "Supervision", "@Otto Other?")
    assert _told(db, other) == []


def test_only_the_author_edits_and_deletes_and_edits_are_marked(cast):
    group, owner, moderator, member, other, _ = cast
    thread = make_thread(group, member)
    post = make_reply(thread, member, "first")
    with pytest.raises(PermissionDenied):
        discussions.edit_post(other, post.id, "hijack")
    discussions.edit_post(member, post.id, "second")
    view = discussions.post_view(other, post.id)
    assert (view.body, view.edited) == ("second", True)
    discussions.delete_post(member, post.id)
    assert discussions.post_view(other, post.id).state == "deleted"
    assert discussions.post_view(other, post.id).body is None


def test_a_moderator_removes_a_post_with_a_reason_only_its_author_and_moderators_read(cast, db):
    group, owner, moderator, member, other, _ = cast
    thread = make_thread(group, owner)
    post = make_reply(thread, member, "Name of my client: ...")
    with pytest.raises(PermissionDenied):
        discussions.remove_post(other, post.id, "no")
    discussions.remove_post(moderator, post.id, "Identifies a client")
    mine = discussions.post_view(member, post.id)
    assert (mine.state, mine.removal_reason) == ("removed", "Identifies a client")
    theirs = discussions.post_view(other, post.id)
    assert (theirs.body, theirs.removal_reason) == (None, None)
    assert "Identifies a client" in _told(db, member, "group_decision")[0].message


def test_reports_reach_the_groups_moderators_only(cast, db):
    group, owner, moderator, member, other, outsider = cast
    elsewhere = make_group(outsider, name="Another group")
    thread = make_thread(group, owner)
    post = make_reply(thread, member, "Something off")
    reports.report_post(other, post.id, "Disrespectful")
    assert len(_told(db, owner, "group_report")) == 1
    assert len(_told(db, moderator, "group_report")) == 1
    assert _told(db, member, "group_report") == [] and _told(db, outsider) == []
    queue, total = reports.queue(moderator, group.id)
    assert total == 1 and queue[0].reason == "Disrespectful"
    with pytest.raises(PermissionDenied):
        reports.queue(member, group.id)
    with pytest.raises(NotFound):
        reports.queue(outsider, group.id)
    assert reports.queue(outsider, elsewhere.id)[1] == 0
    with pytest.raises(Conflict):
        reports.report_post(other, post.id, "again")
    discussions.remove_post(moderator, post.id, "Disrespectful")
    assert reports.queue(moderator, group.id)[1] == 0


def test_locked_threads_take_no_replies_from_members(cast):
    group, owner, moderator, member, other, _ = cast
    thread = make_thread(group, member)
    discussions.set_thread_flags(moderator, thread.id, pinned=True, locked=True)
    with pytest.raises(Conflict):
        make_reply(thread, other)
    with pytest.raises(PermissionDenied):
        discussions.set_thread_flags(member, thread.id, pinned=False)
    assert discussions.thread_entry(member, thread.id).pinned is True


def test_circle_members_accept_the_norms_before_their_first_post(app, db):
    owner, friend = clinician("Cara Owner"), clinician("Finn Friend")
    circle = make_group(owner, name="Compassion fatigue circle", kind="peer_support",
                        rules="What is said here stays here.")
    invitations.invite_member(owner, circle.id, friend.id)
    assert _told(db, friend)[0].kind == "circle_activity"
    invitation = invitations.list_invitations(friend)[0]
    invitations.accept(friend, invitation.id)
    with pytest.raises(PermissionDenied, match="norms"):
        make_thread(circle, friend)
    services.acknowledge_norms(friend, circle.id)
    thread = make_thread(circle, friend, "A heavy week", "Three crises in a row.")
    make_reply(thread, owner, "@Finn Friend, thank you for saying so.")
    assert {n.kind for n in _told(db, friend)} == {"circle_activity"}


def test_an_email_invitation_becomes_theirs_once_they_sign_up_and_confirm(app, db, outbox):
    from peerlink.accounts import services as accounts

    owner = clinician("Ines Owner")
    group = make_group(owner, name="Eating disorders consult", visibility="private")
    invitations.invite_by_email(owner, group.id, "New.Person@Example.org")
    assert "Eating disorders consult" in outbox[-1].subject
    link = next(line for line in outbox[-1].body.splitlines() if "/groups/invitations/" in line)
    token = link.rsplit("/", 1)[1]
    newcomer = make_user(email="new.person@example.org", confirmed=False)
    assert invitations.list_invitations(newcomer) == []
    with pytest.raises(NotFound):
        invitations.by_token(newcomer, token)
    newcomer.email_confirmed_at = accounts.utcnow()
    db.session.commit()
    found = invitations.by_token(newcomer, token)
    invitations.accept(newcomer, found.id)
    assert services.membership_of(newcomer.id, group.id).status == "active"


def test_a_circles_invitation_email_does_not_name_it(app, outbox):
    owner = clinician("Ivo Owner")
    circle = make_group(owner, name="Secret circle name", kind="peer_support")
    invitations.invite_by_email(owner, circle.id, "someone@example.org")
    assert "Secret circle name" not in outbox[-1].subject + outbox[-1].body


def test_search_within_a_groups_threads_finds_titles_and_replies(cast):
    group, owner, moderator, member, other, outsider = cast
    make_thread(group, member, "Sleep hygiene handouts", "Which ones do you use?")
    thread = make_thread(group, other, "Ketamine clinics", "Any experience?")
    make_reply(thread, owner, "Our psychiatrist refers to one in Denver.")
    assert [t.title for t in discussions.list_threads(member, group.id, "sleep")[0]] == [
        "Sleep hygiene handouts"]
    assert [t.title for t in discussions.list_threads(member, group.id, "denv")[0]] == [
        "Ketamine clinics"]
    with pytest.raises(NotFound):
        discussions.list_threads(outsider, group.id, "sleep")


def test_removed_posts_leave_the_index(cast):
    group, owner, moderator, member, other, _ = cast
    thread = make_thread(group, member, "Intake forms", "Plain")
    post = make_reply(thread, other, "zebrafish")
    assert discussions.list_threads(member, group.id, "zebrafish")[1] == 1
    discussions.remove_post(moderator, post.id, "Off topic")
    assert discussions.list_threads(member, group.id, "zebrafish")[1] == 0


def test_deleting_an_account_deletes_the_text_of_its_posts(cast, db):
    from peerlink.accounts import services as accounts
    from tests.factories import PASSWORD

    group, owner, moderator, member, other, _ = cast
    thread = make_thread(group, owner)
    post = make_reply(thread, other, "My words")
    accounts.delete_account(other, password=PASSWORD)
    kept = db.session.get(Post, post.id)
    assert kept.body == "" and kept.deleted_at is not None
