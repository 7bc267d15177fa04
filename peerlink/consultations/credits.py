"""Peer-consultation hours for the CE log: a participant adds a completed consultation to
their log, and it is answered to the CE log's `CreditSource` as live hours in the
"peer-consultation" subject (which counts only toward requirements that name it)."""

from decimal import Decimal

from sqlalchemy import select

from peerlink.ce_log.sources import EarnedCredit
from peerlink.consultations.models import COMPLETED, Consultation, Credit
from peerlink.consultations.services import in_zone, is_participant, require_participant
from peerlink.errors import Conflict
from peerlink.extensions import db
from peerlink.profiles.cards import display_name
from peerlink.profiles.services import time_zone_of

SUBJECT = "peer-consultation"


def may_add(user, consultation: Consultation) -> bool:
    return (consultation.state == COMPLETED and is_participant(user, consultation)
            and not is_credited(user.id, consultation.id))


def is_credited(user_id: int, consultation_id: int) -> bool:
    return db.session.scalar(select(Credit.id).where(
        Credit.consultation_id == consultation_id, Credit.user_id == user_id)) is not None


def add(user, consultation_id: int) -> Credit:
    consultation = require_participant(user, consultation_id)
    if consultation.state != COMPLETED:
        raise Conflict("Only a completed consultation can go into the CE log.")
    if is_credited(user.id, consultation_id):
        raise Conflict("This consultation is in your CE log already.")
    credit = Credit(consultation_id=consultation_id, user_id=user.id)
    db.session.add(credit)
    db.session.commit()
    return credit


def earned(user_id: int) -> list[EarnedCredit]:
    rows = db.session.execute(
        select(Consultation).join(Credit, Credit.consultation_id == Consultation.id)
        .where(Credit.user_id == user_id, Consultation.state == COMPLETED)
        .order_by(Consultation.starts_at, Consultation.id)).scalars().all()
    zone_name = time_zone_of(user_id) or "UTC"
    return [EarnedCredit(
        key=f"consultation:{c.id}",
        title=f"Peer consultation with {display_name(c.other(user_id))}",
        provider="PeerLink peer consultation",
        completed_on=in_zone(c.starts_at or c.completed_at, zone_name).date(),
        hours=(Decimal(c.duration_minutes) / 60).quantize(Decimal("0.01")), live=True,
        subjects=(SUBJECT,)) for c in rows]


class ConsultationCredits:
    def earned_credits(self, user_id: int) -> list[EarnedCredit]:
        return earned(user_id)


CREDITS = ConsultationCredits()
