"""Every account gets exactly one profile, in the same transaction, and the index hears of it."""

from sqlalchemy import func, select

from peerlink.profiles.models import Profile
from peerlink.profiles.signals import profile_changed
from tests import factories
from tests.conftest import csrf_token
from tests.factories import profile_of


def test_a_new_account_gets_a_profile_named_after_it(app, db):
    seen = []
    with profile_changed.connected_to(lambda profile, **_: seen.append(profile.user_id)):
        user = factories.make_user(name="Amara Okafor")
    profile = profile_of(user)
    assert profile.display_name == "Amara Okafor"
    assert (profile.visibility, profile.verification_status) == ("members", "unverified")
    assert profile.consultation_topics == [] and profile.license_number == ""
    assert seen == [user.id]


def test_registering_through_the_form_creates_the_profile(client, db):
    response = client.post("/register", data={
        "name": "Lee Park", "email": "lee@example.org", "password": "lantern-orchard-violet-42",
        "csrf_token": csrf_token(client, "/register")})
    assert response.status_code == 302
    assert db.session.scalar(select(Profile.display_name)) == "Lee Park"


def test_registering_with_a_taken_address_adds_no_profile(client, db, user):
    response = client.post("/register", data={
        "name": "Copy", "email": user.email, "password": "lantern-orchard-violet-42",
        "csrf_token": csrf_token(client, "/register")})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Profile)) == 1


def test_my_profile_link_goes_to_my_page(client, logged_in):
    page = client.get("/account").get_data(as_text=True)
    assert f'href="/people/{logged_in.id}">My profile' in page
    assert ">Reviews<" not in page
    response = client.get("/profile")
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{logged_in.id}"


def test_moderators_get_the_reviews_link(client, auth):
    moderator = factories.make_user(role="moderator")
    auth.login(moderator.email)
    assert 'href="/moderation/licenses">Reviews' in client.get("/account").get_data(as_text=True)


def test_admins_get_one_admin_link_to_every_admin_page(client, auth):
    admin = factories.make_user(role="admin")
    auth.login(admin.email)
    assert 'href="/admin">Admin' in client.get("/account").get_data(as_text=True)
    hub = client.get("/admin").get_data(as_text=True)
    for path in ("/moderation/licenses", "/admin/members", "/admin/audit",
                 "/admin/taxonomies", "/admin/credit-bodies", "/ce-log/templates"):
        assert f'href="{path}"' in hub
