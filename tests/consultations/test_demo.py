"""The demo community has a consultation in every state, each between members who may
consult, with texts the PHI guard lets through and rooms only once a time was agreed."""

from sqlalchemy import select

from peerlink.chat import services as chat
from peerlink.consultations import services
from peerlink.consultations.models import STATES, Consultation
from peerlink.demo.seed import seed_demo
from peerlink.extensions import db
from peerlink.phi.detector import find_phi


def test_demo_consultations(app):
    seed_demo()
    consultations = db.session.scalars(select(Consultation)).all()
    assert {c.state for c in consultations} == set(STATES)
    for c in consultations:
        for text in (c.topic, c.summary, c.question, c.decline_reason):
            assert find_phi(text) == [], (c.topic, text)
        assert [t.to_state for t in services.transitions(c)][-1] == c.state
        room = chat.owned_room("consultation", c.id)
        assert (room is not None) == (c.starts_at is not None)
        if room is not None:
            assert chat.readers(room) == c.participants()
    waiting = next(c for c in consultations if c.audience == "open")
    assert db.session.scalars(services.volunteers(waiting)).first() is not None
