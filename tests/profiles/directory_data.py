"""Directory test data: profiles written directly, then indexed the way services do it.

Every account already has an (empty) profile; `clinician` fills it in and sends
`profile_changed` before the commit, exactly as the profile services do.
"""

from sqlalchemy import event

from peerlink.extensions import db
from peerlink.profiles.models import Block, Connection, Profile
from peerlink.profiles.signals import profile_changed
from peerlink.profiles.taxonomy import seed_taxonomies, terms_by_slug
from tests import factories


def seed_terms() -> None:
    seed_taxonomies()


def fill_profile(profile: Profile, *, discipline: str | None = None, specialties=(),
                 modalities=(), populations=(), languages=(), **plain) -> Profile:
    if discipline:
        profile.discipline = terms_by_slug("disciplines", [discipline])[discipline]
    for name, slugs in (("specialties", specialties), ("modalities", modalities),
                        ("populations", populations), ("languages", languages)):
        if slugs:
            found = terms_by_slug(name, slugs)
            setattr(profile, name, [found[slug] for slug in slugs])
    for key, value in plain.items():
        setattr(profile, key, value)
    return profile


def clinician(name: str, *, role: str = "member", **fields):
    """A member whose profile has these fields (taxonomy fields as slugs)."""
    user = factories.make_user(name=name, role=role)
    profile = db.session.get(Profile, user.id)
    if profile is None:  # before the profiles feature creates one per account
        profile = Profile(user=user, display_name=name)
        db.session.add(profile)
    fields.setdefault("display_name", name)
    fill_profile(profile, **fields)
    profile_changed.send(profile)
    db.session.commit()
    return user


def edit(user, **fields) -> None:
    profile = db.session.get(Profile, user.id)
    fill_profile(profile, **fields)
    profile_changed.send(profile)
    db.session.commit()


def block(blocker, blocked) -> None:
    db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))
    db.session.commit()


def connect(a, b) -> None:
    db.session.add(Connection(requester_id=a.id, addressee_id=b.id, status="accepted"))
    db.session.commit()


class QueryCounter:
    """Counts SQL statements sent while the `with` block runs."""

    def __init__(self):
        self.statements: list[str] = []

    def _count(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append(statement)

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc):
        event.remove(db.engine, "before_cursor_execute", self._count)

    @property
    def count(self) -> int:
        return len(self.statements)
