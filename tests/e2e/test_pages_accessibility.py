import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.accessibility import accessibility_violations

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/password/forgot", "/nowhere"])
def test_public_pages_pass_axe(page, path):
    page.goto(path)
    assert accessibility_violations(page) == []


def test_form_errors_pass_axe_and_take_focus(page):
    page.goto("/register")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert accessibility_violations(page) == []


def test_home_and_account_pages_pass_axe(page, app):
    user = factories.make_user(name="Tomás Ferreira")
    page.goto("/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Welcome, Tomás Ferreira")).to_be_visible()
    assert accessibility_violations(page) == []
    page.goto("/account")
    expect(page.locator("[data-account-name]")).to_have_text("Tomás Ferreira")
    assert accessibility_violations(page) == []
    # A token made on the page, shown once; and a form sent with a mistake.
    page.get_by_label("Token name").fill("Calendar export")
    page.locator("#field-token_password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("[data-new-token]")).to_contain_text("plk_")
    assert accessibility_violations(page) == []
    page.get_by_label("New email address").fill("tomas.new@example.org")
    page.locator("#field-email_password").fill("not-the-password")
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Your password is not correct.")
    assert accessibility_violations(page) == []


def test_api_reference_renders_from_our_origin(page, live_server):
    requested, console = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("console", lambda message: console.append(message.text))
    page.goto("/api/v1/docs")
    expect(page.get_by_text("/api/v1/auth/tokens").first).to_be_visible()
    page.get_by_text("/api/v1/auth/tokens").first.click()  # an operation opens, styled
    assert len(requested) > 3
    assert [url for url in requested if not url.startswith(live_server + "/")] == []
    # Swagger UI styles through the CSSOM, which a CSP without 'unsafe-inline' allows.
    assert [text for text in console if "Content Security Policy" in text] == []
