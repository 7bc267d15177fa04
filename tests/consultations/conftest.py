import pytest

from tests.factories import PASSWORD, clinician, connect


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
def pair(app):
    """A requester in New York connected with a peer in London, and an outsider."""
    people = {"requester": clinician("Rita Requester", timezone="America/New_York"),
              "peer": clinician("Pete Peer", timezone="Europe/London"),
              "outsider": clinician("Omar Outsider", timezone="UTC"),
              "admin": clinician("Ada Admin", role="admin")}
    connect(people["requester"], people["peer"])
    return people
