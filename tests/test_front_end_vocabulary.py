"""One front-end vocabulary: one set of form macros, one member card, one badge wording,
one date filter. Rendered pages are compared with each other, and the templates are read
to check that nothing draws these pieces another way."""

import re
from pathlib import Path

import pytest

from peerlink.connections import services as connections
from tests.factories import PASSWORD, block, clinician, connect

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
BADGE = "License verified"
OLD_BADGES = ("Verified license<", ">verified<")


def templates() -> dict[str, str]:
    return {path.relative_to(TEMPLATES).as_posix(): path.read_text()
            for path in sorted(TEMPLATES.rglob("*")) if path.is_file()}


def log_in(auth, user):
    assert auth.login(user.email, PASSWORD).status_code == 302


def get(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def head_of(html: str, user_id: int) -> str:
    """The member card's head for `user_id`: the <h3> that names them and its meta line,
    whitespace collapsed."""
    head = r'<h3>(?:(?!</h3>).)*href="/people/' + str(user_id) + r'">.*?</h3>'
    found = re.search(head + r'\s*(<p class="meta">[^<]*</p>)?', html, re.S)
    assert found, f"no member card for {user_id}"
    return re.sub(r"\s+", " ", found.group(0))


@pytest.fixture
def viewer(app):
    return clinician("Vera Viewer", discipline="lpc", specialties=["trauma-ptsd"],
                     populations=["adolescents"])


@pytest.fixture
def verified(app):
    return clinician("Ana Alvarez", discipline="psychiatric-np", credentials="PMHNP-BC",
                     pronouns="she/her", specialties=["trauma-ptsd"],
                     populations=["adolescents"], verification_status="verified")


# --- the member card and the badge, rendered ------------------------------------------------


def test_a_verified_member_is_drawn_the_same_way_on_every_page(client, auth, viewer, verified):
    peer = clinician("Pat Peer", discipline="psychologist", credentials="PhD",
                     pronouns="they/them", specialties=["trauma-ptsd"],
                     populations=["adolescents"], verification_status="verified")
    connect(viewer, verified)
    log_in(auth, viewer)

    directory = get(client, "/directory?q=trauma")
    listed = head_of(directory, verified.id)
    assert listed == head_of(get(client, "/connections"), verified.id)
    # The same head again where Pat is suggested (people to meet, home).
    suggested = head_of(get(client, "/people-to-meet"), peer.id)
    assert suggested == head_of(get(client, "/home"), peer.id) == head_of(directory, peer.id)

    for head, name, meta in ((listed, "Ana Alvarez", "Psychiatric nurse practitioner · PMHNP-BC"),
                             (suggested, "Pat Peer", "Psychologist · PhD")):
        assert f">{name}</a>" in head
        assert "(she/her)" in head or "(they/them)" in head
        assert BADGE in head and "data-verified-badge" in head and "data-verified" in head
        assert f'<p class="meta">{meta}</p>' in head

    profile = get(client, f"/people/{verified.id}")
    assert BADGE in profile and "data-verified-badge" in profile
    for page in (directory, profile, get(client, "/connections"), get(client, "/home"),
                 get(client, "/people-to-meet")):
        for old in OLD_BADGES:
            assert old not in page


def test_the_directory_card_keeps_its_own_details_around_the_shared_head(client, auth, viewer):
    member = clinician("Cal Consultant", discipline="lcsw", specialties=["trauma-ptsd"],
                       city="Denver", region="CO", country="US", open_to_consultation=True,
                       consultation_topics=["Trauma groups"])
    log_in(auth, viewer)
    html = get(client, "/directory?q=trauma")
    card = html[html.index(f'<li class="card directory-card" data-profile-id="{member.id}">'):]
    card = card[:card.index("</li>")]
    # No photo: the card's head opens with the initials, hidden from screen readers.
    assert re.match(r'<li[^>]*>\s*<span class="avatar avatar-card avatar-initials" '
                    r'aria-hidden="true" data-member-initials>CC</span>\s*'
                    r'<h3><a href="/people/' + str(member.id) + r'">Cal Consultant</a></h3>',
                    card)
    assert "Denver, CO, United States" in card and "data-consultation" in card
    assert "data-verified" not in card and BADGE not in card  # not verified: no badge
    assert '<label for="field-verified">License verified only</label>' in html


def test_blocked_members_are_named_by_the_card_but_not_linked(client, auth, viewer):
    """A block hides both profiles, so the block list names the member without a link; a
    member who blocked back is the hidden card, also without a link."""
    quiet = clinician("Quinn Quiet", discipline="psychologist")
    back = clinician("Bo Back", discipline="lcsw")
    block(viewer, quiet)
    block(viewer, back)
    block(back, viewer)
    log_in(auth, viewer)
    html = get(client, "/connections")
    blocks = html[html.index("data-blocks"):]
    assert re.search(r"<h3>Quinn Quiet</h3>\s*<p class=\"meta\">Psychologist</p>", blocks)
    assert "<h3>A member whose profile you cannot see</h3>" in blocks
    assert f'href="/people/{quiet.id}"' not in html and f'href="/people/{back.id}"' not in html
    assert "Bo Back" not in html


def test_pending_requests_show_the_card_both_ways(client, auth, viewer, verified):
    connections.request_connection(verified, viewer.id, "Met at the trauma track")
    log_in(auth, viewer)
    incoming = get(client, "/connections")
    assert BADGE in head_of(incoming[incoming.index("data-incoming"):], verified.id)
    auth.logout()
    log_in(auth, verified)
    outgoing = get(client, "/connections")
    head = head_of(outgoing[outgoing.index("data-outgoing"):], viewer.id)
    assert ">Vera Viewer</a>" in head and BADGE not in head


# --- the templates, read ------------------------------------------------------------------


def test_only_the_csrf_macro_writes_the_token():
    for name, text in templates().items():
        if name == "_forms.html":
            assert text.count('name="csrf_token"') == 1
            continue
        assert 'name="csrf_token"' not in text, name
        calls = text.count("csrf_token()")
        if name == "base.html":
            assert calls == 1 and '<meta name="csrf-token" content="{{ csrf_token() }}">' in text
        else:
            assert calls == 0, name


def test_form_macros_live_in_forms_html_only():
    found = templates()
    assert "profiles/_editor_fields.html" not in found
    assert "profiles/_verified_badge.html" not in found
    macros = {name: re.findall(r"\{%-?\s*macro\s+(\w+)", text) for name, text in found.items()}
    forms = set(macros.pop("_forms.html"))
    assert {"field", "error_summary", "csrf", "hidden_fields", "described_by", "messages",
            "invalid", "select", "textarea", "checkbox_group", "checkbox", "radios"} <= forms
    assert set(macros.pop("_member_card.html")) == {"member_card", "verified_badge",
                                                    "member_photo"}
    others = {macro for names in macros.values() for macro in names}
    # Whatever else defines macros (action buttons, term tags) does not redo these.
    assert not others & (forms | {"member_name", "member_meta", "field_messages"}), others
    for name, text in found.items():
        for imported in re.findall(r'\{%-?\s*from\s+"([^"]+)"\s+import', text):
            assert (TEMPLATES / imported).is_file(), (name, imported)


def test_member_lists_use_the_one_card():
    found = templates()
    for name in ("connections/index.html", "connections/people_to_meet.html",
                 "home/home.html", "directory/_card.html"):
        text = found[name]
        assert '{% from "_member_card.html" import member_card with context %}' in text, name
        assert "member_card(" in text.split("import member_card with context %}", 1)[1], name
        assert "member-name" not in text and "display_name }}</a>" not in text, name
    for name, text in found.items():
        assert "member_name(" not in text and "member_meta(" not in text, name
        assert "Verified license" not in text and ">verified<" not in text, name
        if name not in ("_member_card.html", "profiles/show.html"):
            assert "data-verified" not in text, name


def test_dates_go_through_the_local_time_filter_only():
    for name, text in templates().items():
        for way in ("strftime", "isoformat", "in_my_time_zone", "%-d", "%d", "%Y", "format_date"):
            assert way not in text, (name, way)
        for expression in re.findall(r"\{\{(.*?)\}\}", text, re.S):
            # A form control named *_at holds what was typed (an event's own wall-clock
            # time), not a moment shown to the reader.
            control = expression.strip().startswith('field("')
            if re.search(r"\b\w+_at\b", expression) and " if not " not in expression \
                    and not control:
                assert "local_time" in expression, (name, expression)
