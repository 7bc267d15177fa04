"""The settings tables in docs/deployment.md and README.md name every setting the code reads,
and nothing else: the names are taken from what load_config and load_env_file actually read,
plus the environment variables read elsewhere (`os.environ.get("…")`)."""

import re
import secrets
from pathlib import Path

import pytest

from peerlink.config import load_config, load_env_file

ROOT = Path(__file__).resolve().parent.parent
ENV_READ = re.compile(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""")
NAME = re.compile(r"`([A-Z][A-Z0-9_]+)`")


class Recording(dict):
    """An environment that notes every name the code asks it for."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked: set[str] = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.asked.add(key)
        return super().__contains__(key)


def settings_read_by_the_code(tmp_path) -> set[str]:
    names = set()
    for environ in (Recording(), Recording(
            PEERLINK_ENV="production", SECRET_KEY=secrets.token_urlsafe(32),
            DATABASE_URL="postgresql://peerlink@db/peerlink", MAIL_URL="console://",
            SERVER_NAME="peerlink.example.org", UPLOAD_DIR="/var/lib/peerlink/uploads")):
        load_config(tmp_path, environ=environ)
        load_env_file(environ)
        names |= environ.asked
    for path in [ROOT / "wsgi.py", *sorted((ROOT / "peerlink").rglob("*.py"))]:
        names |= set(ENV_READ.findall(path.read_text()))
    return names


def documented(path: Path) -> set[str]:
    """The names in the first column of the settings table (the one headed `variable`)."""
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| variable |"))
    names = set()
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        names |= set(NAME.findall(line.split("|")[1]))
    return names


@pytest.mark.parametrize("doc", ["docs/deployment.md", "README.md"])
def test_the_settings_table_names_every_setting_and_only_those(doc, tmp_path):
    in_code = settings_read_by_the_code(tmp_path)
    in_doc = documented(ROOT / doc)
    assert {"SECRET_KEY", "PROXY_FIX_X_FOR", "PEERLINK_ENV_FILE", "HOST"} <= in_code
    missing, stale = sorted(in_code - in_doc), sorted(in_doc - in_code)
    assert not missing, f"add to the settings table in {doc}: {missing}"
    assert not stale, f"{doc} documents settings nothing reads: {stale}"


def test_the_example_environment_file_uses_documented_settings_only(tmp_path):
    text = (ROOT / "docs/deployment.md").read_text()
    example = text.split("# /etc/peerlink/peerlink.env:", 1)[1].split("```", 1)[0]
    names = {line.split("=", 1)[0] for line in example.splitlines()[1:] if "=" in line}
    assert {"PEERLINK_ENV", "SECRET_KEY", "DATABASE_URL", "MAIL_URL", "SERVER_NAME",
            "UPLOAD_DIR"} <= names
    assert names <= documented(ROOT / "docs/deployment.md")
