"""The connections feature's answer to privacy: who is connected with whom, and who is
blocked either way. Registered with profiles at start-up (profiles.relations)."""

from sqlalchemy import and_, or_, select, union_all
from sqlalchemy.sql import Select

from peerlink.connections.models import Block, Connection
from peerlink.extensions import db


class ConnectionRelations:
    def blocked_either_way(self, member) -> Select:
        return union_all(select(Block.blocked_id).where(Block.blocker_id == member),
                         select(Block.blocker_id).where(Block.blocked_id == member))

    def connected(self, member) -> Select:
        return union_all(
            select(Connection.addressee_id).where(Connection.requester_id == member,
                                                  Connection.status == "accepted"),
            select(Connection.requester_id).where(Connection.addressee_id == member,
                                                  Connection.status == "accepted"))

    def standing(self, member: int, others: list[int]) -> dict[int, str]:
        if not others:
            return {}
        rows = db.session.execute(select(
            Connection.requester_id, Connection.addressee_id, Connection.status).where(
            Connection.status.in_(("pending", "accepted")), or_(
                and_(Connection.requester_id == member, Connection.addressee_id.in_(others)),
                and_(Connection.addressee_id == member, Connection.requester_id.in_(others)))))
        found = {}
        for requester, addressee, status in rows:
            other = addressee if requester == member else requester
            if status == "accepted":
                found[other] = "connected"
            elif found.get(other) != "connected":
                found[other] = "request_sent" if requester == member else "request_received"
        return found


RELATIONS = ConnectionRelations()
