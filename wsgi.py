"""Local entry point. `python wsgi.py` serves HTTP and Socket.IO from one gevent process (what
`make run` does); production runs `peerlink serve` (gunicorn + gevent, peerlink.wsgi:app)."""

import os

if __name__ == "__main__":
    # Before anything imports socket or threading, so every library cooperates with gevent.
    from gevent import monkey

    monkey.patch_all()

from peerlink.extensions import socketio  # noqa: E402
from peerlink.wsgi import app  # noqa: E402

if __name__ == "__main__":
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    print(f" * PeerLink on http://{host}:{port}", flush=True)
    socketio.run(app, host=host, port=port, log_output=False)
