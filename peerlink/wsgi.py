"""The WSGI application for gunicorn: `peerlink serve` runs `gunicorn --worker-class gevent
--workers 1 peerlink.wsgi:app`. The environment file is read first, as every `peerlink`
command does; a missing or unsafe setting ends the process with one line per problem."""

import sys

from peerlink.config import ConfigError, load_env_file
from peerlink.gc_tuning import tune_garbage_collector

try:
    load_env_file()
    from peerlink import create_app
    from peerlink.realtime import listen_before_serving

    app = create_app()
    listen_before_serving()
    tune_garbage_collector()
except ConfigError as exc:
    print(exc.lines(), file=sys.stderr, flush=True)
    # In a gunicorn worker, 3 (worker failed to boot) stops the master instead of it
    # starting the same doomed worker again and again.
    raise SystemExit(3 if "gunicorn.arbiter" in sys.modules else 2) from None
