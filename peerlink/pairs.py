"""Two members stored in two columns (requester and addressee, blocker and blocked, the
notified and the one it is about), matched in either order."""

from sqlalchemy import and_, or_
from sqlalchemy.sql import ColumnElement


def either_way(first_column, second_column, a, b) -> ColumnElement:
    """The row links `a` and `b`, whichever of the two columns holds which."""
    return or_(and_(first_column == a, second_column == b),
               and_(first_column == b, second_column == a))
