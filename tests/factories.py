"""Test data built through the real services, so it obeys the same rules as production.

Plain functions, one per thing built; fixtures live in conftest.py. Profiles are written
directly (every account already has an empty one) and then announced with `profile_changed`
before the commit, exactly as the profile services do, so the directory index follows.
"""

import io
import itertools
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from PIL import Image
from sqlalchemy import event

from peerlink.accounts import services as accounts
from peerlink.audit import services as audit
from peerlink.chat import services as chat
from peerlink.connections.models import Block, Connection
from peerlink.extensions import db
from peerlink.profiles import photos
from peerlink.profiles import services as profiles
from peerlink.profiles.models import Profile
from peerlink.profiles.signals import profile_changed
from peerlink.taxonomy.services import seed_taxonomies, terms_by_slug

PASSWORD = "a-long-walk-by-the-quiet-river"
TERM_LISTS = ("specialties", "modalities", "populations", "languages")
_counter = itertools.count(1)


def make_user(*, name: str | None = None, email: str | None = None, password: str = PASSWORD,
              role: str = "member", confirmed: bool = True):
    n = next(_counter)
    return accounts.register_user(name=name or f"Clinician {n}",
                                  email=email or f"clinician{n}@example.org",
                                  password=password, role=role, confirmed=confirmed)


def bearer(client, user) -> dict:
    """Authorization headers for `user`, from a fresh personal access token."""
    response = client.post("/api/v1/auth/tokens",
                           json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def audit_event(action: str, *, actor=None, about=None, at=None, **details):
    """An audit event as the services record it (`at`: backdated to this moment)."""
    event = audit.record(action, actor_id=actor.id if actor else None,
                         subject=audit.member(about.id) if about else None, details=details)
    if at is not None:
        event.created_at = at
    db.session.commit()
    return event


def api_token(user, name: str = "spare"):
    """A personal access token of `user` (the ApiToken row; its plaintext is not kept)."""
    token, _ = accounts.create_api_token(email=user.email, password=PASSWORD, name=name)
    return token


def seed_terms() -> None:
    """The default taxonomy terms, unless they are already there."""
    if not terms_by_slug("disciplines", ["psychologist"]):
        seed_taxonomies()


def profile_of(user) -> Profile:
    return db.session.get(Profile, user.id)


def fill_profile(user, **fields) -> Profile:
    """Write these profile fields (taxonomy fields as slugs; None or [] clears one)."""
    seed_terms()
    profile = profile_of(user)
    for name, value in fields.items():
        if name in ("discipline", "setting"):
            taxonomy = "disciplines" if name == "discipline" else "settings"
            value = terms_by_slug(taxonomy, [value])[value] if value else None
        elif name in TERM_LISTS:
            found = terms_by_slug(name, value)
            value = [found[slug] for slug in value]
        setattr(profile, name, value)
    profile_changed.send(profile)
    db.session.commit()
    return profile


def clinician(name: str, *, role: str = "member", **fields):
    """A member whose profile has these fields (taxonomy fields as slugs); returns the User."""
    user = make_user(name=name, role=role)
    fill_profile(user, **{"display_name": name, **fields})
    return user


def image_bytes(format: str = "JPEG", size: tuple[int, int] = (400, 300), *,
                mode: str = "RGB", exif: Image.Exif | None = None, **save) -> bytes:
    """An image file made here: the left quarter blue, the rest red (a centred square crop
    keeps both), in `format`, with `exif` written into it if given."""
    image = Image.new(mode, size, (200, 30, 30, 255)[:len(mode)] if mode != "L" else 90)
    image.paste((30, 30, 200, 255)[:len(mode)] if mode != "L" else 200,
                (0, 0, size[0] // 4, size[1]))
    out = io.BytesIO()
    image.save(out, format, **({"exif": exif} if exif is not None else {}), **save)
    return out.getvalue()


def give_photo(user, **image) -> str:
    """Upload a photo for `user` through the photo service; returns the photo's name."""
    return photos.upload_photo(user, io.BytesIO(image_bytes(**image))).photo


def connect(a, b) -> Connection:
    """An accepted connection between `a` and `b`."""
    connection = Connection(requester_id=a.id, addressee_id=b.id, status="accepted")
    db.session.add(connection)
    db.session.commit()
    return connection


def request_connection(requester, addressee) -> Connection:
    """A pending request from `requester` to `addressee`."""
    connection = Connection(requester_id=requester.id, addressee_id=addressee.id)
    db.session.add(connection)
    db.session.commit()
    return connection


def submit_license(user, jurisdiction: str = "Ohio", number: str = "PSY-0042"):
    """A license review waiting for a moderator."""
    return profiles.submit_license(user, jurisdiction=jurisdiction, number=number)


def block(blocker, blocked) -> None:
    db.session.add(Block(blocker_id=blocker.id, blocked_id=blocked.id))
    db.session.commit()


def direct_room(starter, *others):
    """A direct conversation started by `starter`, connected with each of the others first
    when they are not yet."""
    from peerlink.profiles.privacy import are_connected

    for other in others:
        if not are_connected(starter.id, other.id):
            connect(starter, other)
    return chat.start_direct(starter, [other.id for other in others])


def chat_message(author, room, body: str = "Hello", client_id: str | None = None, *,
                 confirm_deidentified: bool = False):
    """A message sent through the chat service (announced live like any other)."""
    message, _ = chat.send(author, room.id, body, client_id or f"factory-{next(_counter)}",
                           confirm_deidentified=confirm_deidentified)
    return message


@contextmanager
def count_queries():
    """Counts the SQL statements run inside the block: `with count_queries() as n: ...; n[0]`."""
    count = [0]

    def before_cursor_execute(*args, **kwargs):
        count[0] += 1

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


# --- the CE log ---------------------------------------------------------------------------------


def ce_templates() -> None:
    """The default CE requirement templates, unless they are already there."""
    from peerlink.ce_log.services import seed_templates

    seed_templates()


def ce_entry(user, *, title: str = "Trauma-focused CBT workshop", hours: str = "3",
             completed_on=None, live: bool = True, subjects=(), provider: str = "Summit CE",
             notes: str = ""):
    """A manual entry in `user`'s CE log, through the service."""
    from datetime import date
    from decimal import Decimal

    from peerlink.ce_log.services import add_entry

    return add_entry(user, {"title": title, "provider": provider, "notes": notes,
                            "completed_on": completed_on or date(2026, 3, 10),
                            "hours": Decimal(hours), "live": live, "subjects": list(subjects)})


def ce_requirement(user, *, license_name: str = "Oregon LCSW", total: str = "40",
                   cycle_start=None, cycle_end=None, self_study_cap: str | None = None,
                   live_minimum: str | None = None, subjects: dict | None = None):
    """A renewal requirement in `user`'s CE log, through the service."""
    from datetime import date
    from decimal import Decimal

    from peerlink.ce_log.services import add_requirement

    def number(value):
        return None if value is None else Decimal(value)

    return add_requirement(user, {
        "license_name": license_name, "cycle_start": cycle_start or date(2025, 9, 1),
        "cycle_end": cycle_end or date(2027, 8, 31), "total_hours": Decimal(total),
        "self_study_cap": number(self_study_cap), "live_minimum": number(live_minimum),
        "subject_minimums": {code: Decimal(value) for code, value in (subjects or {}).items()}})


def pdf_bytes(pages: int = 1, padding: int = 0) -> bytes:
    """A small, well-formed PDF made here (one empty page per page), `padding` bytes longer."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(f"{3 + i} 0 R".encode()
                                                     for i in range(pages))
               + f"] /Count {pages} >>".encode()]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    out += b"%" + b"x" * padding + b"\n" if padding else b""
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def give_certificate(user, line: str, content: bytes | None = None,
                     filename: str = "certificate.pdf"):
    """Attach a certificate to a line of `user`'s CE log through the service."""
    from peerlink.ce_log.certificates import attach_certificate

    return attach_certificate(user, line, io.BytesIO(content or pdf_bytes()), filename)
# --- groups ----------------------------------------------------------------------------------


def make_group(owner, *, name: str | None = None, kind: str = "topic",
               visibility: str = "open", listed: bool = True, rules: str = "",
               description: str = "", events=()):
    """A group created through the service: `owner` owns it, linked to `events`."""
    from peerlink.groups import services as groups

    return groups.create_group(owner, name=name or f"Group {next(_counter)}",
                               description=description, rules=rules, kind=kind,
                               visibility=visibility, listed=listed,
                               event_ids=[event.id for event in events])


def add_member(group, user, role: str = "member", status: str = "active",
               norms_accepted: bool = True):
    """A membership written directly (members join by the service in the tests about it)."""
    from peerlink.db_types import utcnow
    from peerlink.groups.models import Membership

    membership = Membership(group_id=group.id, user_id=user.id, role=role, status=status,
                            norms_acknowledged_at=utcnow() if norms_accepted else None)
    db.session.add(membership)
    db.session.commit()
    return membership


def add_members(group, users, role: str = "member") -> None:
    """Many members in one commit (the query-count tests)."""
    from peerlink.groups.models import Membership

    db.session.add_all(Membership(group_id=group.id, user_id=user.id, role=role)
                       for user in users)
    db.session.commit()


def make_thread(group, author, title: str = "Case formulation tips", body: str = "Hello all"):
    from peerlink.groups import discussions

    return discussions.start_thread(author, group.id, title, body)


def make_reply(thread, author, body: str = "Thanks for sharing"):
    from peerlink.groups import discussions

    return discussions.reply(author, thread.id, body)


@contextmanager
def capture_mail():
    """The messages sent inside the block (the in-memory mail backend tests use)."""
    from flask import current_app

    mailbox = current_app.extensions["mailman"]
    if not hasattr(mailbox, "outbox"):
        mailbox.outbox = []
    before = len(mailbox.outbox)
    sent: list = []
    yield sent
    sent.extend(mailbox.outbox[before:])


def many_members(count: int, prefix: str = "Bulk") -> list:
    """Accounts inserted in bulk with one password hash, for tests that count queries as
    data grows (no profile: cards fall back to the account's name)."""
    from peerlink.accounts import passwords
    from peerlink.accounts.models import User
    from peerlink.db_types import utcnow

    password_hash = passwords.hash_password(PASSWORD)
    start = next(_counter)
    users = [User(name=f"{prefix} Member {n}", email=f"{prefix.lower()}{start}.{n}@example.org",
                  password_hash=password_hash, role="member", email_confirmed_at=utcnow())
             for n in range(count)]
    db.session.add_all(users)
    db.session.commit()
    return users


def many_replies(thread, authors, count: int) -> None:
    """Replies inserted in bulk (query-count tests), by the given authors in turn."""
    from sqlalchemy import update

    from peerlink.groups.models import Post, Thread

    db.session.add_all(Post(thread_id=thread.id, author_id=authors[n % len(authors)].id,
                            body=f"Reply number {n}") for n in range(count))
    db.session.execute(update(Thread).where(Thread.id == thread.id)
                       .values(reply_count=Thread.reply_count + count))
    db.session.commit()
# --- CE events ---------------------------------------------------------------------------------


def seed_credit_bodies() -> None:
    from peerlink.events.credit_bodies import seed_credit_bodies as seed

    seed()
    db.session.commit()


def make_event(organizer_user, *, title: str = "Trauma Summit 2026", starts_in_hours: float = -1,
               hours: float = 8, **fields):
    """An event through the service, by `organizer_user` (an organizer or admin). By default
    it started an hour ago (check-in is open), in person in Chicago, 6 CE hours."""
    from datetime import timedelta

    from peerlink.db_types import utcnow
    from peerlink.events import services as events

    seed_terms()
    seed_credit_bodies()
    starts = utcnow() + timedelta(hours=starts_in_hours)
    data = {"title": title, "provider": "Midwest Trauma Institute", "description": "",
            "starts_at": starts, "ends_at": starts + timedelta(hours=hours),
            "time_zone": "America/Chicago", "online": False, "venue": "Hilton",
            "city": "Chicago", "country": "US", "url": "", "credit_hours": "6",
            "credit_bodies": ["apa"], **fields}
    from decimal import Decimal

    data["credit_hours"] = Decimal(str(data["credit_hours"]))
    return events.create_event(organizer_user, data)


def make_session(organizer_user, event, *, title: str = "EMDR", offset_hours: float = 0,
                 hours: float = 2, credit_hours: str = "2", specialties=(), modalities=(),
                 subjects=()):
    from datetime import timedelta
    from decimal import Decimal

    from peerlink.events import services as events

    starts = event.starts_at + timedelta(hours=offset_hours)
    return events.add_session(organizer_user, event.id, {
        "title": title, "starts_at": starts, "ends_at": starts + timedelta(hours=hours),
        "credit_hours": Decimal(credit_hours), "specialties": list(specialties),
        "modalities": list(modalities), "subjects": list(subjects)})


def attend(user, event, *, verified: bool = True, sessions=(), listed: bool = True):
    """`user` attended `event` (checked in with the code when `verified`), in `sessions`."""
    from peerlink.events import services as events

    if verified:
        events.check_in(user, event.id, event.checkin_code)
    else:
        events.set_attendance(user, event.id, "going")
    for session in sessions:
        events.set_session_attendance(user, event.id, session.id, True)
    if not listed:
        events.set_listing(user, event.id, False)


CASE_SUMMARY = ("A woman in her 40s, a teacher, with panic attacks for about two years. Twelve "
                "sessions of CBT with interoceptive exposure helped at first; attacks came "
                "back after a move in 2024. PHQ-9 is 11, GAD-7 is 15, sertraline 100 mg.")
CASE_QUESTION = "Would you add ACT, or go back to exposure with a different hierarchy?"


def make_consultation(requester, peer=None, *, state: str = "requested",
                      audience: str = "peer", group=None, specialty: str | None = None,
                      slot_days=(3, 4), time_zone: str = "UTC", retention_days: int = 30,
                      topic: str = "Panic disorder after relapse", fmt: str = "chat"):
    """A consultation brought to `state` through the services (scheduled: the first slot;
    completed: scheduled, moved into the past, then completed by the peer)."""
    from peerlink.consultations import services as consultations

    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0, tzinfo=None)
    data = {"audience": audience, "peer_id": peer.id if peer and audience == "peer" else None,
            "group_id": group.id if group else None, "specialty": specialty, "modality": None,
            "topic": topic, "summary": CASE_SUMMARY, "question": CASE_QUESTION,
            "urgency": "routine", "format": fmt, "video_url": "", "duration_minutes": 60,
            "retention_days": retention_days, "deidentified": True, "time_zone": time_zone,
            "slots": [start + timedelta(days=days) for days in slot_days]}
    consultation = consultations.request_consultation(requester, data)
    if state == "requested":
        return consultation
    if state == "declined":
        return consultations.decline(peer, consultation.id, "")
    if state == "times_proposed":
        return consultations.propose_times(peer, consultation.id,
                                           [start + timedelta(days=5)], time_zone)
    if state == "expired":
        consultations.expire_unanswered(now=consultation.expires_at + timedelta(seconds=1))
        db.session.refresh(consultation)
        return consultation
    if state == "cancelled" and peer is None:
        return consultations.cancel(requester, consultation.id)
    consultation = consultations.accept(peer, consultation.id, consultation.slots[0].id)
    if state == "cancelled":
        return consultations.cancel(requester, consultation.id)
    if state == "completed":
        consultation.starts_at = datetime.now(UTC) - timedelta(hours=2)
        db.session.commit()
        return consultations.complete(peer, consultation.id)
    return consultation
