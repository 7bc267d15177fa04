"""/profile/edit: grouped form, completeness hint, errors re-render with what was typed."""

import re

import pytest

from peerlink.extensions import db
from peerlink.profiles.signals import profile_changed
from peerlink.taxonomy.models import Modality
from tests.factories import fill_profile, profile_of, seed_terms

FULL_FORM = {
    "display_name": "Dr. Ana Ruiz", "pronouns": "she/her", "discipline": "psychiatric-np",
    "credentials": "PMHNP-BC", "specialties": ["perinatal", "mood-disorders"],
    "modalities": "medication-management", "populations": ["perinatal-parents"],
    "languages": ["en", "es"], "practice_setting": "community-mental-health",
    "city": "Tucson", "region": "AZ", "country": "US", "timezone": "America/Phoenix",
    "bio": "Perinatal psychiatry.", "open_to_consultation": "true",
    "consultation_topics": "Medication in pregnancy\nPostpartum sleep",
    "visibility": "connections", "show_email_to_connections": "true",
}


def ticked(page: str, name: str) -> set[str]:
    """The values of the ticked checkboxes called `name` on the page."""
    return set(re.findall(rf'name="{name}" value="([^"]+)"\s+checked', page))


@pytest.fixture
def member(app, logged_in):
    seed_terms()
    return logged_in


def test_the_editor_shows_the_completeness_hint_and_every_group(client, member):
    page = client.get("/profile/edit").get_data(as_text=True)
    assert 'data-completeness="0"' in page and "Your profile is 0% complete" in page
    assert "at least one specialty" in page and "your time zone" in page
    for legend in ("About you", "Clinical focus", "Where you practice", "Bio", "Consultation",
                   "Privacy"):
        assert f"<legend>{legend}</legend>" in page
    assert 'value="trauma-ptsd"' in page and '<option value="America/Chicago"' in page
    assert '<option value="US"' in page and "United States" in page


def test_saving_the_whole_form(client, auth, member):
    changed = []
    with profile_changed.connected_to(lambda profile, **_: changed.append(profile.user_id)):
        response = auth.post("/profile/edit", FULL_FORM)
    assert response.status_code == 302 and response.headers["Location"] == f"/people/{member.id}"
    assert changed == [member.id]
    profile = profile_of(member)
    assert profile.display_name == "Dr. Ana Ruiz" and profile.discipline.slug == "psychiatric-np"
    assert {t.slug for t in profile.specialties} == {"perinatal", "mood-disorders"}
    assert [t.slug for t in profile.modalities] == ["medication-management"]
    assert profile.setting.slug == "community-mental-health"
    assert profile.consultation_topics == ["Medication in pregnancy", "Postpartum sleep"]
    assert profile.open_to_consultation and profile.show_email_to_connections
    assert profile.visibility == "connections"

    page = client.get("/profile/edit").get_data(as_text=True)
    assert "Your profile is 91% complete" in page and "your license" in page
    assert ticked(page, "specialties") == {"perinatal", "mood-disorders"}
    assert ticked(page, "languages") == {"en", "es"}


def test_a_bio_at_the_limit_with_line_breaks_as_the_browser_sends_them(client, auth, member):
    # A browser counts CRLF as one character against maxlength=4000 and sends both.
    bio = "\r\n".join(["x" * 99] * 40)  # 40 lines: 3999 characters as counted, 4077 sent
    response = auth.post("/profile/edit", {**FULL_FORM, "bio": bio})
    assert response.status_code == 302
    assert profile_of(member).bio == bio.replace("\r\n", "\n")


def test_unticking_everything_clears_the_lists(client, auth, member):
    fill_profile(member, specialties=["sleep"], open_to_consultation=True,
                 consultation_topics=["CBT-I"])
    response = auth.post("/profile/edit", {"display_name": "Just Me", "visibility": "members"})
    assert response.status_code == 302
    profile = profile_of(member)
    assert profile.specialties == [] and not profile.open_to_consultation


@pytest.mark.parametrize(("field", "value", "message"), [
    ("timezone", "Atlantis/Capital", "Choose a time zone from the list"),
    ("country", "ZZ", "Choose a country from the list"),
    ("bio", "y" * 4001, "Keep your bio under 4000 characters."),
    ("specialties", ["perinatal", "made-up"],
     "Not an available choice: made-up. Choose from the list."),
    ("consultation_topics", "", "Add at least one topic"),
    ("credentials", "x" * 121, "Keep credentials to 120 characters or fewer."),
    # One sentence per problem, naming the lines (not the schema's {index: [...]} shape).
    ("consultation_topics", "Sleep\n" + "t" * 81 + "\n" + "u" * 90,
     "Keep each topic under 80 characters (lines 2, 3)."),
])
def test_an_error_re_renders_with_what_was_typed_and_saves_nothing(client, auth, member, field,
                                                                   value, message):
    response = auth.post("/profile/edit", {**FULL_FORM, field: value})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'href="#field-{field}"' in page  # the error summary names the field
    assert 'value="Dr. Ana Ruiz"' in page and 'value="Tucson"' in page
    assert ticked(page, "languages") == {"en", "es"}
    kept = {"perinatal"} if field == "specialties" else set(FULL_FORM["specialties"])
    assert ticked(page, "specialties") == kept  # "made-up" has no box to tick
    assert ticked(page, "open_to_consultation") == {"true"}
    assert profile_of(member).display_name == member.name
    assert profile_of(member).specialties == []


def test_retired_terms_are_not_offered_but_held_ones_survive_a_save(client, auth, member):
    emdr = db.session.query(Modality).filter_by(slug="emdr").one()
    fill_profile(member, modalities=["emdr"])
    emdr.active = False
    db.session.commit()
    page = client.get("/profile/edit").get_data(as_text=True)
    assert "EMDR <span class=\"optional\">(retired)</span>" in page
    assert ticked(page, "modalities") == {"emdr"}
    response = auth.post("/profile/edit", {**FULL_FORM, "modalities": ["emdr", "cbt"]})
    assert response.status_code == 302
    assert {t.slug for t in profile_of(member).modalities} == {"emdr", "cbt"}

    fill_profile(member, modalities=[])
    page = client.get("/profile/edit").get_data(as_text=True)
    assert 'value="emdr"' not in page
    response = auth.post("/profile/edit", {**FULL_FORM, "modalities": ["emdr"]})
    assert response.status_code == 422 and "Not an available choice: emdr." in response.get_data(
        as_text=True)


def test_the_editor_needs_a_login(client):
    response = client.get("/profile/edit")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_time_zones_are_named_by_country_and_city(client, member):
    page = client.get("/profile/edit").get_data(as_text=True)
    assert '<option value="America/Los_Angeles" >United States — Los Angeles, Pacific' in page
    assert '<option value="Asia/Kolkata" >India — Kolkata' in page
    # Legacy aliases and technical zones are not offered (the API still accepts them).
    for technical in ("US/Pacific", "Asia/Calcutta", "EST5EDT", "Etc/GMT+5", "Factory"):
        assert f'value="{technical}"' not in page


def test_a_time_zone_outside_the_list_is_kept_and_named(client, auth, member):
    fill_profile(member, timezone="US/Pacific")
    page = client.get("/profile/edit").get_data(as_text=True)
    assert '<option value="US/Pacific" selected>US/Pacific' in page
    assert "US/Pacific" in client.get(f"/people/{member.id}").get_data(as_text=True)
    fill_profile(member, timezone="America/Chicago")
    shown = client.get(f"/people/{member.id}").get_data(as_text=True)
    assert "United States — Chicago, Central" in shown and "America/Chicago" not in shown


# --- previewing the bio ------------------------------------------------------------------


def test_preview_shows_the_bio_as_it_will_look_and_saves_nothing(client, auth, member):
    typed = "- EMDR\n- CBT\nSee https://example.org/groups for <b>groups</b>."
    changed = []
    with profile_changed.connected_to(lambda profile, **_: changed.append(profile.user_id)):
        response = auth.post("/profile/edit", {**FULL_FORM, "bio": typed, "preview": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    preview = page[page.index("data-bio-preview"):page.index("</section>",
                                                            page.index("data-bio-preview"))]
    assert "Preview of your bio" in preview and "Not saved yet" in preview
    assert ('<ul>\n<li>EMDR</li>\n<li>CBT</li>\n</ul>\n<p>See <a href="https://example.org/'
            'groups" rel="nofollow noopener noreferrer">https://example.org/groups</a> for '
            '&lt;b&gt;groups&lt;/b&gt;.</p>') in preview
    # The form comes back as typed, ready to save.
    assert ">- EMDR\n- CBT\nSee https://example.org/groups for &lt;b&gt;groups&lt;/b&gt;." \
           "</textarea>" in page
    assert 'value="Dr. Ana Ruiz"' in page
    assert changed == []
    profile = profile_of(member)
    assert profile.bio == "" and profile.display_name != "Dr. Ana Ruiz"


def test_preview_also_points_out_the_forms_mistakes(client, auth, member):
    response = auth.post("/profile/edit", {**FULL_FORM, "display_name": "", "bio": "# Hello",
                                           "preview": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'href="#field-display_name"' in page and "<h3>Hello</h3>" in page
    assert profile_of(member).bio == ""


def test_the_preview_button_comes_after_save_and_returns_to_the_preview(client, member):
    page = client.get("/profile/edit").get_data(as_text=True)
    save, preview = page.index(">Save profile</button>"), page.index(">Preview bio</button>")
    assert save < preview  # Enter in a text box submits with the first button: Save
    assert 'name="preview" value="1"' in page and 'formaction="/profile/edit#bio-preview"' in page
    assert "data-bio-preview" not in page
