"""/home: where a member lands after logging in, built from their own data."""

import hashlib
from pathlib import Path

import pytest

from peerlink.connections import services as connections
from tests.factories import clinician, count_queries, make_user, seed_terms


@pytest.fixture
def ana(app):
    seed_terms()
    return clinician("Ana Alvarez", discipline="lpc", specialties=["trauma-ptsd"],
                     populations=["adolescents"])


def test_visitors_are_asked_to_log_in_and_come_back(client):
    response = client.get("/home")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/home"


def test_a_new_member_is_asked_to_complete_their_profile(client, auth, app):
    member = make_user(name="Noor Haddad")
    auth.login(member.email)
    page = client.get("/home").get_data(as_text=True)
    assert "Welcome, Noor Haddad" in page and "Your profile is 0% complete" in page
    assert "at least one specialty" in page and 'href="/profile/edit"' in page
    assert "Add your specialties" in page  # no suggestions yet, and why


def test_home_shows_waiting_requests_and_suggestions(client, auth, ana):
    clinician("Ben Brooks", discipline="psychiatric-np", specialties=["trauma-ptsd"],
              populations=["adolescents"])
    cy = clinician("Cy Carter", discipline="lcsw", specialties=["trauma-ptsd"])
    connections.request_connection(cy, ana.id)
    auth.login(ana.email)
    page = client.get("/home").get_data(as_text=True)
    assert "1 connection request waiting for you" in page
    assert page.index("Ben Brooks") < page.index("See all suggestions")
    assert "they prescribe" in page
    assert "Your profile is" in page  # Ana's profile is not complete either


def test_home_runs_a_few_queries_however_many_peers(client, auth, ana):
    clinician("First Peer", discipline="psychiatric-np", specialties=["trauma-ptsd"])
    auth.login(ana.email)
    with count_queries() as few:
        client.get("/home")
    for n in range(6):
        clinician(f"Peer {n}", discipline="psychiatric-np", specialties=["trauma-ptsd"])
    with count_queries() as more:
        client.get("/home")
    assert more[0] == few[0]


def test_the_favicon_is_served_at_the_root_and_linked_from_every_page(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.get_data()[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    icon.close()
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon" href="/static/favicon.svg?v=' in page and 'href="/favicon.ico"' in page


def test_static_urls_carry_a_digest_of_their_file(client, app):
    """nginx lets browsers keep /static/ for a year; a changed file gets a new URL."""
    css = Path(app.static_folder) / "css" / "peerlink.css"
    digest = hashlib.sha256(css.read_bytes()).hexdigest()[:12]
    page = client.get("/login").get_data(as_text=True)
    assert f'href="/static/css/peerlink.css?v={digest}"' in page
    response = client.get(f"/static/css/peerlink.css?v={digest}")
    assert response.status_code == 200 and response.get_data() == css.read_bytes()
    response.close()
