"""A member's card read with the members they blocked or were blocked by (a chat message needs
both of its author's, in one statement)."""

from peerlink.connections import blocks
from peerlink.profiles.cards import card_and_blocked, member_card
from peerlink.profiles.relations import blocked_ids
from tests import factories


def test_the_card_comes_with_every_block_either_way(app):
    me, mine, theirs, other = (factories.clinician(name) for name in (
        "Mae Member", "Bo Blocked", "Tia Theirs", "Ola Other"))
    blocks.block(me, mine.id)
    blocks.block(theirs, me.id)
    card, blocked = card_and_blocked(me.id)
    assert card == member_card(me.id) and card.display_name == "Mae Member"
    assert blocked == {mine.id, theirs.id} == blocked_ids(me.id)
    assert card_and_blocked(other.id) == (member_card(other.id), set())
    assert card_and_blocked(other.id + 1000) == (None, set())
