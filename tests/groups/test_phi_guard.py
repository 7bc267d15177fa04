"""The PHI guard in group discussions: a thread (title and text), a reply or an edit that may
identify a client comes back marked, with the box to confirm it (pages), or answers 422 with
its findings until `confirm_deidentified: true` (API). Clean text posts as before."""

from sqlalchemy import func, select

from peerlink.extensions import db
from peerlink.groups.models import Post, Thread
from tests.factories import add_member, bearer, clinician

TITLE = "Help with Mrs. Alvarez"
FLAGGED = "Pt's daughter Maria says he was discharged 04/22/2023; MRN 4471902."
CLEAN = "How do you pace trauma work with a client in her 70s after a recent loss?"


def _posts() -> int:
    return db.session.scalar(select(func.count()).select_from(Post))


def _spans(findings: list, text: str) -> set[str]:
    return {text[f["start"]:f["end"]] for f in findings}


def test_the_new_thread_page_marks_title_and_text_and_posts_once_confirmed(
        client, auth, circle_of):
    auth.login(circle_of["member"].email)
    group = circle_of["group"]
    before = _posts()
    page = auth.post(f"/groups/{group.id}/threads/new", {"title": TITLE, "body": FLAGGED})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert 'id="phi-title"' in html and 'id="phi-body"' in html
    assert '<mark class="phi-mark" data-phi-category="name">Mrs. Alvarez' in html
    assert '<mark class="phi-mark" data-phi-category="date">04/22/2023' in html
    assert 'name="confirm_deidentified"' in html and "Send anyway" in html
    assert 'href="#field-confirm_deidentified"' in html  # the error summary names the box
    assert _posts() == before
    assert db.session.scalar(select(func.count()).select_from(Thread)) == 1
    done = auth.post(f"/groups/{group.id}/threads/new", {"title": TITLE, "body": FLAGGED,
                                                         "confirm_deidentified": "true"})
    assert done.status_code == 302 and _posts() == before + 1


def test_the_reply_and_edit_pages_ask_before_posting_flagged_text(client, auth, circle_of):
    auth.login(circle_of["member"].email)
    thread, reply = circle_of["thread"], circle_of["reply"]
    before = _posts()
    page = auth.post(f"/groups/threads/{thread.id}/reply", {"body": FLAGGED})
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert '<mark class="phi-mark" data-phi-category="name">Maria' in html
    assert 'name="confirm_deidentified"' in html and _posts() == before
    clean = auth.post(f"/groups/threads/{thread.id}/reply", {"body": CLEAN})
    assert clean.status_code == 302 and _posts() == before + 1

    edit = auth.post(f"/groups/posts/{reply.id}/edit", {"body": FLAGGED})
    assert edit.status_code == 422 and 'class="phi-mark"' in edit.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Post, reply.id).body == "Secret words: lanternfish"
    assert auth.post(f"/groups/posts/{reply.id}/edit", {
        "body": FLAGGED, "confirm_deidentified": "true"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Post, reply.id).body == FLAGGED


def test_the_api_answers_findings_until_confirmed(client, circle_of):
    headers = bearer(client, circle_of["member"])
    group, thread = circle_of["group"], circle_of["thread"]
    before = _posts()
    refused = client.post(f"/api/v1/groups/{group.id}/threads", headers=headers,
                          json={"title": TITLE, "body": FLAGGED})
    assert refused.status_code == 422
    body = refused.get_json()
    assert body["confirmable"] is True
    assert set(body["errors"]["json"]) == {"title", "body", "confirm_deidentified"}
    assert _spans(body["findings"]["title"], TITLE) == {"Mrs. Alvarez"}
    assert {"Maria", "04/22/2023"} <= _spans(body["findings"]["body"], FLAGGED)
    created = client.post(f"/api/v1/groups/{group.id}/threads", headers=headers,
                          json={"title": TITLE, "body": FLAGGED, "confirm_deidentified": True})
    assert created.status_code == 201

    refused = client.post(f"/api/v1/groups/threads/{thread.id}/posts", headers=headers,
                          json={"body": FLAGGED})
    assert refused.status_code == 422 and "body" in refused.get_json()["findings"]
    replied = client.post(f"/api/v1/groups/threads/{thread.id}/posts", headers=headers,
                          json={"body": CLEAN})
    assert replied.status_code == 201 and replied.get_json()["body"] == CLEAN
    edit = f"/api/v1/groups/posts/{replied.get_json()['id']}"
    assert client.patch(edit, headers=headers, json={"body": FLAGGED}).status_code == 422
    assert client.patch(edit, headers=headers, json={
        "body": FLAGGED, "confirm_deidentified": True}).status_code == 200
    assert _posts() == before + 2


def test_a_members_at_name_is_not_a_clients(client, circle_of):
    colleague = clinician("Ben Bay")
    add_member(circle_of["group"], colleague)
    path = f"/api/v1/groups/threads/{circle_of['thread'].id}/posts"
    headers = bearer(client, circle_of["member"])
    text = "Thanks @Ben Bay, what dose did you use?"
    response = client.post(path, headers=headers, json={"body": text})
    assert response.status_code == 201, response.get_json()
    # Not a member here: the same words are a name the guard asks about.
    outsider = client.post(path, headers=headers, json={"body": "Thanks @Ada Hale, and you?"})
    assert outsider.status_code == 422, outsider.get_json()


def test_the_groups_members_names_and_links_pass_without_confirmation(client, circle_of):
    colleague = clinician("Halima Warsame")
    add_member(circle_of["group"], colleague)
    clinician("Ada Stone")  # a member of PeerLink, not of the group
    path = f"/api/v1/groups/threads/{circle_of['thread'].id}/posts"
    headers = bearer(client, circle_of["member"])
    for text in ("Agree with Halima on this", "Hello from Lena",
                 "See https://www.apa.org/monitor/2024/sleep"):
        response = client.post(path, headers=headers, json={"body": text})
        assert response.status_code == 201, (text, response.get_json())
    refused = client.post(path, headers=headers, json={"body": "Agree with Ada on this"})
    assert refused.status_code == 422
    assert refused.get_json()["findings"]["body"][0]["category"] == "name"
