"""Imports every feature's models so the metadata (Alembic, test clean-up) sees all tables."""

from peerlink.accounts import models as accounts  # noqa: F401
from peerlink.audit import models as audit  # noqa: F401
from peerlink.ce_log import models as ce_log  # noqa: F401
from peerlink.chat import models as chat  # noqa: F401
from peerlink.connections import models as connections  # noqa: F401
from peerlink.consultations import models as consultations  # noqa: F401
from peerlink.events import models as events  # noqa: F401
from peerlink.groups import models as groups  # noqa: F401
from peerlink.notifications import models as notifications  # noqa: F401
from peerlink.profiles import models as profiles  # noqa: F401
from peerlink.taxonomy import models as taxonomy  # noqa: F401
