from sqlalchemy import select

from peerlink.accounts.models import User


def run_create(app, *args, password="granite-meadow-lantern-7"):
    runner = app.test_cli_runner()
    return runner.invoke(args=["users", "create", *args, "--password-stdin"],
                         input=password + "\n")


def test_users_create_provisions_a_confirmed_account(app, db):
    result = run_create(app, "Priya@Example.org", "--name", "Priya Raman", "--role", "organizer")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role, user.email_confirmed) == ("priya@example.org", "organizer", True)


def test_users_create_refuses_a_weak_password(app, db):
    result = run_create(app, "priya@example.org", "--name", "Priya", password="password1234")
    assert result.exit_code == 1
    assert "password:" in result.output
    assert db.session.scalar(select(User)) is None


def test_users_create_refuses_a_taken_email(app, db, user):
    result = run_create(app, user.email, "--name", "Someone Else")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_users_create_refuses_an_unknown_role(app, db):
    result = run_create(app, "x@example.org", "--name", "X", "--role", "overlord")
    assert result.exit_code == 2
    assert db.session.scalar(select(User)) is None


def test_seed_demo_refuses_in_production_unless_told(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "PEERLINK_ENV", "production")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 1
    assert "whose password is published; this is production, so it did nothing" in result.output
    assert "--i-know-this-is-production" in result.output
    assert db.session.scalar(select(User)) is None
    result = runner.invoke(args=["seed-demo", "--i-know-this-is-production"])
    assert result.exit_code == 0 and "Loaded the demo community" in result.output
    assert db.session.scalar(select(User).where(User.role == "admin")) is not None
