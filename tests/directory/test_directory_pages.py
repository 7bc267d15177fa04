"""The /directory page: form, cards, chips, widening hints, pagination, field errors."""

import re
from html import unescape

import pytest

from tests import factories
from tests.factories import block, clinician


@pytest.fixture
def people(app):
    return {
        "ana": clinician("Ana Alvarez", discipline="psychiatric-np", credentials="PMHNP-BC",
                         specialties=["trauma-ptsd", "child-adolescent", "sleep", "grief-loss"],
                         populations=["adolescents"], city="Chicago", region="IL",
                         country="US", open_to_consultation=True,
                         consultation_topics=["SSRIs in teens"], verification_status="verified",
                         license_number="NP-5550123"),
        "ben": clinician("Ben Brooks", discipline="lpc", specialties=["trauma-ptsd"],
                         city="Toronto", region="ON", country="CA"),
    }


def page(client, query: str = ""):
    response = client.get("/directory" + query)
    return response, response.get_data(as_text=True)


def cards(html: str) -> list[str]:
    return [unescape(name) for name in re.findall(
        r'<li class="card directory-card"[^>]*>\s*'
        r'(?:<img class="avatar[^>]*>|<span class="avatar[^>]*>[^<]*</span>)\s*'  # photo, initials
        r'<h3><a href="/people/\d+">([^<]+)</a>', html)]


def chip_links(html: str) -> dict[str, str]:
    return {unescape(re.sub(r"\s*×.*", "", re.sub(r"<[^>]+>", "", text))).strip(): unescape(href)
            for href, text in re.findall(r'<a class="chip" href="([^"]+)"[^>]*>(.*?)</a>', html)}


def test_the_directory_needs_a_login(client):
    response = client.get("/directory")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_nav_links_to_the_directory(client, auth, logged_in):
    _, html = page(client)
    assert 'href="/directory"' in html


def test_cards_show_what_a_peer_needs(client, auth, logged_in, people):
    response, html = page(client, "?q=trauma")
    assert response.status_code == 200
    assert sorted(cards(html)) == ["Ana Alvarez", "Ben Brooks"]
    ana = html[html.index(f'data-profile-id="{people["ana"].id}"'):]
    ana = ana[:ana.index("</li>")]
    assert f'href="/people/{people["ana"].id}"' in ana
    assert "Psychiatric nurse practitioner" in ana and "PMHNP-BC" in ana
    assert "Chicago, IL, United States" in ana
    assert "Trauma &amp; PTSD · Child &amp; adolescent · Grief &amp; loss" in ana
    assert "+1 more" in ana
    assert "data-verified" in ana and "data-consultation" in ana
    assert "NP-5550123" not in html
    assert 'data-total="2"' in html


def test_filters_become_removable_chips(client, auth, logged_in, people):
    _, html = page(client, "?q=trauma&specialty=sleep&specialty=trauma-ptsd&verified=1"
                           "&country=us")
    assert cards(html) == ["Ana Alvarez"]
    chips = chip_links(html)
    assert set(chips) == {"Words: “trauma”", "Specialty: Sleep & insomnia",
                          "Specialty: Trauma & PTSD", "License verified", "Country: United States"}
    without_verified = chips["License verified"]
    assert "verified" not in without_verified and "specialty=sleep" in without_verified
    _, html = page(client, without_verified.removeprefix("/directory"))
    assert "License verified" not in chip_links(html)
    without_country = chip_links(html)["Country: United States"]
    _, html = page(client, chip_links(html)["Specialty: Sleep & insomnia"]
                   .removeprefix("/directory"))
    assert set(chip_links(html)) == {"Words: “trauma”", "Specialty: Trauma & PTSD",
                                     "Country: United States"}
    assert "country=US" in without_verified and "country" not in without_country
    assert '<option value="US" selected>United States</option>' in html
    assert "Ana Alvarez" in html and ", United States</p>" in html  # cards name the country


def test_the_form_keeps_the_choices(client, auth, logged_in, people):
    _, html = page(client, "?discipline=lpc&language=es&consultation=1&q=ben")
    assert '<option value="lpc" selected>' in html
    assert re.search(r'id="language-es" name="language" value="es"\s+checked', html)
    assert re.search(r'id="field-consultation" name="consultation" value="1"\s+checked', html)
    assert 'value="ben"' in html


def test_an_empty_result_says_how_to_widen(client, auth, logged_in, people):
    _, html = page(client, "?q=trauma&country=CA&verified=1")
    assert cards(html) == []
    assert "data-empty-result" in html
    widen = dict(re.findall(r'data-widen="(\w+)">[^<]+</a>\s*— ([^<]+?)\s*</li>',
                            unescape(html)))
    assert widen["verified"] == "1 person"      # Ben is in Canada but not verified
    assert widen["country"] == "1 person"       # Ana is verified but in the US
    assert widen["q"] == "still nobody on its own"


def test_pagination_links(client, auth, logged_in):
    for n in range(5):
        clinician(f"Paged {n}", specialties=["geriatric"])
    _, html = page(client, "?specialty=geriatric&per_page=2")
    assert cards(html) == ["Paged 0", "Paged 1"]
    assert "page 1 of 3" in html
    next_link = unescape(re.search(r'<a href="([^"]+)" rel="next">', html).group(1))
    assert "page=2" in next_link and "per_page=2" in next_link
    _, html = page(client, next_link.removeprefix("/directory"))
    assert cards(html) == ["Paged 2", "Paged 3"]
    assert 'rel="prev"' in html and 'rel="next"' in html
    _, html = page(client, "?specialty=geriatric&per_page=2&page=7")
    assert "There are only 3 pages of results." in html and "page 7 of 3" not in html
    assert 'class="pagination"' not in html


def test_pagination_numbers_every_page_in_a_window(client, auth, logged_in):
    """Previous, the first and last page, two either side of the current one, gaps marked."""
    for n in range(20):
        clinician(f"Windowed {n:02}", specialties=["geriatric"])
    _, html = page(client, "?specialty=geriatric&per_page=2&page=5")
    nav = html[html.index('class="pagination"'):]
    nav = nav[:nav.index("</nav>")]
    numbers = re.findall(r'<span class="visually-hidden">Page </span>(\d+)</a>', nav)
    assert numbers == ["1", "3", "4", "5", "6", "7", "10"]
    assert nav.count("…") == 2
    assert re.search(r'aria-current="page"><span class="visually-hidden">Page </span>5<', nav)
    assert 'rel="prev"' in nav and 'rel="next"' in nav
    _, html = page(client, "?specialty=geriatric&per_page=2&page=1")
    nav = html[html.index('class="pagination"'):]
    assert 'rel="prev"' not in nav[:nav.index("</nav>")]


def test_past_the_cap_the_page_says_so(client, auth, logged_in, monkeypatch):
    from peerlink.directory import search

    monkeypatch.setattr(search, "MAX_RESULTS", 3)
    for n in range(5):
        clinician(f"Capped {n}", specialties=["geriatric"])
    _, html = page(client, "?q=capped")
    assert len(cards(html)) == 3
    assert "3+ people" in html and "Add a word or a filter" in html
    _, html = page(client, "?q=capped+0")
    assert cards(html) == ["Capped 0"] and "data-more-results" not in html


@pytest.mark.parametrize(("query", "field", "message"), [
    ("?per_page=5000", "per_page", "between 1 and 50"),
    ("?page=0", "page", "Choose a page"),
    ("?page=abc", "page", "Enter a whole number"),
    ("?discipline=astrologer", "discipline", "Unknown discipline: astrologer"),
    ("?specialty=trauma-ptsd&specialty=Not%20A%20Slug", "specialty", "Unknown specialty"),
    ("?country=USA", "country", "two-letter code such as US"),
    ("?country=ZZ", "country", "Choose a country from the list"),
    ("?page=10001", "page", "Choose a page from 1 to 10000"),
    ("?page=2.5", "page", "Enter a whole number"),
    ("?q=" + "x" * 201, "q", "200 characters"),
    ("?event=-3", "event", "Choose an event"),
    ("?event=2147483648", "event", "Choose an event"),
    ("?region=%21%21%21", "region", "Type a state or region"),
])
def test_bad_query_args_rerender_with_a_field_message(client, auth, logged_in, query, field,
                                                      message):
    response, html = page(client, query)
    assert response.status_code == 422
    assert 'class="error-summary"' in html
    assert f'href="#field-{field}"' in html
    assert message in unescape(html)
    assert f'id="error-{field}"' in html


def test_every_bad_query_arg_is_reported_at_once(client, auth, logged_in):
    """An unknown slug is not held back until the other fields are fixed."""
    response, html = page(client, "?per_page=5000&discipline=nope&specialty=sleep"
                                  "&specialty=nada&language=zz")
    assert response.status_code == 422
    text = unescape(html)
    for field, message in (("per_page", "between 1 and 50"),
                           ("discipline", "Unknown discipline: nope"),
                           ("specialty", "Unknown specialty: nada."),
                           ("language", "Unknown language: zz")):
        assert f'href="#field-{field}"' in html, field
        assert f'id="error-{field}"' in html, field
        assert message in text, field


def test_blocked_members_are_not_listed(client, auth, logged_in, people):
    block(people["ben"], logged_in)
    _, html = page(client, "?q=trauma")
    assert cards(html) == ["Ana Alvarez"]


def test_connections_only_profiles_are_not_listed_for_strangers(client, auth, people):
    clinician("Quiet Person", specialties=["trauma-ptsd"], visibility="connections")
    stranger = factories.make_user()
    auth.login(stranger.email)
    _, html = page(client, "?q=trauma")
    assert "Quiet Person" not in cards(html)
    auth.logout()
    admin = factories.make_user(role="admin")
    auth.login(admin.email)
    _, html = page(client, "?q=trauma")
    assert "Quiet Person" in cards(html)


def test_filters_fold_away_unless_one_needs_fixing(client, auth, logged_in, people):
    _, html = page(client, "?q=trauma&specialty=sleep&verified=1")
    filters = re.search(r"<details class=\"more-filters\" data-filters ?(open)?>\s*"
                        r"<summary>(.*?)</summary>", html)
    assert filters.group(1) is None  # folded: the results come first on a phone
    assert filters.group(2) == 'Filters <span class="tag">2 on</span>'  # words are not one
    _, html = page(client, "?region=%21%21%21")
    assert re.search(r'<details class="more-filters" data-filters open>', html)


def test_cards_say_where_the_viewer_stands(client, auth):
    from peerlink.connections import services as connections

    me = clinician("Mara Viewer", specialties=["geriatric"])
    friend = clinician("Fay Connected", specialties=["geriatric"])
    asked = clinician("Ash Asked", specialties=["geriatric"])
    asker = clinician("Ira Asking", specialties=["geriatric"])
    clinician("Sol Stranger", specialties=["geriatric"])
    factories.connect(me, friend)
    connections.request_connection(me, asked.id)
    connections.request_connection(asker, me.id)
    auth.login(me.email)
    _, html = page(client, "?specialty=geriatric")
    standing = dict(re.findall(
        r'data-profile-id="(\d+)">(?:(?!</li>).)*?data-standing="(\w+)"', html, re.S))
    assert standing == {str(me.id): "you", str(friend.id): "connected",
                        str(asked.id): "request_sent", str(asker.id): "request_received"}
    assert ">You<" in html and ">Connected<" in html and ">Request sent<" in html
    body = client.get("/api/v1/directory?specialty=geriatric",
                      headers=factories.bearer(client, me)).get_json()
    assert {item["display_name"]: item["standing"] for item in body["items"]} == {
        "Mara Viewer": "you", "Fay Connected": "connected", "Ash Asked": "request_sent",
        "Ira Asking": "request_received", "Sol Stranger": None}
