from peerlink.accounts.models import ApiToken, User
from peerlink.accounts.services import create_api_token
from tests import factories


def test_deleting_needs_password_and_confirmation(client, auth, logged_in, db):
    response = auth.post("/account/delete", {"password": "wrong-password-here",
                                             "confirm": "DELETE"})
    assert response.status_code == 422
    response = auth.post("/account/delete", {"password": factories.PASSWORD, "confirm": "delete"})
    assert response.status_code == 422
    assert "Type DELETE in capitals" in response.get_data(as_text=True)
    assert db.session.get(User, logged_in.id) is not None


def test_deleting_removes_the_account_and_its_tokens(client, auth, logged_in, db):
    create_api_token(email=logged_in.email, password=factories.PASSWORD, name="script")
    user_id, email = logged_in.id, logged_in.email
    response = auth.post("/account/delete", {"password": factories.PASSWORD, "confirm": "DELETE"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.query(ApiToken).filter_by(user_id=user_id).count() == 0
    assert client.get("/account").status_code == 302
    assert auth.login(email).status_code == 422
