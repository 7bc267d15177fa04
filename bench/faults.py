"""Chat under faults: the production set-up, one fault at a time, the database as the truth.

    .venv/bin/python bench/faults.py --small                # CI: about 30 s
    .venv/bin/python bench/faults.py                        # 100 clients, 25 rooms
    .venv/bin/python bench/faults.py --nginx                # and the nginx check first

Sets up what docs/deployment.md runs: two `gunicorn -k gevent -w 1` processes on two ports,
PostgreSQL (a fresh database next to the one --database-url names, dropped afterwards) and a
Redis queue (SOCKETIO_MESSAGE_QUEUE) of its own: a `redis-server` this script starts on a free
port (never the shared 6379), so it may restart it. The servers reach PostgreSQL through a
small TCP proxy in this script, so it may cut the database off. Members, tokens and direct
rooms are made as bench/chat.py makes them.

Each scenario starts a load driver (a gevent process, python-socketio clients over real
websockets): every member prefers one of the two processes (half each) and falls back to the
other when it cannot connect. Members send at a fixed total rate, round robin, and behave as
the browser client does (peerlink/static/js/chat.js): on every (re)connect `join`, `sync`
from the newest message held (paged), then resend what was not acknowledged with the same
`client_id`; `sync` again on the server's `resync` event; a 503 (or 429) error ack or no ack
in 10 s is tried again a second later. While it syncs, a member holds back the live messages
that arrive (from the connect until its first sync is done, too) and takes them after the gap
is filled, or the newest would hide the gap before it. Midway the fault strikes:

- kill:     `kill -9` of one server process (gunicorn's master and worker): its clients
            reconnect to the other process, catch up, and resend;
- redis:    the Redis queue killed and started again (empty) a second later;
- postgres: the proxy to PostgreSQL cut for --outage seconds (connections reset, new ones
            refused), then open again; a page and an API read meanwhile must answer 503,
            and 200 again afterwards.

After the sending, the driver waits until every member is connected, nothing is unsent and no
message arrived for 1.5 seconds (no final catch-up of its own: what a member holds then is
what it got live, or through a `sync` the protocol made it do). Then, from the database:

- acked:        messages acknowledged `ok`;
- lost:         acknowledged messages not stored, plus (member, message) pairs a member of the
                room never received although the message is stored;
- duplicated:   extra rows for one client_id (or body);
- out_of_order: messages a member received after one with a higher id (ids are the order);
- recovery_s:   from the repair (the kill itself, Redis answering again, the proxy open
                again) to the first message sent after it from which on every message was
                acknowledged at its first try and heard live by every member of its room
                (with ack_p50_ms / ack_p99_ms after the repair, send to acknowledgement:
                one process left carries all the load);
and every stored row is checked whole (its body, room and author those its client sent).
The error acks seen (by code) are printed: while PostgreSQL is cut a send is answered 503.

The app's per-member send limit is off (RATELIMIT_ENABLED=0, as bench/chat.py): resends
after a fault come in bursts, and a 429 would only be tried again.

--nginx (needs nginx, which .ci/deploy-check installs): before the scenarios, the
documented nginx configuration (docs/deployment.md section 7: the upstream with ip_hash, the
/socket.io/ location with its upgrade headers and timeouts; TLS left out) is started,
unprivileged, in front of the two processes: a member connected through nginx sends, and a
member connected through nginx and one connected straight to each process receive it.

The last line is JSON: {"scenarios": {NAME: {"acked", "lost", "duplicated", "out_of_order",
"recovery_s", ...}}, "nginx": {...}, "ok": bool}. Exit status 1 when a check failed.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: import peerlink, tests.live, bench
    sys.path.insert(0, str(ROOT))

NAMESPACE = "/chat"
SCENARIOS = ("kill", "redis", "postgres")
SMALL = {"clients": 20, "rooms": 5, "rate": 10.0, "seconds": 4.0, "fault_at": 1.5,
         "outage": 1.5}
DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
ACK_TIMEOUT = 10.0
RETRY_AFTER = 1.0
QUIET_S = 1.5  # the run is over when nothing arrived for this long (and nothing is unsent)


# --- the pieces this script runs itself -----------------------------------------------------


def free_port() -> int:
    from tests.live import free_port as free

    return free()


class PostgresProxy:
    """A TCP proxy in front of PostgreSQL, in threads of this process: `cut()` resets every
    connection and stops listening (new ones are refused), `restore()` listens again."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self.connections = 0

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(128)
        listener.settimeout(0.2)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            server.settimeout(None)
            with self._lock:
                self._sockets.update((client, server))
                self.connections += 1
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                self._close(sock)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        try:
            # A reset, not a polite close: as when the database's host goes away.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()
        with self._lock:
            open_sockets = list(self._sockets)
        for sock in open_sockets:
            self._close(sock)

    def restore(self) -> None:
        self.start()

    def stop(self) -> None:
        self.cut()


class RedisServer:
    """A redis-server of this script's own on a free port: no persistence, killable."""

    def __init__(self, log_path: Path):
        self.port = free_port()
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed")
        with open(self.log_path, "a") as log:
            self.process = subprocess.Popen(  # noqa: S603 (a fixed command)
                [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT)
        self.wait_until_up()

    def wait_until_up(self, timeout: float = 10) -> None:
        import redis

        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    stop = kill


class Servers:
    """The two gunicorn + gevent processes, each in its own process group."""

    def __init__(self, stack: ExitStack, env: dict, tmp: Path):
        self.stack, self.env, self.tmp = stack, env, tmp
        self.urls: list[str] = []
        self.pids: list[int] = []

    def start(self) -> None:
        """Both at once (each takes a few seconds to boot)."""
        from concurrent.futures import ThreadPoolExecutor

        managers = [self._one(number) for number in (1, 2)]
        with ThreadPoolExecutor(2) as pool:
            futures = [pool.submit(manager.__enter__) for manager in managers]
            for manager, future in zip(managers, futures, strict=True):
                url, pid = future.result()
                self.stack.push(manager.__exit__)
                self.urls.append(url)
                self.pids.append(pid)

    def _one(self, number: int):
        from bench.chat import server_process
        from tests.live import server_command

        return server_process(lambda port: server_command("gunicorn", port), self.env,
                              self.tmp / f"server-{number}.log")

    def kill(self, index: int) -> None:
        os.killpg(self.pids[index], signal.SIGKILL)


# --- the load driver (its own gevent process) ------------------------------------------------


class Member:
    """One member's client, as peerlink/static/js/chat.js behaves."""

    def __init__(self, index: int, spec: dict, urls: list[str], prefix: str):
        self.index, self.prefix = index, prefix
        self.room_id, self.auth = spec["room_id"], spec["auth"]
        first = index % len(urls)
        self.urls = urls[first:] + urls[:first]
        self.client = None
        self.generation = 0
        self.connected = False
        self.syncing = False
        self.catching_up = False
        self.sync_again = False
        self.held_back: list[dict] = []
        self.newest = 0
        self.held: set[int] = set()
        self.arrivals: list[tuple[int, float, str]] = []
        self.out_of_order = 0
        self.redelivered = 0
        self.pending: dict[str, dict] = {}
        self.sends: dict[str, dict] = {}
        self.connects: list[tuple[float, str]] = []
        self.errors: Counter = Counter()
        self.stopping = False

    # connection ------------------------------------------------------------------------

    def run(self) -> None:
        import gevent
        import gevent.event

        attempt = 0
        while not self.stopping:
            url = self.urls[attempt % len(self.urls)]
            attempt += 1
            closed = gevent.event.Event()
            client = self._new_client(closed)
            try:
                client.connect(url, namespaces=[NAMESPACE], transports=["websocket"],
                               auth=self.auth, wait_timeout=10)
            except Exception as exc:  # refused or unreachable: the other process next
                self.errors[f"connect: {str(exc)[:60]}"] += 1
                gevent.sleep(0.3)
                continue
            # Live events flow from the moment of the connect; held back until the sync
            # after `join` is done, or a newer one would hide the gap before it.
            self.catching_up = True
            self.client, self.connected = client, True
            self.connects.append((time.time(), url))
            gevent.spawn(self._after_connect, client)
            closed.wait()
            self.connected = False
            self.generation += 1
            for item in self.pending.values():
                item["inflight"] = None
            gevent.sleep(0.1)

    def _new_client(self, closed):
        import socketio

        client = socketio.Client(reconnection=False)

        @client.on("disconnect", namespace=NAMESPACE)
        def on_disconnect(*args):
            closed.set()

        @client.on("new_message", namespace=NAMESPACE)
        def on_new_message(data):
            if self.syncing or self.catching_up:  # held back until the gap is filled
                self.held_back.append(data)
            else:
                self.place(data, "live")

        @client.on("resync", namespace=NAMESPACE)
        def on_resync(data=None):
            import gevent

            gevent.spawn(self.sync, client)

        return client

    def _after_connect(self, client) -> None:
        import gevent

        while client is self.client and self.connected:
            try:
                ack = client.call("join", {"room_id": self.room_id}, namespace=NAMESPACE,
                                  timeout=ACK_TIMEOUT)
            except Exception as exc:
                self.errors[f"join: {type(exc).__name__}"] += 1
                ack = None
            if isinstance(ack, dict) and ack.get("ok"):
                if not self.arrivals and not self.held:  # where this member starts reading
                    self.newest = max(self.newest, ack.get("last_message_id") or 0)
                break
            if isinstance(ack, dict):
                self.errors[f"join: {ack['error']['code']}"] += 1
            gevent.sleep(RETRY_AFTER)
        self.sync(client)
        if client is self.client:
            self.catching_up = False
            self._release_held_back()
            self.flush()

    # receiving -------------------------------------------------------------------------

    def place(self, message: dict, how: str) -> None:
        if not isinstance(message, dict) or message.get("room_id") != self.room_id:
            return
        message_id = message["id"]
        if message_id in self.held:
            self.redelivered += 1
            return
        if not (message.get("body") or "").startswith(self.prefix):
            self.newest = max(self.newest, message_id)
            return
        if message_id < self.newest:
            self.out_of_order += 1
        self.held.add(message_id)
        self.newest = max(self.newest, message_id)
        self.arrivals.append((message_id, time.time(), how))

    def sync(self, client) -> None:
        """`sync` from the newest message held, page after page (each from the last id of
        the page before); again if asked meanwhile; a 503 is tried again a second later."""
        import gevent

        if self.syncing:
            self.sync_again = True
            return
        self.syncing = True
        try:
            while True:
                self.sync_again = False
                after = self.newest
                while client is self.client and self.connected:
                    try:
                        ack = client.call("sync", {"room_id": self.room_id, "after_id": after,
                                                   "limit": 100},
                                          namespace=NAMESPACE, timeout=ACK_TIMEOUT)
                    except Exception as exc:
                        self.errors[f"sync: {type(exc).__name__}"] += 1
                        return
                    if not ack.get("ok"):
                        self.errors[f"sync: {ack['error']['code']}"] += 1
                        gevent.sleep(RETRY_AFTER)
                        continue
                    for message in ack["messages"]:
                        self.place(message, "sync")
                    if not ack["has_more"] or not ack["messages"]:
                        break
                    after = ack["messages"][-1]["id"]
                if not self.sync_again:
                    return
        finally:
            self.syncing = False
            self._release_held_back()

    def _release_held_back(self) -> None:
        if self.syncing or self.catching_up:
            return
        held_back, self.held_back = self.held_back, []
        for message in sorted(held_back, key=lambda m: m.get("id", 0)):
            self.place(message, "live")

    # sending ---------------------------------------------------------------------------

    def send(self, number: int) -> None:
        client_id = f"{self.prefix}{self.index}-{number}"
        self.sends[client_id] = {"at": time.time(), "attempts": 0, "acked_at": None,
                                 "first_try": None, "id": None, "codes": [],
                                 "refused": None, "timeouts": 0}
        self.pending[client_id] = {"body": f"{client_id} from member {self.index}",
                                   "inflight": None}
        self.try_send(client_id)

    def flush(self) -> None:
        for client_id, item in list(self.pending.items()):
            if item["inflight"] is None:
                self.try_send(client_id)

    def try_send(self, client_id: str) -> None:
        import gevent

        item = self.pending.get(client_id)
        if item is None or item["inflight"] is not None or not self.connected:
            return
        record, generation, client = self.sends[client_id], self.generation, self.client
        record["attempts"] += 1
        attempt = record["attempts"]
        item["inflight"] = generation
        try:
            client.emit("send", {"room_id": self.room_id, "body": item["body"],
                                 "client_id": client_id}, namespace=NAMESPACE,
                        callback=lambda ack: self.on_ack(client_id, attempt, ack))
        except Exception as exc:  # the socket closed under us: resent after the reconnect
            self.errors[f"send: {type(exc).__name__}"] += 1
            item["inflight"] = None
            return
        gevent.spawn_later(ACK_TIMEOUT, self.no_ack, client_id, attempt)

    def on_ack(self, client_id: str, attempt: int, ack) -> None:
        import gevent

        record = self.sends[client_id]
        if isinstance(ack, dict) and ack.get("ok"):
            if record["acked_at"] is None:
                record["acked_at"] = time.time()
                record["first_try"] = attempt == 1
                record["id"] = ack["message"]["id"]
            self.pending.pop(client_id, None)
            return
        code = ack["error"]["code"] if isinstance(ack, dict) and "error" in ack else "?"
        record["codes"].append(code)
        self.errors[f"send: {code}"] += 1
        item = self.pending.get(client_id)
        if item is None:
            return
        if code in (429, 500, 503):
            item["inflight"] = None
            gevent.spawn_later(RETRY_AFTER, self.try_send, client_id)
        else:
            record["refused"] = ack
            self.pending.pop(client_id, None)

    def no_ack(self, client_id: str, attempt: int) -> None:
        item = self.pending.get(client_id)
        if item is None or self.sends[client_id]["attempts"] != attempt:
            return
        self.sends[client_id]["timeouts"] += 1
        item["inflight"] = None
        self.try_send(client_id)

    def report(self) -> dict:
        return {"room_id": self.room_id, "arrivals": self.arrivals,
                "out_of_order": self.out_of_order, "redelivered": self.redelivered,
                "sends": self.sends, "connects": self.connects, "errors": dict(self.errors),
                "unsent": len(self.pending)}


def drive(spec: dict) -> dict:
    import gevent
    import gevent.pool

    members = [Member(i, client, spec["urls"], spec["prefix"])
               for i, client in enumerate(spec["clients"])]
    for member in members:
        gevent.spawn(member.run)
    deadline = time.monotonic() + 60
    while not all(m.connected and not m.syncing and not m.catching_up for m in members):
        if time.monotonic() > deadline:
            raise RuntimeError("the members did not all connect within 60 s")
        gevent.sleep(0.05)
    # Warm-up: one message from each member, a few at a time, so that both processes have
    # answered sends before the clock starts (a process's first send is slow: it would
    # delay its message behind later ones). Not counted: another prefix.
    def warm_up(member):
        member.client.call("send", {"room_id": member.room_id, "body": "warm-up",
                                    "client_id": f"warmup-{spec['prefix']}{member.index}"},
                           namespace=NAMESPACE, timeout=30)

    gevent.pool.Pool(5).map(warm_up, members)
    gevent.sleep(1)  # the warm-up messages delivered; presence settled
    started = time.time()
    print(f"READY {started!r}", flush=True)
    rate, count = spec["rate"], max(1, round(spec["rate"] * spec["seconds"]))
    begun = time.monotonic()
    for number in range(count):
        delay = begun + number / rate - time.monotonic()
        if delay > 0:
            gevent.sleep(delay)
        members[number % len(members)].send(number)
    # Settle: everyone connected, nothing unsent or syncing, and no arrival for QUIET_S.
    deadline = time.monotonic() + spec["settle_s"]
    while time.monotonic() < deadline:
        quiet = all(m.connected and not m.pending and not m.syncing and not m.catching_up
                    for m in members)
        newest = max((a[1] for m in members for a in m.arrivals[-1:]), default=0)
        if quiet and time.time() - newest > QUIET_S:
            break
        gevent.sleep(0.2)
    settled = time.monotonic() < deadline
    for member in members:
        member.stopping = True
    return {"started": started, "settled": settled,
            "members": [member.report() for member in members]}


def driver_main() -> None:
    from gevent import monkey

    monkey.patch_all()
    spec = json.loads(sys.stdin.readline())
    print(json.dumps(drive(spec)), flush=True)
    os._exit(0)  # the clients' greenlets would hold the exit; the sockets close with it


# --- one scenario ------------------------------------------------------------------------------


class Driver:
    """The driver process: its READY line, then its result."""

    def __init__(self, spec: dict, log_path: Path):
        self.log = open(log_path, "a")  # noqa: SIM115 (closed in result())
        self.process = subprocess.Popen(  # noqa: S603 (this script, with its own arguments)
            [sys.executable, str(Path(__file__).resolve()), "--driver"], cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.process.stdin.write(json.dumps(spec) + "\n")
        self.process.stdin.flush()
        self.log_path = log_path

    def ready(self) -> float:
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.process.wait()
            raise RuntimeError(f"the driver failed:\n{self.log_path.read_text()[-4000:]}")
        return float(line.split()[1])

    def result(self) -> dict:
        out, _ = self.process.communicate(timeout=300)
        self.log.close()
        if self.process.returncode != 0 or not out.strip():
            raise RuntimeError(f"the driver failed:\n{self.log_path.read_text()[-4000:]}")
        return json.loads(out.strip().splitlines()[-1])


def inject(name: str, at: float, servers: Servers, redis_server: RedisServer,
           proxy: PostgresProxy, outage: float, probe: dict) -> dict:
    """Wait until `at` (time.time()), strike, repair; when each happened."""
    time.sleep(max(0.0, at - time.time()))
    fault = time.time()
    if name == "kill":
        servers.kill(0)
        repaired = fault
        what = f"kill -9 of the process group of {servers.urls[0]}"
    elif name == "redis":
        redis_server.kill()
        time.sleep(1.0)
        redis_server.start()
        repaired = time.time()
        what = f"redis-server killed, started again {repaired - fault:.1f} s later"
    else:
        proxy.cut()
        time.sleep(min(0.3, outage / 2))
        during = http_statuses(servers.urls[0], probe)
        time.sleep(max(0.0, fault + outage - time.time()))
        proxy.restore()
        repaired = time.time()
        time.sleep(0.3)
        after = http_statuses(servers.urls[0], probe)
        what = (f"PostgreSQL cut off for {repaired - fault:.1f} s; HTTP meanwhile {during}, "
                f"after {after}")
        return {"fault": fault, "repaired": repaired, "what": what,
                "http": {"during": during, "after": after}}
    return {"fault": fault, "repaired": repaired, "what": what}


def http_statuses(base_url: str, probe: dict) -> dict:
    """A page and an API read, with a member's token: their status codes."""
    import requests

    headers = {"Authorization": f"Bearer {probe['auth']['token']}"}
    statuses = {}
    for path in ("/notifications/", f"/api/v1/rooms/{probe['room_id']}/messages"):
        try:
            statuses[path] = requests.get(base_url + path, headers=headers, timeout=10,
                                          allow_redirects=False).status_code
        except requests.RequestException as exc:
            statuses[path] = type(exc).__name__
    return statuses


def stored_messages(database_url: str, prefix: str) -> list[dict]:
    from sqlalchemy import create_engine, text

    engine = create_engine(psycopg_url(database_url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(
                "SELECT id, room_id, author_id, client_id, body FROM chat_messages "
                "WHERE client_id LIKE :prefix ORDER BY id"), {"prefix": prefix + "%"})
            return [dict(row._mapping) for row in rows]
    finally:
        engine.dispose()


def judge(result: dict, stored: list[dict], specs: list[dict], times: dict) -> dict:
    members = result["members"]
    sends = {cid: dict(rec, member=i) for i, m in enumerate(members)
             for cid, rec in m["sends"].items()}
    acked = {cid for cid, rec in sends.items() if rec["acked_at"] is not None}
    by_client_id = Counter(row["client_id"] for row in stored)
    by_body = Counter(row["body"] for row in stored)
    duplicated = max(sum(n - 1 for n in by_client_id.values()),
                     sum(n - 1 for n in by_body.values()))
    stored_ids = {row["client_id"]: row["id"] for row in stored}
    not_stored = sorted(acked - set(stored_ids))
    malformed = []
    for row in stored:
        rec = sends.get(row["client_id"])
        member = rec and rec["member"]
        if (rec is None or row["body"] != f"{row['client_id']} from member {member}"
                or row["room_id"] != specs[member]["room_id"]):
            malformed.append(row["id"])
    room_messages: dict[int, set[int]] = {}
    for row in stored:
        room_messages.setdefault(row["room_id"], set()).add(row["id"])
    missing = 0
    for member in members:
        got = {arrival[0] for arrival in member["arrivals"]}
        missing += len(room_messages.get(member["room_id"], set()) - got)
    live_by = {}
    for i, member in enumerate(members):
        for message_id, _, how in member["arrivals"]:
            if how == "live":
                live_by.setdefault(message_id, set()).add(i)
    room_members: dict[int, set[int]] = {}
    for i, spec in enumerate(specs):
        room_members.setdefault(spec["room_id"], set()).add(i)
    after = sorted((rec["at"], cid) for cid, rec in sends.items()
                   if rec["at"] >= times["repaired"])
    good = []
    for _, cid in after:
        rec = sends[cid]
        heard = live_by.get(rec["id"], set())
        good.append(rec["acked_at"] is not None and rec["first_try"]
                    and room_members[specs[rec["member"]]["room_id"]] <= heard)
    recovery = None
    if good and good[-1]:
        first = len(good)
        while first > 0 and good[first - 1]:
            first -= 1
        recovery = round(max(0.0, after[first][0] - times["repaired"]), 2)
    from bench.chat import percentile

    ack_ms = [(sends[cid]["acked_at"] - at) * 1000 for at, cid in after
              if sends[cid]["acked_at"] is not None]
    codes = Counter()
    for rec in sends.values():
        codes.update(str(code) for code in rec["codes"])
    out_of_order = sum(m["out_of_order"] for m in members)
    via_sync = sum(1 for m in members for a in m["arrivals"] if a[2] == "sync")
    return {
        "acked": len(acked), "lost": len(not_stored) + missing, "duplicated": duplicated,
        "out_of_order": out_of_order, "recovery_s": recovery,
        "sent": len(sends), "stored": len(stored), "acked_not_stored": len(not_stored),
        "deliveries_missing": missing, "unacked": len(sends) - len(acked),
        "malformed_rows": len(malformed),
        "refused": sum(1 for rec in sends.values() if rec["refused"] is not None),
        "ack_timeouts": sum(rec["timeouts"] for rec in sends.values()),
        "error_acks": dict(codes), "via_sync": via_sync,
        "reconnects": sum(max(0, len(m["connects"]) - 1) for m in members),
        "settled": result["settled"],
        "ack_p50_ms": round(percentile(ack_ms, 50)), "ack_p99_ms": round(percentile(ack_ms, 99)),
        **({"http": times["http"]} if "http" in times else {}),
    }


def passed(figures: dict) -> bool:
    http = figures.get("http")
    return (figures["lost"] == figures["duplicated"] == figures["out_of_order"] == 0
            and figures["acked"] == figures["sent"] > 0 and figures["malformed_rows"] == 0
            and figures["recovery_s"] is not None and figures["settled"]
            and (http is None or (set(http["during"].values()) == {503}
                                  and set(http["after"].values()) == {200})))


def describe(name: str, figures: dict, times: dict) -> None:
    print(f"{name}: {times['what']}")
    print(f"{name}:   sent {figures['sent']}, acknowledged {figures['acked']}, stored "
          f"{figures['stored']}; lost {figures['lost']} ({figures['acked_not_stored']} acked "
          f"but not stored, {figures['deliveries_missing']} deliveries missing), duplicated "
          f"{figures['duplicated']}, out of order {figures['out_of_order']}, rows not as sent "
          f"{figures['malformed_rows']}")
    print(f"{name}:   error acks {figures['error_acks'] or 'none'}, unanswered sends "
          f"{figures['ack_timeouts']}, refused {figures['refused']}; {figures['reconnects']} "
          f"reconnects; {figures['via_sync']} deliveries through sync; recovered "
          f"{figures['recovery_s']} s after the repair; after it, acks p50 {figures['ack_p50_ms']} "
          f"ms, p99 {figures['ack_p99_ms']} ms — {'pass' if passed(figures) else 'FAIL'}")


def run_scenario(name: str, args, specs, servers, redis_server, proxy, database_url, tmp):
    prefix = f"{name}-"
    spec = {"urls": list(servers.urls), "clients": specs, "prefix": prefix,
            "rate": args.rate, "seconds": args.seconds, "settle_s": args.settle}
    driver = Driver(spec, tmp / f"driver-{name}.log")
    started = driver.ready()
    times = inject(name, started + args.fault_at, servers, redis_server, proxy, args.outage,
                   specs[0])
    result = driver.result()
    stored = stored_messages(database_url, prefix)
    figures = judge(result, stored, specs, times)
    (tmp / f"driver-{name}.json").write_text(json.dumps({"times": times, "result": result,
                                                         "stored": stored}))
    describe(name, figures, times)
    return figures


# --- nginx in front (docs/deployment.md section 7) --------------------------------------------


def nginx_config(urls: list[str], port: int, prefix: Path) -> str:
    """The documented upstream and /socket.io/ location, on plain HTTP at `port`."""
    doc = (ROOT / "docs" / "deployment.md").read_text()
    block = re.search(r"```nginx\n# /etc/nginx/sites-available/peerlink\n(.*?)```", doc,
                      re.S).group(1)
    upstream = re.search(r"upstream peerlink \{.*?\n\}", block, re.S).group(0)
    servers = "".join(f"    server {url.removeprefix('http://')};\n" for url in urls)
    upstream = re.sub(r"(    server 127\.0\.0\.1:\d+[^\n]*\n)+", servers, upstream)
    upgrade_map = re.search(r"map \$http_upgrade \$connection_upgrade \{.*?\n\}", block,
                            re.S).group(0)
    location = re.search(r"    location /socket\.io/ \{.*?\n    \}", block, re.S).group(0)
    return f"""worker_processes 1;
error_log {prefix / 'error.log'};
pid {prefix / 'nginx.pid'};
events {{ worker_connections 1024; }}
http {{
    access_log {prefix / 'access.log'};
    client_body_temp_path {prefix / 'tmp'};
    proxy_temp_path {prefix / 'tmp'};
{upstream}
{upgrade_map}
    server {{
        listen 127.0.0.1:{port};
{location}
    }}
}}
"""


def check_through_nginx(urls: list[str], specs: list[dict], tmp: Path) -> dict:
    """Three members of one room: two through nginx, one straight to each process; one
    through nginx sends; every one of them must hear it."""
    import socketio

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise RuntimeError("nginx is not installed (.ci/deploy-check installs it)")
    prefix = tmp / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(nginx_config(urls, port, prefix))
    subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-c", str(conf)],  # noqa: S603
                   check=True, capture_output=True)
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf),  # noqa: S603
                                "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    proxied = f"http://127.0.0.1:{port}"
    room = specs[0]["room_id"]
    same_room = [spec for spec in specs if spec["room_id"] == room]
    routes = [proxied, proxied, *urls][:len(same_room)]
    clients, heard = [], {}
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        for number, (url, spec) in enumerate(zip(routes, same_room, strict=False)):
            client = socketio.Client(reconnection=False)
            got = heard[number] = threading.Event()
            client.on("new_message",
                      lambda data, got=got: got.set() if "through nginx" in data["body"] else 0,
                      namespace=NAMESPACE)
            client.connect(url, namespaces=[NAMESPACE], transports=["websocket"],
                           auth=spec["auth"], wait_timeout=10)
            clients.append(client)
        ack = clients[0].call("send", {"room_id": room, "body": "Sent through nginx",
                                       "client_id": "nginx-check"}, namespace=NAMESPACE,
                              timeout=10)
        labels = ["through nginx (sender)", "through nginx",
                  *(f"straight to :{url.rsplit(':', 1)[1]}" for url in urls)]
        received = {labels[n]: got.wait(10) for n, got in heard.items()}
    finally:
        for client in clients:
            client.disconnect()
        process.terminate()
        process.wait()
    # nginx logs a websocket when it closes: "GET /socket.io/?...transport=websocket" 101.
    log = (prefix / "access.log").read_text()
    upgraded = sum(1 for line in log.splitlines()
                   if "transport=websocket" in line and '" 101 ' in line)
    return {"ok": bool(ack.get("ok")) and all(received.values()) and upgraded >= 2,
            "proxy": proxied, "received": received, "websockets_through_nginx": upgraded}


# --- main ------------------------------------------------------------------------------------


def psycopg_url(url: str) -> str:
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url


@contextmanager
def log_folder(path: str | None):
    if path:
        Path(path).mkdir(parents=True, exist_ok=True)
        yield path
    else:
        with tempfile.TemporaryDirectory(prefix="peerlink-faults-") as folder:
            yield folder


@contextmanager
def fresh_database(server_url: str):
    from bench.directory import fresh_postgresql

    with fresh_postgresql(psycopg_url(server_url)) as url:
        yield url


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", action="store_true",
                        help=f"the CI preset: {', '.join(f'{k}={v:g}' for k, v in SMALL.items())}")
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--rooms", type=int, default=25)
    parser.add_argument("--rate", type=float, default=12.0,
                        help="messages per second, all members together")
    parser.add_argument("--seconds", type=float, default=15.0, help="sending, per scenario")
    parser.add_argument("--fault-at", type=float, default=5.0,
                        help="seconds into the sending when the fault strikes")
    parser.add_argument("--outage", type=float, default=3.0,
                        help="seconds PostgreSQL stays cut off")
    parser.add_argument("--settle", type=float, default=30.0,
                        help="at most this long after the sending for everything to arrive")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS),
                        help=f"some of {', '.join(SCENARIOS)}")
    parser.add_argument("--nginx", action="store_true",
                        help="first check the documented nginx configuration in front")
    parser.add_argument("--database-url", default=os.environ.get("PEERLINK_TEST_DATABASE_URL")
                        or DEFAULT_SERVER, help="a PostgreSQL server: a fresh database is "
                        "created there and dropped afterwards")
    parser.add_argument("--logs", help="keep the servers', Redis's and the drivers' logs in "
                        "this folder (default: a temporary one, removed)")
    parser.add_argument("--driver", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.driver:
        driver_main()
        return 0
    if args.small:
        for key, value in SMALL.items():
            setattr(args, key, value)
    scenarios = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = set(scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"no such scenario: {', '.join(sorted(unknown))}")
    if not 1 <= args.rooms <= args.clients // 2:
        parser.error("every room needs at least two members: 1 <= rooms <= clients / 2")
    # The kill leaves one process: it goes last.
    scenarios = sorted(scenarios, key=lambda name: name == "kill")

    from sqlalchemy.engine import make_url

    from bench.chat import create_members_and_rooms, room_plan

    results, nginx = {}, None
    sizes = sorted({len(room) for room in room_plan(args.clients, args.rooms)})
    with log_folder(args.logs) as logs, fresh_database(args.database_url) as url, \
            ExitStack() as stack:
        tmp = Path(logs)
        print(f"{args.clients} members in {args.rooms} rooms of {'/'.join(map(str, sizes))}, "
              f"{args.rate:g} msg/s for {args.seconds:g} s per scenario, fault at "
              f"{args.fault_at:g} s; two gunicorn -k gevent -w 1, PostgreSQL, Redis; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        specs = create_members_and_rooms(url, args.clients, args.rooms)
        target = make_url(url)
        proxy = PostgresProxy(target.host or "127.0.0.1", target.port or 5432)
        proxy.start()
        stack.callback(proxy.stop)
        redis_server = RedisServer(tmp / "redis.log")
        redis_server.start()
        stack.callback(redis_server.stop)
        env = {"DATABASE_URL": target.set(host="127.0.0.1", port=proxy.port)
               .render_as_string(hide_password=False),
               "SOCKETIO_MESSAGE_QUEUE": redis_server.url, "PEERLINK_ENV": "development",
               "SECRET_KEY": "chat-faults-secret", "MAIL_URL": f"file://{tmp / 'mail'}",
               "RATELIMIT_ENABLED": "0", "LOG_LEVEL": "WARNING",
               "GUNICORN_CMD_ARGS": "--graceful-timeout 2 --no-control-socket"}
        servers = Servers(stack, env, tmp)
        servers.start()
        try:
            if args.nginx:
                nginx = check_through_nginx(servers.urls, specs, tmp)
                print(f"nginx: through {nginx['proxy']} (the documented upstream and "
                      f"/socket.io/ location): {nginx['websockets_through_nginx']} websockets "
                      f"upgraded by nginx; the message reached: {nginx['received']} — "
                      f"{'pass' if nginx['ok'] else 'FAIL'}")
            for name in scenarios:
                results[name] = run_scenario(name, args, specs, servers, redis_server, proxy,
                                             url, tmp)
        except Exception:
            for log in sorted(tmp.glob("*.log")):
                print(f"--- {log.name}\n{log.read_text()[-3000:]}", file=sys.stderr)
            raise
    ok = all(passed(figures) for figures in results.values()) and (nginx or {"ok": 1})["ok"]
    print(f"result: {'every scenario passed' if ok else 'FAILED'}")
    print(json.dumps({"scenarios": results, "nginx": nginx, "ok": bool(ok)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
