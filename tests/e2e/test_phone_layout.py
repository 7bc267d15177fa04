"""At 390 px, pages with long content (an e-mail address, an unbroken word in a bio, a long
city, a long token name) wrap instead of scrolling sideways."""

import pytest

from tests import factories
from tests.e2e.actions import log_in, log_in_as_someone_else

pytestmark = pytest.mark.e2e

LONG_WORD = "Psychoneuroimmunologicalandpsychopharmacological" * 3
LONG_EMAIL = ("a.very.long.address.for.a.clinician.who.likes.detail"
              "@counseling-and-psychotherapy-services.example.org")


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_long_content_never_widens_the_page_on_a_phone(page, app):
    factories.seed_terms()
    member = factories.make_user(name="Ngozi Adeyemi-Oyelaran", email=LONG_EMAIL)
    factories.fill_profile(member, display_name="Ngozi Adeyemi-Oyelaran", discipline="lcsw",
                           city="Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch",
                           country="GB", specialties=["trauma-ptsd"],
                           bio=f"I write {LONG_WORD} and https://example.org/{LONG_WORD}",
                           show_email_to_connections=True)
    peer = factories.clinician("Peer Viewer", discipline="lpc", specialties=["trauma-ptsd"])
    factories.connect(member, peer)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, member.email)
    page.goto("/api/v1/docs")  # any page: make a token with a long name through the API
    page.evaluate("""async ([email, password]) => {
        await fetch('/api/v1/auth/tokens', {method: 'POST',
          headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({email, password, name: 'x'.repeat(100)})});
    }""", [LONG_EMAIL, factories.PASSWORD])
    for path in (f"/people/{member.id}", "/account", "/directory?q=Ngozi", "/connections",
                 "/profile/edit"):
        page.goto(path)
        assert horizontal_overflow(page) <= 0, path
    log_in_as_someone_else(page, peer.email)
    for path in (f"/people/{member.id}", "/directory?q=Ngozi"):
        page.goto(path)
        assert LONG_EMAIL in page.content() or path.startswith("/directory")
        assert horizontal_overflow(page) <= 0, path
