"""How each kind of notification reaches a member besides the app (`kinds.DELIVERIES`), and
the signed one-click links in e-mails that switch a kind to "in PeerLink only".

Unsubscribe links work without logging in, as mail clients use them (RFC 8058): the link is
the credential, signed with the app's secret, and it can only turn e-mails off.
"""

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from peerlink.errors import ValidationFailed
from peerlink.extensions import db
from peerlink.notifications.kinds import DELIVERIES, DIGEST, IMMEDIATE, IN_APP, KINDS, Kind
from peerlink.notifications.models import Notification, NotificationPreference
from peerlink.notifications.recipients import recipient_of

INVALID_LINK = "This link is not valid. Choose which e-mails you get on your account page."


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


# --- one-click unsubscribe ------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    # No expiry: the link in an old e-mail must still stop the e-mails.
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="peerlink.unsubscribe")


def unsubscribe_token(user_id: int, kinds: list[str]) -> str:
    """For a link that switches these kinds (those of one e-mail) to in PeerLink only."""
    return _serializer().dumps({"uid": user_id, "kinds": sorted(kinds)})


@dataclass(frozen=True)
class Unsubscription:
    user_id: int
    kinds: tuple[Kind, ...]


def read_unsubscribe_token(token: str) -> Unsubscription:
    """What the link would switch off; a link that is not ours, or for an account that is
    gone, is refused as not valid without saying which."""
    try:
        data = _serializer().loads(token)
    except BadSignature as exc:
        raise ValidationFailed.on("token", INVALID_LINK) from exc
    user_id, names = (data.get("uid"), data.get("kinds")) if isinstance(data, dict) else (None,
                                                                                         None)
    if (not isinstance(user_id, int) or not isinstance(names, list) or not names
            or recipient_of(user_id) is None):
        raise ValidationFailed.on("token", INVALID_LINK)
    kinds = tuple(KINDS[name] for name in names if name in KINDS)
    switchable = tuple(kind for kind in kinds if not kind.fixed)
    if not switchable:
        raise ValidationFailed.on("token", cannot_switch_off(kinds[0]) if kinds
                                  else INVALID_LINK)
    return Unsubscription(user_id, switchable)


def unsubscribe(token: str) -> Unsubscription:
    """Switch the link's kinds to in PeerLink only (the one-click POST)."""
    unsubscription = read_unsubscribe_token(token)
    for kind in unsubscription.kinds:
        _choose(unsubscription.user_id, kind, IN_APP)
    db.session.commit()
    return unsubscription
