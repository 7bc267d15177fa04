"""What several browser tests do the same way."""

import re

from playwright.sync_api import expect

from tests import factories


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/home$"))


def log_in_as_someone_else(page, email: str) -> None:
    """Drop the session and log in as another member in the same tab. The blank page first
    stops whatever the last page still had in flight (a photo, a socket), so no late answer
    carries the old session back."""
    page.goto("about:blank")
    page.context.clear_cookies()
    log_in(page, email)


def confirmation_link(mail: str) -> str:
    """The confirmation link in an e-mail's text."""
    return re.search(r"http://\S+/confirm/\S+", mail).group(0)
