"""The connections feature's answer to privacy: who is connected with whom, and who is
blocked either way. Registered with profiles at start-up (profiles.relations)."""

from sqlalchemy import select, union_all
from sqlalchemy.sql import Select

from peerlink.connections.models import Block, Connection


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


RELATIONS = ConnectionRelations()
