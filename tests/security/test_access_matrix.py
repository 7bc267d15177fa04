"""Every page, API operation and socket event, as every kind of viewer.

The routes come from what the app serves (Flask's URL map, the OpenAPI document, the
registered Socket.IO events) and who may use them from each feature's `access.py`: a route
nobody declared fails the suite. For each route, each viewer gets the answer the rule says,
a refused change leaves the database as it was, and no answer to anyone but the owner and
admins contains the owner's planted license number or private e-mail address, nor to anyone
outside the private group the sentence planted in its thread.
"""

import contextvars
import hashlib
import re

import pytest
from sqlalchemy import select

from peerlink.extensions import db, socketio
from tests.conftest import csrf_token
from tests.security.cast import (
    ANONYMOUS,
    GROUP_INSIDERS,
    PLANTED_EMAIL,
    PLANTED_GROUP_SECRET,
    PLANTED_LICENSE,
    TRUSTED,
    VIEWERS,
)
from tests.security.rules import declared_rules, declared_socket_rules

RULES = declared_rules()
SOCKET_RULES = declared_socket_rules()
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
# Written on every authenticated request or sign-in: not a change anyone asked for.
BOOKKEEPING_COLUMNS = {"last_used_at", "last_login_at"}
BOOKKEEPING_TABLES = {"audit_events"}


def _shape(path: str) -> str:
    """"/people/<int:user_id>" and "/people/{user_id}" -> "/people/{}"."""
    return re.sub(r"\{[^}]+\}", "{}", ARGUMENT.sub("{}", path))


def served_routes(app) -> set[str]:
    return {f"{method} {rule.rule}" for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_a_new_route_nobody_declared_fails_the_check(app):
    app.add_url_rule("/brand-new/<int:thing_id>", "brand_new", lambda thing_id: "new",
                     methods=["GET", "POST"])
    assert served_routes(app) - {rule.key for rule in RULES} == {
        "GET /brand-new/<int:thing_id>", "POST /brand-new/<int:thing_id>"}


def test_every_route_is_declared(app):
    served = served_routes(app)
    declared = [rule.key for rule in RULES]
    assert len(declared) == len(set(declared)), "a route is declared twice"
    undeclared, stale = served - set(declared), set(declared) - served
    assert not undeclared, ("say who may use these routes in tests/<feature>/access.py: "
                            f"{sorted(undeclared)}")
    assert not stale, f"these declared routes are no longer served: {sorted(stale)}"


def test_every_api_operation_is_declared(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operations = {f"{method.upper()} {_shape(path)}"
                  for path, item in spec["paths"].items() for method in item
                  if method in ("get", "post", "put", "patch", "delete")}
    declared = {f"{rule.method} {_shape(rule.rule)}" for rule in RULES}
    assert operations, "the OpenAPI document lists no operations"
    assert not operations - declared, sorted(operations - declared)


def _served_socket_events() -> set[str]:
    events = set()
    for namespace, handler in socketio.server.namespace_handlers.items():
        if namespace.startswith("/test"):  # namespaces tests add for themselves
            continue
        events |= {f"{namespace} {name[3:]}" for name in dir(handler)
                   if name.startswith("on_") and name != "on_disconnect"}
    return events


def test_every_socket_event_is_declared(app):
    declared = {rule.key for rule in SOCKET_RULES}
    served = _served_socket_events()
    assert served, "no Socket.IO events are registered"
    assert not served - declared, f"declare these socket events: {sorted(served - declared)}"
    assert not declared - served, f"no longer served: {sorted(declared - served)}"


# --- what each viewer gets ------------------------------------------------------------------


def snapshot() -> str:
    """A digest of every row the app keeps, less bookkeeping."""
    db.session.commit()  # end the test's read transaction: see what requests committed
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        if table.name in BOOKKEEPING_TABLES:
            continue
        columns = [column for column in table.columns if column.name not in BOOKKEEPING_COLUMNS]
        rows = sorted(repr(tuple(row)) for row in db.session.execute(select(*columns)))
        digest.update(f"{table.name}:{len(rows)}:{''.join(rows)}".encode())
    return digest.hexdigest()


def _client(app, cast, viewer):
    client = app.test_client()
    user = cast.user(viewer)
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
    return client


def _send(app, cast, rule, viewer):
    url = rule.rule
    for name, value in rule.path(cast).items():
        url = ARGUMENT.sub(lambda m, n=name, v=value: str(v) if m.group(1) == n else m.group(0),
                           url)
    client = _client(app, cast, viewer)
    if rule.rule.startswith("/api/"):
        headers = ({"Authorization": f"Bearer {cast.bearer[viewer]}"}
                   if viewer in cast.bearer else {})
        if rule.files:
            return client.open(url, method=rule.method, query_string=rule.query,
                               headers=headers, data=rule.files(cast))
        return client.open(url, method=rule.method, query_string=rule.query, headers=headers,
                           json=rule.json(cast) if rule.json else None)
    data = None
    if rule.changes_state:
        data = {"csrf_token": csrf_token(client, "/"), **(rule.form(cast) if rule.form else {})}
    return client.open(url, method=rule.method, query_string=rule.query, data=data)


def _assert_no_leak(response, viewer, rule):
    # Binary answers (a photo) are searched too, as far as they read as text.
    text = (response.get_data().decode("utf-8", "replace") + str(response.headers)).lower()
    if viewer not in GROUP_INSIDERS:
        assert PLANTED_GROUP_SECRET.lower() not in text, \
            f"{rule.key} shows the private group's words to {viewer}"
    if viewer in TRUSTED:
        return
    for secret in (PLANTED_LICENSE, PLANTED_EMAIL):
        assert secret.lower() not in text, f"{rule.key} shows {secret} to {viewer}"


def _describe(response) -> str:
    return f"{response.status_code} {response.headers.get('Location', '')} " + \
        response.get_data().decode("utf-8", "replace")[:300]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.key)
def test_each_viewer_gets_what_the_rule_says(cast_app, rule):
    app, cast = cast_app
    api = rule.rule.startswith("/api/")
    refused = [viewer for viewer in VIEWERS if viewer not in rule.allow]
    allowed = [rule.actor()] if rule.changes_state else list(rule.allow)
    for viewer in refused:
        before = snapshot() if rule.changes_state else None
        response = _send(app, cast, rule, viewer)
        _assert_no_leak(response, viewer, rule)
        assert response.status_code in rule.refusal(viewer, api), \
            f"{rule.key} as {viewer}: {_describe(response)}"
        if viewer == ANONYMOUS and not api:
            assert "/login" in response.headers["Location"]
        response.close()
        if before is not None:
            assert snapshot() == before, f"{rule.key} as {viewer} changed the database"
    for viewer in allowed:
        response = _send(app, cast, rule, viewer)
        _assert_no_leak(response, viewer, rule)
        expected = (rule.expect[viewer],) if viewer in rule.expect else rule.reached
        assert response.status_code in expected, f"{rule.key} as {viewer}: {_describe(response)}"
        if response.status_code in (302, 303) and ANONYMOUS not in rule.allow:
            assert "/login" not in response.headers["Location"], \
                f"{rule.key} sent {viewer} to the login page"
        response.close()


@pytest.mark.parametrize("rule", SOCKET_RULES, ids=lambda rule: rule.key)
def test_each_viewer_gets_what_the_socket_rule_says(cast_app, rule):
    app, cast = cast_app
    connect_rule = next(r for r in SOCKET_RULES
                        if r.namespace == rule.namespace and r.event == "connect")
    for viewer in VIEWERS:
        # Each viewer's socket outside the test's app context, as in production: the test
        # client would otherwise share the test's `g`, and with it the first viewer's login.
        contextvars.Context().run(_socket_as, app, _client(app, cast, viewer),
                                  rule.payload(cast), rule, connect_rule, viewer)


def _socket_as(app, flask_client, payload, rule, connect_rule, viewer):
    sc = socketio.test_client(app, namespace=rule.namespace, flask_test_client=flask_client)
    try:
        assert sc.is_connected(rule.namespace) == (viewer in connect_rule.allow), viewer
        if rule.event == "connect" or not sc.is_connected(rule.namespace):
            return
        ack = sc.emit(rule.event, payload, namespace=rule.namespace, callback=True)
        assert PLANTED_LICENSE not in str(ack) and (
            viewer in TRUSTED or PLANTED_EMAIL not in str(ack))
        assert viewer in GROUP_INSIDERS or PLANTED_GROUP_SECRET not in str(ack)
        if viewer in rule.allow:
            assert ack["ok"] is True, f"{rule.key} as {viewer}: {ack}"
        else:
            assert ack["ok"] is False, f"{rule.key} as {viewer}: {ack}"
            assert ack["error"]["code"] == (404 if rule.hidden else 403), ack
    finally:
        if sc.is_connected(rule.namespace):
            sc.disconnect(namespace=rule.namespace)
