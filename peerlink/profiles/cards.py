"""The public member card: what lists and room broadcasts show of a member.

The same for every viewer, so it can be sent to a whole room: name, discipline,
credentials, the verified badge and the profile link, and pronouns and the photo only where
the owner shows their full profile to every member (else the card draws initials). Anything
that depends on the viewer (e-mail, license number, the full profile) is fetched per viewer
through privacy.
"""

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Integer, bindparam, case, func, select, true
from sqlalchemy.sql import Select

from peerlink.accounts.models import User
from peerlink.errors import NotFound
from peerlink.extensions import core_execute, db
from peerlink.links import path_to
from peerlink.profiles.models import Profile
from peerlink.profiles.privacy import (
    NO_SUCH_MEMBER,
    shows_photo_publicly,
    shows_pronouns_publicly,
)
from peerlink.profiles.relations import MEMBER, kept_statement
from peerlink.taxonomy.models import Discipline

HIDDEN_NAME = "A member whose profile you cannot see"
# The square sizes a photo is kept in, in pixels: twice what the pages draw (a card's 48 px,
# the profile page's 160 px), for sharp photos on high-density screens.
CARD_PHOTO = 96
PROFILE_PHOTO = 320
PHOTO_SIZES = (CARD_PHOTO, PROFILE_PHOTO)


def photo_path(name: str, size: int) -> str:
    """Where a photo is served (profiles.photos checks the viewer there). The random name is
    in the address, so a photo cannot be found from a member's id."""
    return path_to("profiles.photo", name=name, size=size)


@dataclass(frozen=True)
class PhotoUrls:
    card: str
    profile: str


def photo_urls(name: str | None) -> PhotoUrls | None:
    if not name:
        return None
    return PhotoUrls(card=photo_path(name, CARD_PHOTO), profile=photo_path(name, PROFILE_PHOTO))


@dataclass(frozen=True)
class MemberCard:
    id: int
    display_name: str
    pronouns: str
    discipline: str | None
    credentials: str
    verified: bool
    hidden: bool = False  # a `hidden_card`: someone who blocked the viewer
    photo: str | None = None  # the photo's name, where the card may show it

    @property
    def profile_url(self) -> str | None:
        return None if self.hidden else profile_path(self.id)

    @property
    def photo_url(self) -> str | None:
        return None if self.hidden or not self.photo else photo_path(self.photo, CARD_PHOTO)


def profile_path(user_id: int) -> str:
    """The profile page's path (the profiles blueprint serves it), for lists and broadcasts
    built without a request."""
    return f"/people/{user_id}"


def card_columns():
    """Columns for a MemberCard; use with `with_card(query, user_id_column)`."""
    pronouns = case((shows_pronouns_publicly(Profile.visibility),
                     func.coalesce(Profile.pronouns, "")), else_="")
    photo = case((shows_photo_publicly(Profile.visibility), Profile.photo), else_=None)
    return (User.id, func.coalesce(Profile.display_name, User.name), pronouns, Discipline.label,
            func.coalesce(Profile.credentials, ""), Profile.verification_status, photo)


CARD_WIDTH = len(card_columns())


def with_card(query, user_id_column):
    """Join what `card_columns` reads for the member in `user_id_column`."""
    return _with_profile(query.join(User, User.id == user_id_column))


def _with_profile(query):
    return (query.outerjoin(Profile, Profile.user_id == User.id)
            .outerjoin(Discipline, Discipline.id == Profile.discipline_id))


def card_from_row(values) -> MemberCard:
    user_id, name, pronouns, discipline, credentials, verification, photo = values
    return MemberCard(id=user_id, display_name=name, pronouns=pronouns, discipline=discipline,
                      credentials=credentials, verified=verification == "verified",
                      photo=photo)


def hidden_card(user_id: int) -> MemberCard:
    """What a member sees of someone who blocked them, where they must still name them
    (their own block list): nothing but the id they already had."""
    return MemberCard(id=user_id, display_name=HIDDEN_NAME, pronouns="", discipline=None,
                      credentials="", verified=False, hidden=True)


def cards_query():
    """A select of every member's card (`card_from_row` reads a row); add `.where(...)`."""
    return _with_profile(select(*card_columns()).select_from(User))


@lru_cache(maxsize=1)
def _card_of_member():
    """One member's card, the member's id in :member (built once: chat asks on every
    message)."""
    return cards_query().where(User.id == bindparam("member", type_=Integer))


def member_card(user_id: int) -> MemberCard | None:
    row = core_execute(_card_of_member(), {"member": user_id}).first()
    return card_from_row(row) if row else None


def _card_and_blocked(source) -> Select:
    blocked = source.blocked_either_way(MEMBER).subquery()
    return (cards_query().add_columns(blocked.c[0]).outerjoin(blocked, true())
            .where(User.id == MEMBER))


def card_and_blocked(user_id: int) -> tuple[MemberCard | None, set[int]]:
    """The member's card and the ids of the members they blocked or were blocked by, in one
    statement (a chat message needs both of its author's): a row per block, or one with
    none."""
    rows = core_execute(kept_statement("cards.card_and_blocked", _card_and_blocked),
                        {"member": user_id}).all()
    if not rows:
        return None, set()
    return (card_from_row(rows[0][:CARD_WIDTH]),
            {row[CARD_WIDTH] for row in rows if row[CARD_WIDTH] is not None})


def require_card(user_id: int) -> MemberCard:
    card = member_card(user_id)
    if card is None:
        raise NotFound(NO_SUCH_MEMBER)
    return card


def display_name(user_id: int) -> str:
    return db.session.scalar(
        select(func.coalesce(Profile.display_name, User.name))
        .select_from(User).outerjoin(Profile, Profile.user_id == User.id)
        .where(User.id == user_id))
