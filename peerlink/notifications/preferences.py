"""How each kind of notification reaches a member besides the app (`kinds.DELIVERIES`)."""

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from peerlink.errors import ValidationFailed
from peerlink.extensions import db
from peerlink.notifications.kinds import DELIVERIES, DIGEST, IMMEDIATE, KINDS, Kind
from peerlink.notifications.models import Notification, NotificationPreference


def cannot_switch_off(kind: Kind) -> str:
    return (f"{kind.label} e-mails always go out at once: they tell you what happens to your "
            "account. They cannot be switched off.")


def not_a_choice(kind: Kind) -> str:
    def wording(choice: str) -> str:  # "in PeerLink only"
        return DELIVERIES[choice][0].lower() + DELIVERIES[choice][1:]

    return "Choose " + ", ".join(f"{choice} ({wording(choice)})"
                                 for choice in kind.choices) + "."


@dataclass(frozen=True)
class Preference:
    """One kind as a member has it: what the settings page and the API show."""

    kind: str
    label: str
    description: str
    delivery: str
    default: str
    choices: tuple[str, ...]
    fixed: bool

    @property
    def options(self) -> list[tuple[str, str]]:
        """(value, wording) for each choice, for the settings form."""
        return [(choice, DELIVERIES[choice]) for choice in self.choices]

    @classmethod
    def of(cls, kind: Kind, chosen: str | None) -> "Preference":
        return cls(kind=kind.name, label=kind.label, description=kind.description,
                   delivery=_effective(kind, chosen), default=kind.default,
                   choices=kind.choices, fixed=kind.fixed)


def _effective(kind: Kind, chosen: str | None) -> str:
    if kind.fixed:
        return IMMEDIATE
    return chosen if chosen in kind.choices else kind.default


def delivery_for(user_id: int, kind: Kind) -> str:
    if kind.fixed:
        return IMMEDIATE
    return _effective(kind, db.session.scalar(select(NotificationPreference.delivery).where(
        NotificationPreference.user_id == user_id, NotificationPreference.kind == kind.name)))


def preferences_of(user_id: int) -> list[Preference]:
    """Every kind in the registry's order, as the member chose it or by its default."""
    chosen = dict(db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery)
        .where(NotificationPreference.user_id == user_id)).all())
    return [Preference.of(kind, chosen.get(name)) for name, kind in KINDS.items()]


def set_preferences(user_id: int, choices: dict[str, str]) -> list[Preference]:
    """Change the kinds named in `choices` (kind name -> delivery); the others stay."""
    errors = {}
    for name, delivery in choices.items():
        kind = KINDS.get(name)
        if kind is None:
            errors[name] = ["There is no such kind of notification."]
        elif kind.fixed and delivery != IMMEDIATE:
            errors[name] = [cannot_switch_off(kind)]
        elif delivery not in kind.choices:
            errors[name] = [not_a_choice(kind)]
    if errors:
        raise ValidationFailed(errors=errors)
    for name, delivery in choices.items():
        if not KINDS[name].fixed:
            _choose(user_id, KINDS[name], delivery)
    db.session.commit()
    return preferences_of(user_id)


def _choose(user_id: int, kind: Kind, delivery: str) -> None:
    """Store the choice (one row per member and kind, even when two requests race). What
    waited for the digest is not e-mailed later once the kind leaves it."""
    insert = (postgresql.insert if db.session.get_bind().dialect.name == "postgresql"
              else sqlite.insert)
    db.session.execute(
        insert(NotificationPreference)
        .values(user_id=user_id, kind=kind.name, delivery=delivery)
        .on_conflict_do_update(index_elements=["user_id", "kind"], set_={"delivery": delivery}))
    if delivery != DIGEST:
        db.session.execute(update(Notification).where(
            Notification.user_id == user_id, Notification.kind == kind.name,
            Notification.digest_pending.is_(True)).values(digest_pending=False))
