"""Bios in Markdown: what members type and mean, rendered safely (peerlink.markdown)."""

import pytest

from peerlink.markdown import end_lists_at_unindented_lines, render_markdown

REL = 'rel="nofollow noopener noreferrer"'


def html(text: str) -> str:
    return str(render_markdown(text))


# --- a paragraph after a list ----------------------------------------------------------------


def test_a_line_typed_after_a_list_is_a_paragraph_of_its_own():
    assert html("- one\n- two\nAfter the list") == (
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>After the list</p>\n")
    assert html("1. first\n2. second\nThen this.") == (
        "<ol>\n<li>first</li>\n<li>second</li>\n</ol>\n<p>Then this.</p>\n")


@pytest.mark.parametrize(("typed", "rendered"), [
    # An indented line continues the item on purpose.
    ("- one\n  still one\n- two", "<ul>\n<li>one\nstill one</li>\n<li>two</li>\n</ul>\n"),
    # After a blank line the list has ended anyway; a loose list stays one list.
    ("- a\n\nText", "<ul>\n<li>a</li>\n</ul>\n<p>Text</p>\n"),
    ("- a\n\n- b", "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>\n"),
    # Fenced code is left exactly as typed.
    ("```\n- a\nb\n```", "<pre><code>- a\nb\n</code></pre>\n"),
    # Emphasis that starts a line is not a list marker.
    ("- a\n**Bold** after", "<ul>\n<li>a</li>\n</ul>\n<p><strong>Bold</strong> after</p>\n"),
])
def test_only_an_unindented_line_straight_after_a_list_is_moved_out(typed, rendered):
    assert html(typed) == rendered


def test_the_fix_is_a_blank_line_and_nothing_else():
    assert end_lists_at_unindented_lines("Intro\n- a\n- b\nAfter\nmore") == \
        "Intro\n- a\n- b\n\nAfter\nmore"
    assert end_lists_at_unindented_lines("No list\nat all") == "No list\nat all"


# --- links -------------------------------------------------------------------------------


def test_web_and_email_addresses_become_links_marked_nofollow():
    assert html("See https://example.org/grief-group. Or www.example.org, or write to "
                "ana@example.org") == (
        f'<p>See <a href="https://example.org/grief-group" {REL}>https://example.org/'
        f'grief-group</a>. Or <a href="http://www.example.org" {REL}>www.example.org</a>, '
        f'or write to <a href="mailto:ana@example.org" {REL}>ana@example.org</a></p>\n')
    assert html("[My practice](https://ok.org)") == \
        f'<p><a href="https://ok.org" {REL}>My practice</a></p>\n'


@pytest.mark.parametrize("typed", [
    "[click](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](vbscript:msgbox)",
    "[x](data:text/html,<script>alert(1)</script>)", "ftp://files.example.org/a",
    "//example.org/protocol-relative", "<javascript:alert(1)>",
])
def test_only_http_https_and_mailto_links_are_made(typed):
    out = html(typed)
    assert "<a" not in out and "href" not in out


def test_raw_html_is_shown_as_text():
    assert html('<script>alert(1)</script><b onclick="x()">y</b>') == (
        '<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onclick="x()"&gt;y&lt;/b&gt;</p>\n')
    # An address inside typed HTML is still only text, or a clean link.
    out = html('<a href="https://x.org" onclick="x()">y</a>')
    assert out.startswith("<p>&lt;a href=") and "<a href=\"https://x.org\" rel=" in out
    assert "<a " not in out.replace('<a href="https://x.org" rel=', "")
    assert html("<img src=x onerror=alert(1)>") == \
        "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"


def test_images_are_links_at_most():
    assert html("![our clinic](https://example.org/clinic.png)") == \
        f'<p><a href="https://example.org/clinic.png" {REL}>our clinic</a></p>\n'
    assert html("![pixel](data:image/png;base64,iVBORw0KGgo=)") == "<p>pixel</p>\n"
    assert "<img" not in html("![a](https://example.org/a.png)")


def test_headings_are_kept_small():
    assert html("# About me\n## Training\n### Now\n#### Small") == (
        "<h3>About me</h3>\n<h4>Training</h4>\n<h5>Now</h5>\n<h6>Small</h6>\n")
    assert html("Title\n=====") == "<h3>Title</h3>\n"


# --- plain text: rendered without parsing (markdown._plain) ----------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from peerlink import markdown  # noqa: E402


def _parsed(text: str, line_breaks: bool) -> str:
    """What the parser makes of the text, the fast path switched off."""
    plain, markdown._plain = markdown._plain, lambda text: None
    try:
        return str(render_markdown(text, line_breaks=line_breaks))
    finally:
        markdown._plain = plain


# Letters, digits and every character some rule or escaping cares about, with spaces, tabs
# and new lines; and pieces of addresses, so that linkify has something to find.
_TRICKY = st.one_of(
    st.sampled_from(list("aZé1 \t\n.-:@/()'\"\\`*_[]!<>&#~=+|{}\u00a0\u200b\r")),
    st.sampled_from(["www.", "example.org", "http://", "a@b.co", "1.", "2)", "localhost",
                     "---", "   ", "  \n", "\n\n", "&amp;", "<b>"]),
    st.characters(codec="utf-8"),
)


# Everyday pieces, so that plain text (the fast path) comes up often.
_EVERYDAY = st.sampled_from(["word", "Très", " ", "\n", ",", "?", ".", "(", ")", "-", "'",
                             "/", "$", "%", "7", "ok"])


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(_EVERYDAY, _EVERYDAY, _TRICKY), max_size=12).map("".join),
       st.booleans())
def test_text_rendered_without_parsing_is_what_parsing_gives(text, line_breaks):
    if markdown._plain(text) is not None:
        assert str(render_markdown(text, line_breaks=line_breaks)) == _parsed(text, line_breaks)


@pytest.mark.parametrize("text", [
    "Thanks, see you on Thursday",
    "Could we talk about the referral?\nI have an idea (a small one)",
    "ramp3-123 bcdefxghij",
    "Très bien, à demain",
])
def test_everyday_messages_are_plain_and_rendered_as_parsing_would(text):
    assert markdown._plain(text) is not None
    for line_breaks in (False, True):
        assert str(render_markdown(text, line_breaks=line_breaks)) == _parsed(text, line_breaks)


@pytest.mark.parametrize("text", [
    "see example.org", "mail a@b.co", "*really*", "1. first", "- item", "# title", "a  \nb",
    "a\n\nb", " indented", "tab\there", "x & y", "use <b>", "line\r\nnext", "",
])
def test_text_that_any_rule_could_change_is_parsed(text):
    assert markdown._plain(text) is None
