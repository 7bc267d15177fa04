"""`flask seed-demo`, which `make run` runs before every start: the demo logins are printed
every time, not only when the demo community is first loaded."""

import re

from peerlink.accounts import services as accounts
from peerlink.accounts.models import ROLES
from peerlink.demo.seed import DEMO_PASSWORD

LOGIN_LINE = re.compile(r"^  (\w+) +(\S+@example\.org)$", re.M)


def seed_demo(app) -> str:
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result.output


def test_every_start_prints_the_pattern_and_a_few_logins_per_role(app):
    first, second = seed_demo(app), seed_demo(app)
    assert first.startswith("Loaded the demo community: 48 clinicians.")
    assert second.startswith("The demo community is already loaded.")
    pattern = ("Demo logins: <first name>.<last name>@example.org, password "
               f"{DEMO_PASSWORD} for all. For example:")
    assert pattern in first and pattern in second
    logins = LOGIN_LINE.findall(second)
    assert logins == LOGIN_LINE.findall(first)
    roles = [role for role, _ in logins]
    assert roles[0] == "admin" and set(roles) == set(ROLES)
    assert 6 <= len(logins) <= 2 * len(ROLES)
    for role, email in logins:
        user = accounts.authenticate(email, DEMO_PASSWORD)
        assert user.role == role and user.email_confirmed


def test_without_demo_accounts_it_says_so(app, monkeypatch):
    monkeypatch.setattr("peerlink.cli.seed_demo", lambda: 0)
    assert "No demo accounts are in this database." in seed_demo(app)
