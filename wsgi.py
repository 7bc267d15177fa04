"""Entry point. `python wsgi.py` serves HTTP and Socket.IO from one gevent process;
`gunicorn -k gevent -w 1 wsgi:app` does the same in production."""

import os

if __name__ == "__main__":
    # Before anything imports socket or threading, so every library cooperates with gevent.
    from gevent import monkey

    monkey.patch_all()

from peerlink import create_app  # noqa: E402
from peerlink.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    print(f" * PeerLink on http://{host}:{port}", flush=True)
    socketio.run(app, host=host, port=port, log_output=os.environ.get("ACCESS_LOG") == "1")
