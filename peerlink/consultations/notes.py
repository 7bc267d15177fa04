"""Each participant's private note on a consultation: read and written by its author only
(every look-up is by the author's id), checked by the PHI guard before it is saved."""

from sqlalchemy import select

from peerlink.chat.services import member_names
from peerlink.consultations.models import MAX_NOTE, Note
from peerlink.consultations.services import require_participant
from peerlink.db_types import utcnow
from peerlink.errors import ValidationFailed
from peerlink.extensions import db
from peerlink.phi import guard as phi_guard


def own_note(author, consultation_id: int) -> Note | None:
    require_participant(author, consultation_id)
    return db.session.scalar(select(Note).where(Note.consultation_id == consultation_id,
                                                Note.author_id == author.id))


def save_note(author, consultation_id: int, body: str) -> Note | None:
    """Write the member's note (an empty body deletes it)."""
    note = own_note(author, consultation_id)
    if len(body) > MAX_NOTE:
        raise ValidationFailed.on("body", f"Keep the note under {MAX_NOTE} characters.")
    phi_guard.check({"body": body}, deidentified_only=True, members=lambda: member_names(
        require_participant(author, consultation_id).participants()))
    if not body:
        if note is not None:
            db.session.delete(note)
        db.session.commit()
        return None
    if note is None:
        note = Note(consultation_id=consultation_id, author_id=author.id, body=body)
        db.session.add(note)
    note.body = body
    note.updated_at = utcnow()
    db.session.commit()
    return note


def export_consultations(user) -> dict:
    """The member's own download: their consultations (what they wrote as requester, the
    states and times of the rest) and their own notes; never the other side's notes."""
    from peerlink.consultations.models import Consultation
    from peerlink.consultations.services import mine

    own_notes = {note.consultation_id: note.body for note in db.session.scalars(
        select(Note).where(Note.author_id == user.id))}

    def entry(c: Consultation) -> dict:
        item = {"id": c.id, "role": "requester" if c.requester_id == user.id else "peer",
                "state": c.state, "created_at": c.created_at.isoformat(),
                "starts_at": c.starts_at.isoformat() if c.starts_at else None,
                "my_note": own_notes.get(c.id)}
        if c.requester_id == user.id:
            item.update(topic=c.topic, summary=c.summary, question=c.question)
        return item

    return {"consultations": [entry(c) for c in mine(user)]}
