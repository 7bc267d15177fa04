"""Deleting an account leaves nothing that names the member: every table, and the
directory's full-text index, is searched for their name and e-mail afterwards."""

from sqlalchemy import select, text

from peerlink.accounts import services as accounts
from peerlink.audit.models import AuditEvent
from peerlink.connections import services as connections
from peerlink.directory.index import is_postgresql
from peerlink.extensions import db
from peerlink.profiles import services as profiles
from tests import factories
from tests.conftest import AuthActions

NAME = "Zebulon Quartzfield"
EMAIL = "zebulon.quartzfield@example.org"
TRACES = ("zebulon", "quartzfield", EMAIL)


# Where SQLite's FTS5 keeps the index: its words, in the segments of `_data`, stay after a
# delete until the segments are merged.
FTS5_SHADOW_TABLES = ("profile_search_data", "profile_search_content", "profile_search_idx",
                      "profile_search_docsize", "profile_search_config")


def _as_text(rows) -> str:
    return " ".join(value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    for row in rows for value in row).lower()


def everything_stored() -> dict[str, str]:
    """Every table the models declare, and the full-text index, as lower-case text."""
    db.session.commit()  # read what the requests committed
    found = {table.name: _as_text(db.session.execute(select(table)).all())
             for table in db.metadata.sorted_tables}
    if is_postgresql():
        index = {"profile_search": "SELECT user_id, document::text FROM profile_search"}
    else:
        index = {"profile_search": "SELECT rowid, * FROM profile_search",
                 **{name: f"SELECT * FROM {name}" for name in FTS5_SHADOW_TABLES}}  # noqa: S608
    for name, statement in index.items():
        found[name] = _as_text(db.session.execute(text(statement)).all())
    return found


def holding_traces() -> dict[str, list[str]]:
    return {table: [trace for trace in TRACES if trace in rows]
            for table, rows in everything_stored().items()
            if any(trace in rows for trace in TRACES)}


def test_nothing_names_a_deleted_member(app, client, auth):
    admin = factories.make_user(role="admin")
    moderator = factories.make_user(role="moderator")
    friend, asker, stranger = (factories.clinician(name) for name in
                               ("Fay Friend", "Abe Asker", "Sue Stranger"))
    zeb = factories.make_user(name=NAME, email=EMAIL)
    factories.fill_profile(zeb, display_name=NAME, discipline="lcsw",
                           specialties=["trauma-ptsd"], city="Quartzfield Falls",
                           bio=f"I am {NAME}, reach me at {EMAIL}.")
    # Connections and requests, with the notifications they send.
    request = connections.request_connection(zeb, friend.id, f"{NAME} here, from the summit")
    connections.accept_request(friend, request.id)
    connections.request_connection(asker, zeb.id, "Hello")
    connections.request_connection(zeb, stranger.id, "Hi")
    factories.block(zeb, factories.clinician("Bo Blocked"))
    # License reviews, decided by a moderator, and one Zebulon decides as a moderator.
    review = profiles.submit_license(zeb, jurisdiction="Ohio", number="LIC-ZQ-1")
    profiles.decide_license(moderator, review.id, decision="rejected",
                            reason=f"No {NAME} on the Ohio board")
    profiles.submit_license(zeb, jurisdiction="Ohio", number="LIC-ZQ-2")
    accounts.set_role(admin, zeb, "moderator")
    theirs = profiles.submit_license(stranger, jurisdiction="Iowa", number="LIC-SS-1")
    profiles.decide_license(zeb, theirs.id, decision="verified")
    # Audit events: sign-ins failed and made, a token, a suspension that names them.
    auth.login(EMAIL, "not-the-password-at-all")
    accounts.suspend(admin, zeb.id, f"{NAME} ({EMAIL}) sent the same note to everyone")
    accounts.restore(admin, zeb.id)
    accounts.create_api_token(email=EMAIL, password=factories.PASSWORD, name=f"{NAME}'s script")
    assert auth.login(EMAIL).status_code == 302
    events = db.session.scalar(select(db.func.count()).select_from(AuditEvent))
    before = holding_traces()
    assert {"users", "profiles", "profile_search", "connections", "notifications",
            "license_reviews", "audit_events", "api_tokens"} <= before.keys()

    response = auth.post("/account/delete", {"password": factories.PASSWORD,
                                             "confirm": "DELETE"})
    assert response.status_code == 302

    assert holding_traces() == {}
    # The trail still tells what happened, as nobody in particular.
    assert db.session.scalar(select(db.func.count()).select_from(AuditEvent)) == events
    suspended = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "account.suspended"))
    assert (suspended.actor_id, suspended.subject_type, suspended.subject_id,
            suspended.details) == (admin.id, "user", None, {})


def test_a_new_account_never_inherits_the_trail_of_a_deleted_one(app, client):
    """SQLite may give a deleted account's id to the next one."""
    admin = factories.make_user(role="admin")
    zeb = factories.make_user(name=NAME, email=EMAIL)
    accounts.suspend(admin, zeb.id, "Spam")
    accounts.restore(admin, zeb.id)
    browser = app.test_client()
    AuthActions(browser).login(EMAIL)
    AuthActions(browser).post("/account/delete", {"password": factories.PASSWORD,
                                                  "confirm": "DELETE"})
    newcomer = factories.make_user()
    assert accounts.export_account(newcomer)["audit_events"] == []
