"""Builders shared by the connections, blocks and people-to-meet tests (no tests here).

Profiles are written directly (the profile editor is a separate piece of work); an account
may already have an empty profile from the account-created signal, which is then filled in.
"""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from peerlink.extensions import db
from peerlink.profiles.models import Profile
from peerlink.profiles.taxonomy import seed_taxonomies, terms_by_slug
from tests import factories

TERM_FIELDS = ("specialties", "modalities", "populations")


def clinician(name: str, *, discipline: str | None = None, pronouns: str = "",
              specialties=(), modalities=(), populations=(), visibility: str = "members",
              role: str = "member"):
    """A member with a profile; returns the User."""
    if not terms_by_slug("disciplines", ["psychologist"]):
        seed_taxonomies()
    slug = name.lower().replace(" ", ".")
    user = factories.make_user(name=name, email=f"{slug}@example.org", role=role)
    profile = db.session.get(Profile, user.id)
    if profile is None:
        profile = Profile(user_id=user.id, display_name=name)
        db.session.add(profile)
    profile.display_name, profile.pronouns, profile.visibility = name, pronouns, visibility
    profile.discipline = (terms_by_slug("disciplines", [discipline])[discipline]
                          if discipline else None)
    for field, slugs in zip(TERM_FIELDS, (specialties, modalities, populations), strict=True):
        found = terms_by_slug(field, slugs)
        setattr(profile, field, [found[s] for s in slugs])
    db.session.commit()
    return user


@contextmanager
def count_queries():
    """Counts the SQL statements run inside the block: `with count_queries() as n: ...; n[0]`."""
    counter = [0]

    def before(*args, **kwargs):
        counter[0] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def request_context(app):
    """Services build notification links with url_for, as they do inside a request."""
    with app.test_request_context():
        yield
