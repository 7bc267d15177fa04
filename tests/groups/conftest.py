import pytest

from tests.factories import PASSWORD, add_member, clinician, make_group, make_reply, make_thread


@pytest.fixture
def api(client):
    """Calls the API with a personal access token for the member given."""
    tokens = {}

    def call(method, path, who, **kwargs):
        if who.email not in tokens:
            response = client.post("/api/v1/auth/tokens",
                                   json={"email": who.email, "password": PASSWORD})
            tokens[who.email] = response.get_json()["token"]
        headers = {"Authorization": f"Bearer {tokens[who.email]}"}
        return getattr(client, method)(path, headers=headers, **kwargs)

    return call


@pytest.fixture
def circle_of(app):
    """A private group with an owner, a moderator, a member, a thread, a reply by the
    member holding a secret, and an outsider."""
    people = {key: clinician(name) for key, name in (
        ("owner", "Priya Owner"), ("moderator", "Marcus Moderator"),
        ("member", "Lena Member"), ("outsider", "Omar Outsider"))}
    group = make_group(people["owner"], name="Perinatal psychiatry consult",
                       visibility="private", description="Cases and questions.")
    add_member(group, people["moderator"], role="moderator")
    add_member(group, people["member"])
    thread = make_thread(group, people["owner"], "Sertraline in the third trimester",
                         "What do you advise?")
    reply = make_reply(thread, people["member"], "Secret words: lanternfish")
    return {"group": group, "thread": thread, "reply": reply, **people}
