"""Helpers for the profile, license and taxonomy tests (plain functions, no fixtures)."""

from contextlib import contextmanager

from sqlalchemy import event

from peerlink.extensions import db
from peerlink.profiles.models import Block, Connection, Profile
from peerlink.profiles.taxonomy import seed_taxonomies, terms_by_slug
from tests import factories


def bearer(client, user) -> dict:
    """Authorization headers for `user`, from a fresh personal access token."""
    response = client.post("/api/v1/auth/tokens",
                           json={"email": user.email, "password": factories.PASSWORD})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def ensure_taxonomies() -> None:
    if not terms_by_slug("disciplines", ["psychologist"]):
        seed_taxonomies()


def profile_of(user) -> Profile:
    return db.session.get(Profile, user.id)


def fill_profile(user, **fields) -> Profile:
    """Write profile fields directly; taxonomy fields take slugs."""
    ensure_taxonomies()
    profile = profile_of(user)
    for name, value in fields.items():
        if name in ("discipline", "setting"):
            taxonomy = "disciplines" if name == "discipline" else "settings"
            value = terms_by_slug(taxonomy, [value])[value] if value else None
        elif name in ("specialties", "modalities", "populations", "languages"):
            found = terms_by_slug(name, value)
            value = [found[slug] for slug in value]
        setattr(profile, name, value)
    db.session.commit()
    return profile


def connect(a, b) -> None:
    db.session.add(Connection(requester_id=a.id, addressee_id=b.id, status="accepted"))
    db.session.commit()


def block(blocker, blocked) -> None:
    db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))
    db.session.commit()


@contextmanager
def counted_queries():
    """Counts SQL statements inside the block: `with counted_queries() as n: ...; n[0]`."""
    count = [0]

    def before_cursor_execute(*args, **kwargs):
        count[0] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)
