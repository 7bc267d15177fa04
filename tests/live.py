"""The real server (`python wsgi.py`, gevent) in a subprocess, and clients that talk to it."""

import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(kind: str, port: int) -> list[str]:
    """`python wsgi.py` as `make run` does, or gunicorn + gevent as in production."""
    if kind == "gunicorn":
        return [sys.executable, "-m", "gunicorn", "-k", "gevent", "-w", "1",
                "-b", f"127.0.0.1:{port}", "wsgi:app"]
    return [sys.executable, "wsgi.py"]


@contextmanager
def running_server(database_url: str, tmp_path: Path, kind: str = "wsgi", **env):
    port = free_port()
    log_path = tmp_path / f"server-{port}.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "PEERLINK_ENV": "development",
        "SECRET_KEY": "live-server-test-secret",
        "MAIL_URL": f"file://{tmp_path / 'mail'}",
        "RATELIMIT_ENABLED": "0",
        "PASSWORD_HASH_PROFILE": "cheapest",
        **env,
    }
    with open(log_path, "w") as log:
        # Its own process group: gunicorn's worker goes with its master, never left behind
        # (an orphan worker would still hear the Redis queue and count its members online
        # in the next test).
        process = subprocess.Popen(server_command(kind, port), cwd=ROOT, env=environment,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, log_path)
        yield base_url
    finally:
        _signal_group(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        _signal_group(process.pid, signal.SIGKILL)  # whatever is left of the group
        process.wait()


def _signal_group(pid: int, sig: int) -> None:
    """Signal the server's process group; nothing if it has gone (it exited early, say:
    the error that says so must not be hidden by this one)."""
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def _wait_until_up(base_url: str, process, log_path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
        try:
            if requests.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still booting the worker
            time.sleep(0.1)
    raise RuntimeError(f"server did not start in {timeout}s:\n{log_path.read_text()}")


MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"


def last_mail_to(mail_dir: Path, address: str) -> str:
    """The body of the newest message in the file backend's folder sent to `address`."""
    messages = []
    for path in sorted(mail_dir.glob("*.log"), key=lambda path: path.stat().st_mtime_ns):
        for raw in path.read_bytes().split(MAIL_SEPARATOR):
            if raw.strip():
                messages.append(email.message_from_bytes(raw.strip(), policy=email.policy.default))
    for message in reversed(messages):
        if address in message["To"]:
            return message.get_content()
    raise AssertionError(f"no mail to {address} in {mail_dir}")


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browserless:
    """A requests session that logs in and submits forms the way a browser would."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def csrf(self, path: str = "/") -> str:
        return CSRF_META.search(self.http.get(self.base_url + path).text).group(1)

    def post_form(self, path: str, data: dict) -> requests.Response:
        return self.http.post(self.base_url + path, data={"csrf_token": self.csrf(path), **data},
                              allow_redirects=False)

    def login(self, email: str, password: str) -> None:
        response = self.post_form("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.text

    def socket(self, namespace: str = "/notifications") -> socketio.Client:
        """A real Socket.IO client over a websocket, carrying this session's cookie."""
        client = socketio.Client(reconnection=False)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        client.connect(self.base_url, namespaces=[namespace], transports=["websocket"],
                       headers={"Cookie": cookies}, wait_timeout=10)
        return client
