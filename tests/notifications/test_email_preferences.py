"""Each member chooses, per kind of notification, in PeerLink only, an e-mail at once or the
daily digest: on the account page and through the API. Security e-mails cannot be switched
off."""

import re

import pytest

from peerlink.errors import ValidationFailed
from peerlink.notifications import preferences
from peerlink.notifications.kinds import KINDS
from tests import factories

DEFAULTS = {"connection_request": "immediate", "connection_accepted": "digest",
            "license": "immediate", "ce_deadline": "immediate", "chat_mention": "digest",
            "group_join_request": "immediate",
            "group_decision": "immediate", "group_invitation": "immediate",
            "group_reply": "digest", "group_mention": "immediate", "group_report": "immediate",
            "circle_activity": "immediate", "event_check_in": "in_app",
            "event_changed": "immediate", "consultation_request": "immediate",
            "consultation_update": "immediate", "consultation_reminder": "immediate",
            "security": "immediate"}


def checked(page: str, kind: str) -> str:
    """The value of the radio button checked for `kind` on the account page."""
    found = re.findall(rf'<input type="radio" id="{kind}-(\w+)" name="{kind}" value="\w+"\s*'
                       r"(checked)?", page)
    assert found, f"no choice for {kind}"
    return next(value for value, is_checked in found if is_checked)


def settings_section(page: str) -> str:
    start = page.index("data-notification-preferences")
    return page[start:page.index("</section>", start)]


def test_every_kind_in_the_registry_has_its_default(app, user):
    assert {p.kind: p.delivery for p in preferences.preferences_of(user.id)} == DEFAULTS
    assert list(DEFAULTS) == list(KINDS)


def test_the_account_page_shows_the_defaults_and_saves_a_choice(client, auth, logged_in):
    page = client.get("/account").get_data(as_text=True)
    section = settings_section(page)
    assert "Notifications by e-mail" in section
    for kind in ("connection_request", "connection_accepted", "license"):
        assert checked(section, kind) == DEFAULTS[kind]
    # Security: said, not offered.
    assert 'data-fixed-kind="security"' in section and 'name="security"' not in section
    assert "cannot be switched off" in section

    response = auth.post("/account/notifications", {
        "connection_request": "digest", "connection_accepted": "in_app", "license": "immediate"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account#notifications")
    page = client.get("/account").get_data(as_text=True)
    assert "Your notification settings are saved." in page
    assert checked(settings_section(page), "connection_request") == "digest"
    assert checked(settings_section(page), "connection_accepted") == "in_app"
    assert {p.kind: p.delivery for p in preferences.preferences_of(logged_in.id)} == {
        **DEFAULTS, "connection_request": "digest", "connection_accepted": "in_app"}


def test_the_account_page_names_a_refused_choice_and_changes_nothing(client, auth, logged_in):
    response = auth.post("/account/notifications", {"connection_request": "digest",
                                                    "license": "carrier-pigeon"})
    assert response.status_code == 422
    section = settings_section(response.get_data(as_text=True))
    assert ('href="#field-license">License decisions</a>: Choose in_app (in PeerLink only), '
            "immediate (e-mail at once), digest (in a daily e-mail digest).") in section
    assert 'id="error-license"' in section
    # What was typed is kept on the page; nothing was saved.
    assert checked(section, "connection_request") == "digest"
    assert preferences.preferences_of(logged_in.id)[0].delivery == "immediate"


def test_security_cannot_be_switched_off_on_the_page(client, auth, logged_in):
    response = auth.post("/account/notifications", {"security": "in_app"})
    assert response.status_code == 422
    assert "Account security e-mails always go out at once" in response.get_data(as_text=True)
    assert {p.kind: p.delivery for p in preferences.preferences_of(logged_in.id)} == DEFAULTS


@pytest.fixture
def headers(client, user):
    return factories.bearer(client, user)


def by_kind(body: list) -> dict:
    return {item["kind"]: item for item in body}


def test_the_api_lists_every_kind_with_its_default(client, headers):
    response = client.get("/api/v1/me/notification-preferences", headers=headers)
    assert response.status_code == 200
    body = by_kind(response.get_json())
    assert {kind: item["delivery"] for kind, item in body.items()} == DEFAULTS
    assert body["connection_request"] == {
        "kind": "connection_request", "label": "Connection requests",
        "description": "when a member asks to connect with you", "delivery": "immediate",
        "default": "immediate", "choices": ["in_app", "immediate", "digest"], "fixed": False}
    assert body["security"]["fixed"] is True and body["security"]["choices"] == ["immediate"]


def test_the_api_changes_the_kinds_sent_and_keeps_the_others(client, headers, user):
    response = client.put("/api/v1/me/notification-preferences", headers=headers,
                          json={"connection_accepted": "immediate", "license": "in_app"})
    assert response.status_code == 200
    assert {kind: item["delivery"] for kind, item in by_kind(response.get_json()).items()} == {
        **DEFAULTS, "connection_accepted": "immediate", "license": "in_app"}
    again = client.put("/api/v1/me/notification-preferences", headers=headers,
                       json={"license": "digest"})
    assert by_kind(again.get_json())["license"]["delivery"] == "digest"
    assert by_kind(again.get_json())["connection_accepted"]["delivery"] == "immediate"
    listed = client.get("/api/v1/me/notification-preferences", headers=headers).get_json()
    assert by_kind(listed)["license"]["delivery"] == "digest"


@pytest.mark.parametrize("sent, field, message", [
    ({"security": "in_app"}, "security", "Account security e-mails always go out at once"),
    ({"security": "digest"}, "security", "cannot be switched off"),
    ({"license": "weekly"}, "license", "Choose in_app (in PeerLink only), immediate (e-mail "
                                       "at once), digest (in a daily e-mail digest)."),
    ({"license": 3}, "license", "Enter text here."),
    ({"chat_messages": "digest"}, "chat_messages", "This is not a field it takes."),
    ({}, "_schema", "Send at least one field to change."),
])
def test_the_api_refuses_what_it_cannot_do_naming_the_field(client, headers, user, sent, field,
                                                            message):
    response = client.put("/api/v1/me/notification-preferences", headers=headers,
                          json={"connection_request": "digest", **sent} if sent else {})
    assert response.status_code == 422
    body = response.get_json()
    assert set(body) == {"code", "status", "message", "errors"} and body["code"] == 422
    assert any(message in text for text in body["errors"]["json"][field]), body
    # Nothing half-written: the valid part of the body was not saved either.
    assert {p.kind: p.delivery for p in preferences.preferences_of(user.id)} == DEFAULTS


def test_the_service_refuses_security_too(app, user):
    with pytest.raises(ValidationFailed) as refused:
        preferences.set_preferences(user.id, {"connection_request": "in_app",
                                              "security": "in_app"})
    assert refused.value.errors == {"security": [preferences.cannot_switch_off(
        KINDS["security"])]}
    assert {p.kind: p.delivery for p in preferences.preferences_of(user.id)} == DEFAULTS
