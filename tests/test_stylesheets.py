"""Our stylesheets are well formed: an unclosed block (a `@media print {` left open) makes
every rule after it apply only when printing, and the browser says nothing."""

import re
from pathlib import Path

import pytest

CSS = sorted((Path(__file__).parent.parent / "peerlink" / "static" / "css").glob("*.css"))
COMMENT = re.compile(r"/\*.*?\*/", re.S)
STRING = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


@pytest.mark.parametrize("path", CSS, ids=lambda path: path.name)
def test_every_block_is_closed_where_it_should_be(path):
    text = STRING.sub('""', COMMENT.sub("", path.read_text(encoding="utf-8")))
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{path.name}:{number}: a block closed that was never opened"
    assert depth == 0, f"{path.name}: {depth} block(s) never closed"


def test_there_are_stylesheets_to_check():
    assert CSS
