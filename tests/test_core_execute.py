"""core_execute reads what the transaction has not flushed yet, as db.session.execute does."""

from sqlalchemy import select

from peerlink.accounts.models import User
from peerlink.extensions import core_execute, db
from tests.factories import clinician


def test_a_column_read_sees_a_change_not_yet_flushed(app):
    member = clinician("Nadia Pending")
    member_id = member.id
    member.name = "Nadia Flushed"  # pending: nothing written yet
    name = core_execute(select(User.name).where(User.id == member_id)).scalar_one()
    assert name == "Nadia Flushed"


def test_a_no_autoflush_block_is_respected(app):
    member = clinician("Omar Steady")
    member_id = member.id
    with db.session.no_autoflush:
        member.name = "Omar Changed"
        name = core_execute(select(User.name).where(User.id == member_id)).scalar_one()
    assert name == "Omar Steady"
    db.session.rollback()
