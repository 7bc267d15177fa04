"""The CE log's pages: the log and its progress, entries, requirements from a template,
certificates, the transcript and the CSV; others' logs are Not Found."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from peerlink.ce_log.models import CECertificate, CEEntry, CERequirement
from tests.conftest import csrf_token
from tests.factories import (
    ce_entry,
    ce_requirement,
    ce_templates,
    count_queries,
    fill_profile,
    give_certificate,
    image_bytes,
    make_user,
    pdf_bytes,
)


def in_memory_multipart(data: bytes, filename: str, **fields) -> dict:
    """A large upload's body built in memory: the test client would spool one over 500 KB to
    a temporary file that it never closes."""
    boundary, body = encode_multipart(
        {**fields, "certificate": FileStorage(io.BytesIO(data), filename=filename)})
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


ENTRY = {"title": "Ethics for supervisors", "provider": "State association",
         "completed_on": "2026-04-02", "hours": "3", "live": "true",
         "subjects": ["ethics", "supervision"], "notes": ""}


def test_the_log_shows_entries_and_progress(client, logged_in):
    ce_requirement(logged_in, total="40", live_minimum="10", subjects={"ethics": "6"})
    ce_entry(logged_in, title="Trauma workshop", hours="12", live=False, subjects=["ethics"])
    ce_entry(logged_in, title="Consultation group", hours="2", live=True,
             subjects=["supervision"])
    page = client.get("/ce-log").get_data(as_text=True)
    assert "Trauma workshop" in page and "Consultation group" in page
    assert "14 of 40 hours; ethics 6 of 6; 8 live hours still needed by 31 Aug 2027." in page


def test_add_edit_and_delete_an_entry(client, auth, logged_in, db):
    response = auth.post("/ce-log/entries/new", ENTRY)
    assert response.status_code == 302
    entry = db.session.scalar(select(CEEntry))
    assert (entry.title, entry.hours, entry.live, entry.subjects) == \
        ("Ethics for supervisors", 3, True, ["ethics", "supervision"])
    edit = client.get(f"/ce-log/entries/{entry.id}/edit").get_data(as_text=True)
    assert 'value="Ethics for supervisors"' in edit
    response = auth.post(f"/ce-log/entries/{entry.id}/edit",
                         {**ENTRY, "hours": "2.5", "live": "false", "subjects": "ethics"})
    assert response.status_code == 302
    db.session.refresh(entry)
    assert (entry.hours, entry.live, entry.subjects) == (2.5, False, ["ethics"])
    assert auth.post(f"/ce-log/entries/{entry.id}/delete").status_code == 302
    assert db.session.scalar(select(CEEntry)) is None


def test_bad_entry_input_gets_field_errors_and_stores_nothing(client, auth, logged_in, db):
    response = auth.post("/ce-log/entries/new", {
        "title": "", "completed_on": "yesterday", "hours": "-1", "live": "maybe",
        "subjects": "astrology"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-title"' in page and "Fill in this field." in page
    assert 'id="error-completed_on"' in page and "Enter a date" in page
    assert 'id="error-hours"' in page and "Enter hours from 0.01 to 999." in page
    assert 'id="error-live"' in page
    assert "Choose subjects from the list (astrology is not one)." in page
    assert db.session.scalar(select(CEEntry)) is None


def test_a_requirement_from_a_template_then_edited(client, auth, logged_in, db):
    ce_templates()
    fill_profile(logged_in, license_jurisdiction="US-OR")
    page = client.get("/ce-log").get_data(as_text=True)
    assert "check your board&#39;s current rules. This is not legal advice." in page
    template_id = int(page.split('<option value="', 2)[2].split('"')[0])
    form = client.get(f"/ce-log/requirements/new?template={template_id}").get_data(as_text=True)
    assert "not legal advice" in form and 'value="Oregon LCSW"' in form
    response = auth.post("/ce-log/requirements/new", {
        "template_id": str(template_id), "license_name": "Oregon LCSW",
        "cycle_start": "2025-09-01", "cycle_end": "2027-08-31", "total_hours": "36",
        "self_study_cap": "18", "live_minimum": "18", "minimum_ethics": "6",
        "minimum_cultural-competence": "3"})
    assert response.status_code == 302
    requirement = db.session.scalar(select(CERequirement))
    assert requirement.template_id == template_id
    assert requirement.subject_hours == {"ethics": 6, "cultural-competence": 3}
    response = auth.post(f"/ce-log/requirements/{requirement.id}/edit", {
        "license_name": "Oregon LCSW", "cycle_start": "2025-09-01", "cycle_end": "2027-08-31",
        "total_hours": "30", "self_study_cap": "", "live_minimum": "", "minimum_ethics": "4"})
    assert response.status_code == 302
    db.session.refresh(requirement)
    assert (requirement.total_hours, requirement.self_study_cap, requirement.subject_hours) \
        == (30, None, {"ethics": 4})


def test_bad_requirement_input_gets_field_errors(client, auth, logged_in, db):
    response = auth.post("/ce-log/requirements/new", {
        "license_name": "Oregon LCSW", "cycle_start": "2027-01-01", "cycle_end": "2026-01-01",
        "total_hours": "10", "live_minimum": "12", "minimum_ethics": "lots"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-minimum_ethics"' in page
    response = auth.post("/ce-log/requirements/new", {
        "license_name": "Oregon LCSW", "cycle_start": "2027-01-01", "cycle_end": "2026-01-01",
        "total_hours": "10", "live_minimum": "12", "minimum_ethics": "11"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "The cycle must end after it starts." in page
    assert "The live minimum cannot be more than the total hours." in page
    assert "A subject minimum cannot be more than the total hours (Ethics)." in page
    assert db.session.scalar(select(CERequirement)) is None


def test_someone_elses_log_is_not_found(client, logged_in):
    other = make_user()
    entry = ce_entry(other, title="Private course")
    requirement = ce_requirement(other)
    give_certificate(other, entry.key)
    for path in (f"/ce-log/entries/{entry.id}/edit", f"/ce-log/requirements/{requirement.id}/edit",
                 f"/ce-log/lines/entry:{entry.id}/certificate",
                 f"/ce-log/lines/entry:{entry.id}/certificate/file"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Private course" not in response.get_data(as_text=True)
    assert "Private course" not in client.get("/ce-log").get_data(as_text=True)
    assert "Private course" not in client.get("/ce-log/export.csv").get_data(as_text=True)


def test_certificates_are_checked_by_content(client, auth, logged_in, db):
    entry = ce_entry(logged_in)
    path = f"/ce-log/lines/entry:{entry.id}/certificate"

    def upload(content, name):
        return auth.post(path, {"certificate": (io.BytesIO(content), name)},
                         content_type="multipart/form-data")

    fake = upload(b"%PDF-1.4\nthis is not a pdf at all", "certificate.pdf")
    assert fake.status_code == 422
    assert "this file is not one" in fake.get_data(as_text=True)
    html = upload(b"<html><script>alert(1)</script></html>", "certificate.png")
    assert html.status_code == 422
    too_large = client.post(path, **in_memory_multipart(
        pdf_bytes(padding=10 * 1024 * 1024), "big.pdf", csrf_token=csrf_token(client)))
    assert too_large.status_code == 422
    assert "Choose a file of 10 MB or less." in too_large.get_data(as_text=True)
    assert db.session.scalar(select(CECertificate)) is None

    assert upload(image_bytes("PNG"), "scan.png").status_code == 302
    served = client.get(f"{path}/file")
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert served.data == image_bytes("PNG")

    good = pdf_bytes()
    assert upload(good, "Ethics certificate.pdf").status_code == 302
    served = client.get(f"{path}/file")
    assert (served.mimetype, served.data) == ("application/pdf", good)
    assert 'filename="Ethics certificate.pdf"' in served.headers["Content-Disposition"]
    assert len(db.session.scalars(select(CECertificate)).all()) == 1  # replaced, not added


def test_a_certificate_file_follows_its_entry(app, client, auth, logged_in, upload_dir):
    entry = ce_entry(logged_in)
    give_certificate(logged_in, entry.key)
    files = list((upload_dir / "certificates").iterdir())
    assert len(files) == 1
    auth.post(f"/ce-log/entries/{entry.id}/delete")
    assert not files[0].exists()


def test_the_transcript_is_printable(client, logged_in):
    ce_requirement(logged_in, total="10")
    ce_entry(logged_in, title="Grief work", hours="2")
    page = client.get("/ce-log/transcript").get_data(as_text=True)
    assert "Continuing education transcript" in page and "Grief work" in page
    assert "2 of 10 hours; due by 31 Aug 2027." in page
    assert "js/print-page.js" in page


def test_the_csv_holds_every_line_and_runs_no_formula(client, logged_in):
    ce_entry(logged_in, title="=HYPERLINK(\"http://evil\")", provider="+cmd", hours="1.5",
             notes="-2+3", subjects=["ethics"], completed_on=date(2026, 1, 2))
    ce_entry(logged_in, title="@SUM(A1)", provider="Plain provider", hours="2", live=False,
             completed_on=date(2026, 1, 1))
    response = client.get("/ce-log/export.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Completed on", "Title", "Provider", "Hours"]
    assert rows[1][:6] == ["2026-01-02", "'=HYPERLINK(\"http://evil\")", "'+cmd", "1.5", "Live",
                           "Ethics"]
    assert rows[1][8] == "'-2+3"
    assert rows[2][:5] == ["2026-01-01", "'@SUM(A1)", "Plain provider", "2", "Self-study"]


@pytest.mark.parametrize("path", ["/ce-log", "/ce-log/transcript"])
def test_a_log_of_200_entries_takes_no_more_queries_than_one_of_2(client, logged_in, path):
    ce_requirement(logged_in, subjects={"ethics": "6"})
    ce_requirement(logged_in, license_name="Second license", total="20")

    def queries():
        client.get(path)  # the first request of a session loads more (the user, settings)
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter[0]

    for n in range(2):
        give_certificate(logged_in, ce_entry(logged_in, title=f"Course {n}").key)
    few = queries()
    for n in range(198):
        ce_entry(logged_in, title=f"More {n}", subjects=["ethics"])
    many = queries()
    assert "More 197" in client.get(path).get_data(as_text=True)
    assert many == few, (few, many)


def test_earned_hours_fill_in_themselves_and_take_a_certificate(client, auth, logged_in,
                                                               credit_source):
    from decimal import Decimal

    from peerlink.ce_log.sources import EarnedCredit

    ce_requirement(logged_in, total="10", live_minimum="4")
    credit_source.credits[logged_in.id] = [EarnedCredit(
        key="event-session:12", title="EMDR track", provider="Trauma Summit 2026",
        completed_on=date(2026, 5, 2), hours=Decimal("4.5"), live=True)]
    page = client.get("/ce-log").get_data(as_text=True)
    assert "EMDR track" in page and "Earned in PeerLink" in page
    assert "4.5 of 10 hours; due by 31 Aug 2027." in page
    assert "/ce-log/entries/" not in page.split('data-line="event-session:12"')[1].split("</tr>")[0]
    response = auth.post("/ce-log/lines/event-session:12/certificate",
                         {"certificate": (io.BytesIO(pdf_bytes()), "emdr.pdf")},
                         content_type="multipart/form-data")
    assert response.status_code == 302
    served = client.get("/ce-log/lines/event-session:12/certificate/file")
    assert served.mimetype == "application/pdf"
    assert client.get("/ce-log/lines/event-session:99/certificate").status_code == 404


def test_an_admin_edits_a_template_on_its_page(client, auth, db):
    from peerlink.ce_log.models import CETemplate
    from tests.factories import make_user as new_user

    ce_templates()
    admin = new_user(role="admin")
    auth.login(admin.email)
    template = db.session.scalars(select(CETemplate).order_by(CETemplate.position)).first()
    page = client.get(f"/ce-log/templates/{template.id}/edit").get_data(as_text=True)
    assert "not legal advice" in page and f'value="{template.name}"' in page
    response = auth.post(f"/ce-log/templates/{template.id}/edit", {
        "name": template.name, "license_type": "LCSW", "cycle_years": "3",
        "total_hours": "45", "self_study_cap": "", "live_minimum": "50",
        "minimum_ethics": "6", "notes": ""})
    assert response.status_code == 422
    assert "The live minimum cannot be more than the total hours." in \
        response.get_data(as_text=True)
    response = auth.post(f"/ce-log/templates/{template.id}/edit", {
        "name": template.name, "license_type": "LCSW", "cycle_years": "3",
        "total_hours": "45", "self_study_cap": "", "live_minimum": "10",
        "minimum_ethics": "6", "notes": "Checked against the 2026 rules."})
    assert response.status_code == 302
    db.session.refresh(template)
    assert (template.cycle_years, template.total_hours, template.self_study_cap) == (3, 45, None)
