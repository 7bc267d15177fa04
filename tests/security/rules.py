"""How a feature says who may use each of its routes and socket events.

Each feature lists its rules in `tests/<feature>/access.py` as `RULES` (and `SOCKET_RULES`
where it is live); the harness collects every such list and checks it against what the
app really serves (Flask's URL map, the OpenAPI document, the registered Socket.IO events),
so a new route fails the suite until someone declares who may use it.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

import tests
from tests.security.cast import ADMIN, ANONYMOUS, OWNER, VIEWERS, Cast

# Order in which an allowed viewer is picked to make a change succeed, once the others
# have been refused.
ACTOR_PREFERENCE = (OWNER, "member", "organizer", "connection", "moderator", ADMIN,
                    "group_owner", "group_moderator", "group_member", "unconfirmed", "blocked",
                    ANONYMOUS)


@dataclass(frozen=True)
class Rule:
    """Who may use one method of one route.

    `allow`: the viewers for whom it must succeed. The others are refused: anonymous with
    401 (API) or a redirect to the login page (pages); the rest with 404 when `hidden` (a
    private thing is not confirmed to exist), else 403. `expect` overrides a viewer's
    status. `path` fills the route's arguments from the cast; `form` / `json` / `files` give
    a body that would succeed for an allowed viewer (a page's `form` may hold files too). A
    refused change must leave the database as it was.
    """

    method: str
    rule: str
    allow: tuple[str, ...]
    hidden: bool = False
    path: Callable[[Cast], dict] = lambda cast: {}
    form: Callable[[Cast], dict] | None = None
    json: Callable[[Cast], dict] | None = None
    # An API body sent as multipart/form-data (an upload): field -> value or (file, name).
    files: Callable[[Cast], dict] | None = None
    query: dict = field(default_factory=dict)
    expect: dict = field(default_factory=dict)
    # Succeeding may look like an error (a form that refuses its input with 422, a link
    # that is no longer valid): the statuses that count as reaching the operation.
    reached: tuple[int, ...] = (200, 201, 204, 302, 303)
    # The viewer who makes a change succeed, once the others were refused.
    acting: str | None = None

    @property
    def key(self) -> str:
        return f"{self.method} {self.rule}"

    @property
    def changes_state(self) -> bool:
        return self.method not in ("GET", "HEAD")

    def actor(self) -> str:
        if self.acting:
            return self.acting
        return next(viewer for viewer in ACTOR_PREFERENCE if viewer in self.allow)

    def refusal(self, viewer: str, api: bool) -> tuple[int, ...]:
        if viewer in self.expect:
            return (self.expect[viewer],)
        if viewer == ANONYMOUS:
            return (401,) if api else (302,)
        return (404,) if self.hidden else (403,)


@dataclass(frozen=True)
class SocketRule:
    """Who may connect to a namespace (`event` "connect") or use one of its events: the
    allowed get `{ok: true}`, a connected viewer who is not allowed an error ack (404 when
    `hidden`), and a viewer who may not connect is refused at the handshake."""

    namespace: str
    event: str
    allow: tuple[str, ...]
    payload: Callable[[Cast], object] = lambda cast: {}
    hidden: bool = True

    @property
    def key(self) -> str:
        return f"{self.namespace} {self.event}"


def everyone() -> tuple[str, ...]:
    return VIEWERS


def _feature_modules():
    for info in pkgutil.iter_modules(tests.__path__):
        if not info.ispkg:
            continue
        try:
            yield importlib.import_module(f"tests.{info.name}.access")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.access":
                raise


def declared_rules() -> list[Rule]:
    return [rule for module in _feature_modules() for rule in getattr(module, "RULES", ())]


def declared_socket_rules() -> list[SocketRule]:
    return [rule for module in _feature_modules()
            for rule in getattr(module, "SOCKET_RULES", ())]
