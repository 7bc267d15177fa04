"""Every operation of /api/v1/openapi.json, fuzzed in-process with schemathesis, as a member
and as an admin: no 5xx, and every answer is what the document promises (its status code,
content type, headers and body schema).

Bounded and derandomized so the suite is repeatable and quick: PEERLINK_FUZZ_EXAMPLES (15
unless set) examples per operation, valid and invalid input mixed; set it higher for a
release run.
"""

import itertools
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from peerlink.ce_log.models import CETemplate
from peerlink.extensions import db
from peerlink.groups import invitations
from peerlink.groups import reports as group_reports
from tests import factories

EXAMPLES = int(os.environ.get("PEERLINK_FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
# No shrinking: a failure is reported as found, with the curl command that reproduces it,
# in seconds rather than the minutes shrinking a request takes.
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                         phases=[Phase.explicit, Phase.generate],
                         suppress_health_check=list(HealthCheck))
REVOKE = "DELETE /api/v1/auth/tokens/{token_id}"


@pytest.fixture
def community(app):
    """Something for every operation to find, for a member and an admin: connections,
    requests both ways, a block, a pending license review, a spare token, a CE log (an
    entry with its certificate, a requirement), a CE event on now with a session, a group
    they own with a thread, a reply and a report, and an invitation to another group.
    Returns each role's user and the ids (by path parameter) of what that user may act on."""
    factories.seed_terms()
    peers = [factories.clinician(f"Peer {n}", discipline="psychiatrist",
                                 specialties=["trauma-ptsd"]) for n in range(4)]
    review = factories.submit_license(peers[1])
    organizer = factories.clinician("Fuzz organizer", role="organizer")
    event = factories.make_event(organizer)
    session = factories.make_session(organizer, event)
    factories.attend(peers[0], event, sessions=[session])
    found = {}
    for role in ("member", "admin"):
        user = factories.clinician(f"Fuzz {role}", role=role, discipline="psychologist",
                                   specialties=["trauma-ptsd"])
        connections = [factories.connect(user, peers[0]),
                       factories.request_connection(peers[1], user),
                       factories.request_connection(user, peers[2])]
        factories.block(user, peers[3])
        entry = factories.ce_entry(user, subjects=["ethics"])
        factories.give_certificate(user, entry.key)
        requirement = factories.ce_requirement(user, subjects={"ethics": "6"})
        factories.ce_templates()
        template_id = db.session.scalar(select(CETemplate.id).limit(1))
        room = factories.direct_room(user, peers[0])
        message = factories.chat_message(user, room, "Fuzz me")
        group = factories.make_group(user, name=f"Fuzzed group of the {role}",
                                     visibility="private")
        factories.add_member(group, peers[0])
        thread = factories.make_thread(group, user)
        reply = factories.make_reply(thread, peers[0])
        elsewhere = factories.make_group(peers[0], name=f"Group inviting the {role}")
        asked = factories.make_consultation(user, peers[0])
        scheduled = factories.make_consultation(user, peers[0], state="scheduled",
                                                slot_days=(5, 6))
        found[role] = (user, {
            "user_id": [user.id] + [peer.id for peer in peers],
            "connection_id": [connection.id for connection in connections],
            "token_id": [factories.api_token(user).id],
            "review_id": [review.id],
            "room_id": [room.id],
            "message_id": [message.id],
            "name": ["specialties"],
            "slug": ["trauma-ptsd"],
            "entry_id": [entry.id],
            "requirement_id": [requirement.id],
            "key": [entry.key],
            "template_id": [template_id],
            "group_id": [group.id, elsewhere.id],
            "thread_id": [thread.id],
            "post_id": [reply.id],
            "report_id": [group_reports.report_post(user, reply.id, "Fuzzing").id],
            "invitation_id": [invitations.invite_member(peers[0], elsewhere.id, user.id).id],
            "event_id": [event.id],
            "session_id": [session.id],
            "consultation_id": [asked.id, scheduled.id],
        })
    return found


def cases(operation, ids):
    """Valid and invalid input, and valid input on the ids of real things (random ids alone
    would find nothing but 404s)."""
    generated = (operation.as_strategy(GenerationMode.POSITIVE)
                 | operation.as_strategy(GenerationMode.NEGATIVE))
    names = [parameter.name for parameter in operation.path_parameters]
    if not names:
        return generated
    return generated | st.one_of([
        operation.as_strategy(path_parameters=dict(zip(names, values, strict=True)))
        for values in itertools.product(*(ids[name] for name in names))])


ROUTE_ARGUMENT = re.compile(r"<(?:[^>]*:)?([^:>]+)>")  # <int:user_id>, <any(...):name>


def api_routes(app) -> set[str]:
    """Every API operation the app routes, as "METHOD /path/{param}" like the document."""
    return {method + " " + ROUTE_ARGUMENT.sub(r"{\1}", rule.rule)
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/api/v1/") and rule.endpoint not in (
                "api-docs.openapi_json", "main.api_reference")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


@pytest.mark.parametrize("role", ["member", "admin"])
def test_every_operation_answers_as_documented(app, client, community, role):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    user, ids = community[role]
    credentials = {"headers": factories.bearer(client, user)}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {operation.label for operation in operations} == api_routes(app)
    failures = {}

    for operation in operations:

        @FUZZ_SETTINGS
        @given(case=cases(operation, ids))
        def fuzz(case):
            response = case.call_and_validate(session=client, checks=CHECKS,
                                              headers=credentials["headers"])
            if case.operation.label == REVOKE and response.status_code == 204:
                credentials["headers"] = factories.bearer(client, user)  # ours, perhaps

        try:
            fuzz()
        # Every operation's findings, not the first alone (schemathesis reports its checks'
        # failures as a BaseExceptionGroup).
        except (Exception, BaseExceptionGroup) as exc:
            failures[operation.label] = exc

    assert not failures, "\n\n".join(  # with hypothesis' notes: the failing request
        "\n".join([f"{label}: {exc!r}", *getattr(exc, "__notes__", [])])
        for label, exc in failures.items())
