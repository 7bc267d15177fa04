"""The profile page applies privacy: who sees the full profile, the email, the license number."""

import pytest

from tests import factories
from tests.factories import block, connect, count_queries, fill_profile

SECRET_NUMBER = "PSY-4417-SECRET"


@pytest.fixture
def owner(app):
    owner = factories.make_user(name="Rosa Delgado", email="rosa@example.org")
    fill_profile(owner, discipline="psychologist", credentials="PhD, LP",
                 specialties=["trauma-ptsd"], modalities=["emdr"], city="Austin", region="TX",
                 country="US", timezone="America/Chicago", bio="I work with **adolescents**.",
                 open_to_consultation=True, consultation_topics=["EMDR with teens"],
                 license_jurisdiction="Texas", license_number=SECRET_NUMBER,
                 verification_status="verified")
    return owner


def page_as(client, auth, viewer, owner):
    auth.logout()
    auth.login(viewer.email)
    return client.get(f"/people/{owner.id}")


def is_full(page: str) -> bool:
    return 'data-profile="full"' in page and "Trauma &amp; PTSD" in page and "adolescents" in page


def test_a_stranger_sees_a_members_profile_but_not_the_email_or_number(client, auth, owner):
    response = page_as(client, auth, factories.make_user(), owner)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_full(page)
    assert "PhD, LP" in page and "License verified" in page and "Licensed in" in page
    assert "rosa@example.org" not in page
    assert SECRET_NUMBER not in page


def test_connections_only_profile_shows_strangers_the_limited_card(client, auth, owner):
    fill_profile(owner, visibility="connections")
    page = page_as(client, auth, factories.make_user(), owner).get_data(as_text=True)
    assert 'data-profile="limited"' in page and "data-limited-profile" in page
    assert "Rosa Delgado" in page and "Psychologist" in page and "PhD, LP" in page
    assert "License verified" in page
    assert "Trauma" not in page and "adolescents" not in page and "Austin" not in page
    assert SECRET_NUMBER not in page


def test_attendees_setting_without_shared_events_is_limited_for_strangers(client, auth, owner):
    fill_profile(owner, visibility="connections_and_attendees")
    page = page_as(client, auth, factories.make_user(), owner).get_data(as_text=True)
    assert 'data-profile="limited"' in page and not is_full(page)


@pytest.mark.parametrize("visibility", ["connections", "connections_and_attendees"])
def test_a_connection_sees_the_full_profile(client, auth, owner, visibility):
    fill_profile(owner, visibility=visibility)
    friend = factories.make_user()
    connect(friend, owner)
    page = page_as(client, auth, friend, owner).get_data(as_text=True)
    assert is_full(page)
    assert SECRET_NUMBER not in page


def test_email_is_shown_to_connections_only_when_the_owner_allows(client, auth, owner):
    friend, stranger = factories.make_user(), factories.make_user()
    connect(owner, friend)
    assert "rosa@example.org" not in page_as(client, auth, friend, owner).get_data(as_text=True)
    fill_profile(owner, show_email_to_connections=True)
    assert "rosa@example.org" in page_as(client, auth, friend, owner).get_data(as_text=True)
    assert "rosa@example.org" not in page_as(client, auth, stranger, owner).get_data(as_text=True)


@pytest.mark.parametrize("direction", ["owner_blocked_viewer", "viewer_blocked_owner"])
def test_a_blocked_member_learns_nothing(client, auth, owner, direction):
    viewer = factories.make_user()
    if direction == "owner_blocked_viewer":
        block(owner, viewer)
    else:
        block(viewer, owner)
    response = page_as(client, auth, viewer, owner)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Rosa Delgado" not in page and "Psychologist" not in page


def test_a_blocked_connection_learns_nothing_either(client, auth, owner):
    viewer = factories.make_user()
    connect(owner, viewer)
    block(owner, viewer)
    assert page_as(client, auth, viewer, owner).status_code == 404


def test_an_admin_sees_everything_including_the_number(client, auth, owner):
    fill_profile(owner, visibility="connections")
    admin = factories.make_user(role="admin")
    block(owner, admin)
    page = page_as(client, auth, admin, owner).get_data(as_text=True)
    assert is_full(page)
    assert SECRET_NUMBER in page and "rosa@example.org" in page


def test_a_moderator_does_not_see_the_number(client, auth, owner):
    page = page_as(client, auth, factories.make_user(role="moderator"), owner).get_data(
        as_text=True)
    assert is_full(page) and SECRET_NUMBER not in page


def test_the_owner_sees_their_number_and_the_edit_links(client, auth, owner):
    page = page_as(client, auth, owner, owner).get_data(as_text=True)
    assert is_full(page)
    assert SECRET_NUMBER in page and "only you and admins" in page
    assert 'href="/profile/edit"' in page and 'href="/profile/license"' in page


def test_the_edit_links_are_for_the_owner_only(client, auth, owner):
    page = page_as(client, auth, factories.make_user(), owner).get_data(as_text=True)
    assert 'href="/profile/edit"' not in page


def test_unknown_member_is_404_and_anonymous_must_log_in(client, auth, owner):
    response = client.get(f"/people/{owner.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    auth.login(owner.email)
    assert client.get("/people/999999").status_code == 404


def test_bio_markdown_renders_inert(client, auth, owner):
    fill_profile(owner, bio="<script>alert('x')</script>\n\n[click me](javascript:alert(1)) "
                            "<img src=x onerror=alert(2)> **bold**")
    page = page_as(client, auth, factories.make_user(), owner).get_data(as_text=True)
    bio = page.split("data-profile-bio>", 1)[1].split("</div>", 1)[0]
    assert "<strong>bold</strong>" in bio
    assert "&lt;script&gt;" in bio  # shown as text, never run
    assert "<script" not in bio and "<img" not in bio
    assert "<a " not in bio and "href=\"javascript" not in page


def test_the_page_runs_the_same_number_of_queries_however_many_terms(client, auth, owner):
    many = factories.make_user()
    fill_profile(many, specialties=["trauma-ptsd", "child-adolescent", "substance-use",
                                    "perinatal", "eating-disorders", "grief-loss", "anxiety-ocd",
                                    "mood-disorders", "couples", "sleep"],
                 modalities=["cbt", "dbt", "emdr", "act", "ifs"],
                 languages=["en", "es", "fr"], discipline="lcsw", setting="hospital")
    fill_profile(owner, languages=["en"], setting="hospital")
    viewer = factories.make_user()
    auth.login(viewer.email)
    client.get(f"/people/{owner.id}")  # warm-up: first-request caches
    with count_queries() as one_term:
        assert client.get(f"/people/{owner.id}").status_code == 200
    with count_queries() as ten_terms:
        page = client.get(f"/people/{many.id}").get_data(as_text=True)
    assert "Sleep &amp; insomnia" in page
    assert one_term[0] == ten_terms[0]
    # 15 before the page offered "Request a consultation" (may this viewer ask this member?)
    assert ten_terms[0] <= 17
