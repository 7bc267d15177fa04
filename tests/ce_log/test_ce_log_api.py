"""The CE log's API: the same rules as the pages, paginated, documented."""

import io
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from peerlink.ce_log.models import CEEntry
from peerlink.ce_log.sources import EarnedCredit
from tests.factories import (
    bearer,
    ce_entry,
    ce_requirement,
    ce_templates,
    give_certificate,
    image_bytes,
    make_user,
    pdf_bytes,
)


def test_entries_are_added_listed_changed_and_deleted(client, app, db, credit_source):
    ana = make_user()
    headers = bearer(client, ana)
    credit_source.credits[ana.id] = [EarnedCredit(
        key="event-session:3", title="DBT skills track", provider="Trauma Summit",
        completed_on=date(2026, 6, 1), hours=Decimal(3), live=True, subjects=("ethics",))]
    response = client.post("/api/v1/ce-log/entries", headers=headers, json={
        "title": "Telehealth ethics", "completed_on": "2026-02-01", "hours": 1.5,
        "live": False, "subjects": ["ethics"]})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert (created["hours"], created["key"]) == ("1.50", f"entry:{created['id']}")

    listed = client.get("/api/v1/ce-log/entries?page_size=1", headers=headers)
    assert [line["key"] for line in listed.get_json()] == ["event-session:3"]
    assert '"total": 2' in listed.headers["X-Pagination"]
    second = client.get("/api/v1/ce-log/entries?page=2&page_size=1", headers=headers).get_json()
    assert second[0]["id"] == created["id"] and second[0]["earned"] is False

    response = client.patch(f"/api/v1/ce-log/entries/{created['id']}", headers=headers,
                            json={"hours": "2.25"})
    assert response.get_json()["hours"] == "2.25"
    assert client.delete(f"/api/v1/ce-log/entries/{created['id']}",
                         headers=headers).status_code == 204
    assert db.session.scalar(select(CEEntry)) is None


def test_bad_input_names_the_fields(client, app, db):
    headers = bearer(client, make_user())
    response = client.post("/api/v1/ce-log/entries", headers=headers, json={
        "title": "x" * 201, "completed_on": "31/02/2026", "hours": "NaN", "live": "sometimes",
        "subjects": ["ethics", "palmistry"]})
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert set(errors) == {"title", "completed_on", "hours", "live", "subjects"}
    response = client.post("/api/v1/ce-log/requirements", headers=headers, json={
        "license_name": "Ohio LPCC", "cycle_start": "2026-01-01", "cycle_end": "2025-01-01",
        "total_hours": "10", "subject_minimums": {"ethics": "20"}})
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert errors["cycle_end"] == ["The cycle must end after it starts."]
    assert "subject_minimums" in errors
    assert client.patch("/api/v1/ce-log/entries/1", headers=headers, json={}).status_code \
        in (404, 422)
    assert db.session.scalar(select(CEEntry)) is None


def test_requirements_answer_with_their_progress(client, app):
    ana = make_user()
    headers = bearer(client, ana)
    ce_entry(ana, hours="3", live=False, subjects=["ethics"])
    response = client.post("/api/v1/ce-log/requirements", headers=headers, json={
        "license_name": "Ohio LPCC", "cycle_start": "2025-09-01", "cycle_end": "2027-08-31",
        "total_hours": "20", "self_study_cap": "2", "live_minimum": "5",
        "subject_minimums": {"ethics": "3"}})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["progress"]["sentence"] == ("2 of 20 hours; ethics 3 of 3; 5 live hours still "
                                            "needed by 31 Aug 2027")
    assert body["progress"]["self_study_over_cap"] == "1.00"
    listed = client.get("/api/v1/ce-log/requirements", headers=headers).get_json()
    assert [item["id"] for item in listed] == [body["id"]]
    changed = client.patch(f"/api/v1/ce-log/requirements/{body['id']}", headers=headers,
                           json={"self_study_cap": None}).get_json()
    assert changed["progress"]["counted"] == "3.00"


def test_templates_are_listed_with_the_disclaimer(client, app):
    ce_templates()
    templates = client.get("/api/v1/ce-log/templates", headers=bearer(client, make_user()))
    first = templates.get_json()[0]
    assert "not legal advice" in first["disclaimer"]
    assert first["subject_minimums"]["ethics"] == "6.00"


def test_certificates_through_the_api(client, app, upload_dir):
    ana = make_user()
    headers = bearer(client, ana)
    entry = ce_entry(ana)
    path = f"/api/v1/ce-log/lines/entry:{entry.id}/certificate"
    fake = client.put(path, headers=headers,
                      data={"certificate": (io.BytesIO(b"%PDF-1.7 nothing else"), "c.pdf")})
    assert fake.status_code == 422
    assert "this file is not one" in fake.get_json()["errors"]["files"]["certificate"][0]
    renamed = client.put(path, headers=headers, data={
        "certificate": (io.BytesIO(b"GIF89a not allowed"), "c.jpg", "image/jpeg")})
    assert renamed.status_code == 422
    good = client.put(path, headers=headers,
                      data={"certificate": (io.BytesIO(image_bytes("JPEG")), "scan.jpg")})
    assert good.status_code == 200
    assert good.get_json()["certificate"]["content_type"] == "image/jpeg"
    served = client.get(path, headers=headers)
    assert served.mimetype == "image/jpeg" and served.data == image_bytes("JPEG")
    assert client.delete(path, headers=headers).status_code == 204
    assert client.get(path, headers=headers).status_code == 404
    assert list((upload_dir / "certificates").iterdir()) == []


def test_someone_elses_log_is_not_found(client, app):
    owner, other = make_user(), make_user()
    entry = ce_entry(owner, title="Owner's private course")
    requirement = ce_requirement(owner)
    give_certificate(owner, entry.key, pdf_bytes())
    headers = bearer(client, other)
    for method, path in (
            ("GET", f"/api/v1/ce-log/entries/{entry.id}"),
            ("PATCH", f"/api/v1/ce-log/entries/{entry.id}"),
            ("DELETE", f"/api/v1/ce-log/entries/{entry.id}"),
            ("GET", f"/api/v1/ce-log/requirements/{requirement.id}"),
            ("PATCH", f"/api/v1/ce-log/requirements/{requirement.id}"),
            ("DELETE", f"/api/v1/ce-log/requirements/{requirement.id}"),
            ("GET", f"/api/v1/ce-log/lines/entry:{entry.id}/certificate"),
            ("DELETE", f"/api/v1/ce-log/lines/entry:{entry.id}/certificate")):
        response = client.open(path, method=method, headers=headers,
                               json=({"hours": "1"} if "entries" in path
                                     else {"total_hours": "5"}) if method == "PATCH" else None)
        assert response.status_code == 404, (method, path)
        assert "private course" not in response.get_data(as_text=True)
    assert client.get("/api/v1/ce-log/entries", headers=headers).get_json() == []
    assert "private" not in client.get("/api/v1/ce-log/export.csv",
                                       headers=headers).get_data(as_text=True)


def test_the_csv_through_the_api(client, app):
    ana = make_user()
    ce_entry(ana, title="=cmd|' /C calc'!A0", hours="1")
    response = client.get("/api/v1/ce-log/export.csv", headers=bearer(client, ana))
    assert response.mimetype == "text/csv"
    assert "'=cmd|' /C calc'!A0" in response.get_data(as_text=True)


def test_the_operations_are_documented(client, app):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/ce-log/entries", "/api/v1/ce-log/entries/{entry_id}",
                 "/api/v1/ce-log/lines/{key}/certificate", "/api/v1/ce-log/requirements",
                 "/api/v1/ce-log/requirements/{requirement_id}", "/api/v1/ce-log/templates",
                 "/api/v1/ce-log/export.csv"):
        assert path in spec["paths"], path


def test_admins_edit_a_template_members_cannot(client, app):
    ce_templates()
    admin, member = make_user(role="admin"), make_user()
    listed = client.get("/api/v1/ce-log/templates", headers=bearer(client, member)).get_json()
    path = f"/api/v1/ce-log/templates/{listed[0]['id']}"
    refused = client.patch(path, headers=bearer(client, member), json={"total_hours": "30"})
    assert refused.status_code == 403
    changed = client.patch(path, headers=bearer(client, admin),
                           json={"total_hours": "30", "subject_minimums": {"ethics": "3"}})
    assert changed.status_code == 200
    assert (changed.get_json()["total_hours"], changed.get_json()["subject_minimums"]) == \
        ("30.00", {"ethics": "3.00"})
    bad = client.patch(path, headers=bearer(client, admin), json={"live_minimum": "31"})
    assert bad.get_json()["errors"]["json"]["live_minimum"] == [
        "The live minimum cannot be more than the total hours."]


def test_a_template_name_is_taken_once(client, app):
    ce_templates()
    admin = make_user(role="admin")
    headers = bearer(client, admin)
    first, second = client.get("/api/v1/ce-log/templates", headers=headers).get_json()[:2]
    response = client.patch(f"/api/v1/ce-log/templates/{second['id']}", headers=headers,
                            json={"name": first["name"]})
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"]["name"] == ["Another template has this name."]


def test_a_requirement_patched_out_of_order_is_refused_whole(client, app, db):
    ana = make_user()
    ce_templates()
    requirement = ce_requirement(ana)
    template_id = client.get("/api/v1/ce-log/templates",
                             headers=bearer(client, ana)).get_json()[0]["id"]
    response = client.patch(f"/api/v1/ce-log/requirements/{requirement.id}",
                            headers=bearer(client, ana),
                            json={"cycle_end": "2020-01-01", "template_id": template_id})
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"]["cycle_end"] == [
        "The cycle must end after it starts."]
    db.session.refresh(requirement)
    assert requirement.cycle_end == date(2027, 8, 31) and requirement.template_id is None
