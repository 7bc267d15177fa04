"""Markdown written by members (a profile's bio), rendered safely.

markdown-it-py (CommonMark) with raw HTML off, so typed HTML shows as text; then nh3 keeps
only the tags below, only http, https and mailto links, and marks every link
rel="nofollow noopener noreferrer". On top of CommonMark, decided for bios:

- A line typed right after a list, without indenting it, starts a new paragraph. CommonMark's
  "lazy continuation" would make it part of the last item ("- one\\n- two\\nAfter the list"
  puts "After the list" inside the second bullet), which is never what a member means. To
  continue an item on the next line, indent that line. (Done before parsing: see
  `end_lists_at_unindented_lines`.)
- Web and e-mail addresses become links by themselves (linkify-it-py): https://…, www.…,
  name@clinic.org. Other schemes (ftp:, //host) stay text.
- Headings are demoted by two levels (# is <h3>, ## is <h4>, the rest <h5>/<h6>): the page
  has its own <h1> and <h2>, and a bio should not shout.
- Images are not shown: ![a chart](https://…) becomes a link to it, named by its alt text
  (an image that is not on the web, such as data:, is its alt text alone).
"""

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import OptionsDict
from markupsafe import Markup

_parser = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable("linkify")
# linkify-it also links ftp:// and protocol-relative //host addresses; keep them text.
_parser.linkify.add("ftp:", None).add("//", None)

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "h3", "h4", "h5", "h6", "hr"}
LINK_REL = "nofollow noopener noreferrer"
# Built once: nh3.clean builds its sanitizer from these arguments on every call.
_cleaner = nh3.Cleaner(tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                       url_schemes={"http", "https", "mailto"}, link_rel=LINK_REL)
_WITH_LINE_BREAKS = OptionsDict({**_parser.options, "breaks": True})
HEADING_DEMOTION = 2

# Characters some Markdown rule (CommonMark, as configured above) starts at, or that
# rendering escapes (":" ends the scheme of an address, which is linked wherever it starts);
# and what a line may not start with (a heading, a quote, a list item, a
# rule, a fence, an indented code block). Text without any of them is plain: see `_plain`.
_MARKUP_CHARACTERS = frozenset("\\`*_[]!<>&\"#~=+|{}:")
_BLOCK_STARTS = frozenset("-+*#>=_~`0123456789 ")

_LIST_ITEM = re.compile(r"^ {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_WEB = re.compile(r"https?://", re.IGNORECASE)


def end_lists_at_unindented_lines(text: str) -> str:
    """Put a blank line before an unindented line that directly follows a list's line, so
    that it is a paragraph of its own rather than a lazy continuation of the last item.
    Indented lines, blank-line-separated text and fenced code are left as they are."""
    lines, out = text.split("\n"), []
    in_list, fence = False, None
    for line in lines:
        if fence is not None:  # inside fenced code: copied as it is
            out.append(line)
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
        if not line.strip():
            in_list = False if not out or not out[-1].strip() else in_list
        elif _LIST_ITEM.match(line):
            in_list = True
        elif line[:1] in (" ", "\t"):
            pass  # indented: continues the list item (or is code) on purpose
        elif in_list and out and out[-1].strip():
            out.append("")
            in_list = False
        else:
            in_list = False
        out.append(line)
    return "\n".join(out)


def _demote_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + HEADING_DEMOTION, 6)}"


def _images_as_links(tokens: list[Token]) -> None:
    """![alt](src) -> a link to src, named by the alt text (or the address)."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children = []
        for child in token.children:
            if child.type != "image":
                children.append(child)
                continue
            src = str(child.attrGet("src") or "")
            named = child.children or [Token("text", "", 0, content=src)]
            if _WEB.match(src):
                children += [Token("link_open", "a", 1, attrs={"href": src}), *named,
                             Token("link_close", "a", -1)]
            else:  # data:, a relative path ...: the alt text alone
                children += child.children or []
        token.children = children


def _plain(text: str) -> list[str] | None:
    """The lines of text that renders as one paragraph of itself, or None. Most chat
    messages are such text, and parsing them costs more than the rest of a send: the answer
    is what parsing gives (tests/test_markdown.py compares the two on generated text).

    Plain: printable, no character a Markdown rule starts at or that HTML escapes, no line
    that is empty, starts like a block or ends in a space (two make a hard break), and no
    web or e-mail address for linkify to find."""
    if not text or not _MARKUP_CHARACTERS.isdisjoint(text):
        return None
    lines = text.split("\n")
    for line in lines:
        if not line or line[0] in _BLOCK_STARTS or line[-1] == " " or not line.isprintable():
            return None
    return None if _parser.linkify.pretest(text) else lines


def render_markdown(text: str, *, line_breaks: bool = False) -> Markup:
    """`line_breaks`: every new line typed is a line break (chat messages, where Shift+Enter
    means one), not only a blank line between paragraphs."""
    lines = _plain(text)
    if lines is not None:  # nothing to parse, nothing to clean: no tag, no entity in it
        separator = "<br>\n" if line_breaks else "\n"
        return Markup(f"<p>{separator.join(lines)}</p>\n")  # noqa: S704 # nosec B704
    env: dict = {}
    tokens = _parser.parse(end_lists_at_unindented_lines(text or ""), env)
    _demote_headings(tokens)
    _images_as_links(tokens)
    options = _WITH_LINE_BREAKS if line_breaks else _parser.options
    html = _parser.renderer.render(tokens, options, env)
    clean = _cleaner.clean(html)
    return Markup(clean)  # noqa: S704 (nh3 has just cleaned it) # nosec B704
