"""Admins edit the taxonomies (HTML and API); everyone else gets 403; `flask seed-taxonomies`."""

import pytest
from sqlalchemy import func, select

from peerlink.profiles.signals import profile_changed
from peerlink.taxonomy.defaults import LANGUAGES
from peerlink.taxonomy.models import KINDS, Specialty
from tests import factories
from tests.factories import bearer, fill_profile, seed_terms


@pytest.fixture
def admin(app):
    seed_terms()
    return factories.make_user(role="admin")


def slugs(client, headers, name="specialties", **query):
    response = client.get(f"/api/v1/taxonomies/{name}", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    return [term["slug"] for term in response.get_json()]


@pytest.mark.parametrize("role", ["member", "moderator", "organizer"])
def test_non_admins_get_403_everywhere(client, auth, db, role):
    seed_terms()
    user = factories.make_user(role=role)
    auth.login(user.email)
    assert client.get("/admin/taxonomies").status_code == 403
    assert client.get("/admin/taxonomies/specialties").status_code == 403
    assert auth.post("/admin/taxonomies/specialties",
                     {"slug": "new-thing", "label": "New"}).status_code == 403
    assert auth.post("/admin/taxonomies/specialties/sleep",
                     {"label": "Renamed", "position": "1"}).status_code == 403
    headers = bearer(client, user)
    assert client.post("/api/v1/taxonomies/specialties", headers=headers,
                       json={"slug": "new-thing", "label": "New"}).status_code == 403
    assert client.patch("/api/v1/taxonomies/specialties/sleep", headers=headers,
                        json={"active": False}).status_code == 403
    assert client.get("/api/v1/taxonomies/specialties?include_retired=true",
                      headers=headers).status_code == 403
    assert db.session.scalar(select(Specialty.label).where(Specialty.slug == "sleep")) == \
        "Sleep & insomnia"
    assert db.session.scalar(select(Specialty.id).where(Specialty.slug == "new-thing")) is None


def test_members_read_active_terms_in_order(client, admin):
    member = factories.make_user()
    terms = client.get("/api/v1/taxonomies/disciplines", headers=bearer(client, member)).get_json()
    assert terms[0] == {"slug": "psychologist", "label": "Psychologist", "position": 0,
                        "active": True}
    assert client.get("/api/v1/taxonomies/astrology",
                      headers=bearer(client, member)).status_code == 404


def test_admin_pages_list_every_taxonomy_and_its_terms(client, auth, admin):
    auth.login(admin.email)
    index = client.get("/admin/taxonomies").get_data(as_text=True)
    for name in KINDS:
        assert f'href="/admin/taxonomies/{name}"' in index
    page = client.get("/admin/taxonomies/modalities").get_data(as_text=True)
    assert 'data-term="emdr"' in page and 'value="EMDR"' in page
    assert client.get("/admin/taxonomies/astrology").status_code == 404


def test_admin_adds_renames_reorders_and_retires_in_html(client, auth, admin):
    auth.login(admin.email)
    response = auth.post("/admin/taxonomies/specialties",
                         {"slug": "climate-distress", "label": "Climate distress"})
    assert response.status_code == 302
    headers = bearer(client, admin)
    assert slugs(client, headers)[-1] == "climate-distress"

    response = auth.post("/admin/taxonomies/specialties/climate-distress",
                         {"label": "Climate & eco-anxiety", "position": "0", "active": "true"})
    assert response.status_code == 302
    terms = client.get("/api/v1/taxonomies/specialties", headers=headers).get_json()
    assert {"slug": "climate-distress", "label": "Climate & eco-anxiety", "position": 0,
            "active": True} in terms
    assert slugs(client, headers)[:2] == ["climate-distress", "trauma-ptsd"]  # then by label

    # Unticked "in use" retires it: gone from members' lists and the editor.
    response = auth.post("/admin/taxonomies/specialties/climate-distress",
                         {"label": "Climate & eco-anxiety", "position": "0"})
    assert response.status_code == 302
    assert "climate-distress" not in slugs(client, headers)
    assert "climate-distress" in slugs(client, headers, include_retired="true")
    assert 'value="climate-distress"' not in client.get("/profile/edit").get_data(as_text=True)


def test_html_errors_name_the_field(client, auth, db, admin):
    auth.login(admin.email)
    duplicate = auth.post("/admin/taxonomies/specialties", {"slug": "sleep", "label": "Again"})
    assert duplicate.status_code == 422
    assert "already in this list" in duplicate.get_data(as_text=True)
    bad_slug = auth.post("/admin/taxonomies/specialties", {"slug": "Bad Slug!", "label": "X"})
    assert bad_slug.status_code == 422 and 'href="#field-slug"' in bad_slug.get_data(as_text=True)
    blank = auth.post("/admin/taxonomies/specialties/sleep", {"label": "", "position": "2"})
    assert blank.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Specialty)) == 16
    assert auth.post("/admin/taxonomies/specialties/nope",
                     {"label": "X", "position": "1"}).status_code == 404


def test_api_admin_add_and_patch(client, admin):
    headers = bearer(client, admin)
    created = client.post("/api/v1/taxonomies/languages", headers=headers,
                          json={"slug": "nl", "label": "Dutch"})
    assert created.status_code == 201
    assert created.get_json() == {"slug": "nl", "label": "Dutch", "position": len(LANGUAGES),
                                  "active": True}
    again = client.post("/api/v1/taxonomies/languages", headers=headers,
                        json={"slug": "nl", "label": "Nederlands"})
    assert again.status_code == 422 and "slug" in again.get_json()["errors"]["json"]
    patched = client.patch("/api/v1/taxonomies/languages/nl", headers=headers,
                           json={"label": "Dutch (Nederlands)", "active": False})
    assert patched.status_code == 200
    assert patched.get_json()["label"] == "Dutch (Nederlands)" and not patched.get_json()["active"]
    assert client.patch("/api/v1/taxonomies/languages/xx", headers=headers,
                        json={"label": "?"}).status_code == 404
    bad = client.patch("/api/v1/taxonomies/languages/nl", headers=headers, json={"position": -1})
    assert bad.status_code == 422 and "position" in bad.get_json()["errors"]["json"]


def test_renaming_a_term_reindexes_the_profiles_using_it(client, admin):
    holder, other = factories.make_user(), factories.make_user()
    fill_profile(holder, specialties=["sleep"])
    fill_profile(other, discipline="psychologist")
    changed = []
    with profile_changed.connected_to(lambda profile, **_: changed.append(profile.user_id)):
        client.patch("/api/v1/taxonomies/specialties/sleep", headers=bearer(client, admin),
                     json={"label": "Sleep medicine"})
        client.patch("/api/v1/taxonomies/specialties/sleep", headers=bearer(client, admin),
                     json={"position": 3})  # not a rename: nothing to re-index
    assert changed == [holder.id]


def test_seed_taxonomies_command(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-taxonomies"])
    assert result.exit_code == 0 and result.output.startswith("Added ")
    assert db.session.scalar(select(func.count()).select_from(Specialty)) == 16
    again = runner.invoke(args=["seed-taxonomies"])
    assert again.output.strip() == "The taxonomies are complete."
