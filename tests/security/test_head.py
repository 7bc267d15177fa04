"""HEAD behaves as GET without a body, on every page and operation that answers GET."""

from dataclasses import replace

from tests.security.rules import declared_rules
from tests.security.test_access_matrix import _send


def test_head_answers_as_get_without_a_body(cast_app):
    app, cast = cast_app
    wrong = []
    for rule in declared_rules():
        if rule.method != "GET":
            continue
        viewer = rule.actor()
        got = _send(app, cast, rule, viewer)
        head = _send(app, cast, replace(rule, method="HEAD"), viewer)
        if head.status_code != got.status_code or head.get_data():
            wrong.append(f"{rule.rule} as {viewer}: GET {got.status_code}, "
                         f"HEAD {head.status_code} with {len(head.get_data())} bytes")
        got.close()
        head.close()
    assert wrong == []
