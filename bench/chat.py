"""Chat benchmark: the real /chat server against a bare Flask-SocketIO relay, same load.

    .venv/bin/python bench/chat.py                              # 500 clients, 50 rooms, SQLite
    .venv/bin/python bench/chat.py --clients 100 --rooms 20 --seconds 5
    .venv/bin/python bench/chat.py --database-url postgresql://postgres@127.0.0.1:5432/test

Creates a fresh database (a SQLite file; with --database-url a fresh PostgreSQL database
created next to the one named and dropped afterwards), N members with personal access tokens,
each connected with the starter of its room, and M direct rooms (the members dealt round-
robin), through the app's models. Then starts the real server (`python wsgi.py`, one gevent
process, as tests/live.py does) and a bare relay (`--serve-relay`: Flask-SocketIO in one
gevent process, no database, no checks: on `send` it emits `new_message` to the room), and
a load driver for each (bench/chat_driver.py: N python-socketio clients over real
websockets, greenlets in one gevent process, each authenticated and `join`ed to its room).
The clients take turns to `send` at a fixed offered rate; every reader records the send-to-
receive latency from the send time carried in the body.

The two servers take turns at every step, so a machine that slows down meanwhile (a shared
host) slows both alike: a warm-up (one message in each room, not measured); the fixed rate
for --seconds, cut into --rounds rounds and pooled (delivered/expected, deliveries per
second, p50/p95/p99); then the offered rate steps up (x1.5) until a server falls behind (not
all delivered, p99 over --p99-limit-ms, or the sending itself late), and --refine-steps more
between its last rate kept up and the one it fell behind at. The highest step kept up is its
sustained rate. Each step also reads the CPU the server and the driver used: where the relay
falls behind with its driver at a whole core, its ceiling is the driver's. Memory per
connected socket is the server's RSS after the clients connected and joined, less its RSS
before, divided by the clients.

The app's per-member send limit (20 in 10 s) is off (RATELIMIT_ENABLED=0, as in tests/live.py):
the ramp measures the server, not the limit. Every member also receives its own messages
(the app sends each reader's events to the member's personal room, so a member's other tabs
hear them), and the relay emits to the whole room, sender included: the same fan-out.

Targets: every message delivered; app p99 within 2x of the relay's at the same offered rate;
app sustained rate at least 60% of the relay's. The last line is one JSON object.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: import peerlink, tests.live, bench
    sys.path.insert(0, str(ROOT))

TARGET_P99_RATIO = 2.0
TARGET_RATE_RATIO = 0.6
NAMESPACE = "/chat"
# The send moment travels in the body as letters: a run of digits can read as a phone or
# record number to the PHI guard, which would hold the message back (it reads every body).
TO_LETTERS = str.maketrans("0123456789.", "abcdefghijx")
FROM_LETTERS = str.maketrans("abcdefghijx", "0123456789.")
# Not a hash of any password: these members sign in with tokens only.
UNUSABLE_PASSWORD_HASH = "!bench-tokens-only"  # noqa: S105


# --- data ------------------------------------------------------------------------------------


def room_plan(clients: int, rooms: int) -> list[list[int]]:
    """Member indexes per room: dealt round-robin, so sizes differ by one at most."""
    plan = [[] for _ in range(rooms)]
    for i in range(clients):
        plan[i % rooms].append(i)
    return plan


def create_members_and_rooms(url: str, clients: int, rooms: int) -> list[dict]:
    """Members, their tokens, accepted connections with each room's starter, and the rooms,
    written through the app's models on a freshly migrated database. Returns one client spec
    per member: {auth, room_id, room_size}."""
    import secrets

    from flask_migrate import upgrade
    from sqlalchemy import insert

    from peerlink import create_app
    from peerlink.accounts.models import ApiToken, User
    from peerlink.accounts.services import TOKEN_PREFIX, _hash_token
    from peerlink.chat.models import DIRECT, Room, RoomMember
    from peerlink.chat.services import _direct_key
    from peerlink.connections.models import Connection
    from peerlink.db_types import utcnow
    from peerlink.extensions import db

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    specs = []
    with app.app_context():
        try:
            upgrade()
            now = utcnow()
            db.session.execute(insert(User), [
                {"email": f"chatbench{i}@example.org", "name": f"Bench Member {i}",
                 "password_hash": UNUSABLE_PASSWORD_HASH, "role": "member",
                 "session_nonce": secrets.token_hex(8), "email_confirmed_at": now,
                 "created_at": now} for i in range(clients)])
            ids = dict(db.session.execute(
                db.select(User.email, User.id).where(User.email.like("chatbench%"))).all())
            user_ids = [ids[f"chatbench{i}@example.org"] for i in range(clients)]
            tokens = [TOKEN_PREFIX + secrets.token_urlsafe(32) for _ in range(clients)]
            db.session.execute(insert(ApiToken), [
                {"user_id": user_ids[i], "name": "chat bench", "token_hash": _hash_token(token),
                 "prefix": token[:10], "created_at": now} for i, token in enumerate(tokens)])
            plan = room_plan(clients, rooms)
            connections, members, room_of = [], [], {}
            for indexes in plan:
                starter, others = user_ids[indexes[0]], [user_ids[i] for i in indexes[1:]]
                room = Room(kind=DIRECT, key=_direct_key([starter, *others]),
                            started_by_id=starter, created_at=now)
                db.session.add(room)
                db.session.flush()
                for other in others:
                    connections.append({"requester_id": starter, "addressee_id": other,
                                        "status": "accepted", "note": "", "created_at": now,
                                        "responded_at": now})
                for i in indexes:
                    members.append({"room_id": room.id, "user_id": user_ids[i], "joined_at": now})
                    room_of[i] = (room.id, len(indexes))
            if connections:
                db.session.execute(insert(Connection), connections)
            db.session.execute(insert(RoomMember), members)
            db.session.commit()
        finally:
            db.session.remove()
            db.engine.dispose()
    for i in range(clients):
        room_id, size = room_of[i]
        specs.append({"auth": {"token": tokens[i]}, "room_id": room_id, "room_size": size})
    return specs


def relay_specs(plan: list[list[int]]) -> list[dict]:
    """The same rooms for the relay: it takes the room from the auth payload."""
    specs = [None] * sum(len(indexes) for indexes in plan)
    for room_id, indexes in enumerate(plan, start=1):
        for i in indexes:
            specs[i] = {"auth": {"room": room_id}, "room_id": room_id, "room_size": len(indexes)}
    return specs


@contextmanager
def fresh_database(database_url: str | None):
    if database_url:
        from bench.directory import fresh_postgresql

        with fresh_postgresql(database_url) as url:
            yield url
    else:
        with tempfile.TemporaryDirectory(prefix="peerlink-chat-bench-") as directory:
            yield f"sqlite:///{Path(directory) / 'bench.sqlite'}"


# --- servers -----------------------------------------------------------------------------------


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


@contextmanager
def server_process(command, env: dict, log_path: Path, port: int | None = None):
    """A server in a subprocess: yields (base_url, pid) once /healthz answers. `command` is
    a list, or a function of the port that returns one (gunicorn's `-b`). The server leads
    its own process group, so `os.killpg(pid, SIGKILL)` ends it all at once (bench/faults.py:
    gunicorn's master and its worker)."""
    from tests.live import _wait_until_up, free_port

    port = port or free_port()
    environment = {**os.environ, "PORT": str(port), **env}
    if callable(command):
        command = command(port)
    with open(log_path, "a") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environment,  # noqa: S603 (ours)
                                   stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base_url, process, log_path)
        yield base_url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_server(database_url: str, tmp: Path):
    from tests.live import server_command

    env = {"DATABASE_URL": database_url, "PEERLINK_ENV": "development",
           "SECRET_KEY": "chat-bench-secret", "MAIL_URL": f"file://{tmp / 'mail'}",
           "RATELIMIT_ENABLED": "0", "LOG_LEVEL": "WARNING"}
    return server_process(server_command("wsgi", 0), env, tmp / "app-server.log")


def relay_server(tmp: Path):
    return server_process([sys.executable, str(Path(__file__).resolve()), "--serve-relay"], {},
                          tmp / "relay-server.log")


def serve_relay() -> None:
    """The bare relay: Flask-SocketIO on gevent, as the app runs; no database, no checks."""
    from gevent import monkey

    monkey.patch_all()
    from flask import Flask, request
    from flask_socketio import SocketIO, join_room

    app = Flask("relay")
    socketio = SocketIO(app, async_mode="gevent")

    @app.get("/healthz")
    def healthz():
        return "ok"

    @socketio.on("connect", namespace=NAMESPACE)
    def connect(auth=None):
        join_room(f"room:{auth['room']}")

    @socketio.on("join", namespace=NAMESPACE)
    def join(payload):
        return {"ok": True, "last_message_id": None}

    @socketio.on("send", namespace=NAMESPACE)
    def send(payload):
        message = {"room_id": payload["room_id"], "body": payload["body"],
                   "client_id": payload["client_id"], "sid": request.sid}
        socketio.emit("new_message", message, to=f"room:{payload['room_id']}",
                      namespace=NAMESPACE)
        return {"ok": True, "message": message}

    socketio.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_output=False)


# --- the load drivers (bench/chat_driver.py, one process per server) ------------------------------


def percentile(samples: list[float], pct: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


class DriverProcess:
    """A running bench/chat_driver.py: its clients connected to one server, taking one step
    at a time."""

    def __init__(self, process: subprocess.Popen, log_path: Path, name: str):
        self.process, self.log_path, self.name = process, log_path, name
        self.connected = self._answer()

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} driver stopped:\n"
                               f"{self.log_path.read_text()[-4000:]}")
        return json.loads(line)

    def _say(self, command: dict) -> None:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def step(self, name: str, rate: float, count: int, *, latencies: bool = False) -> dict:
        """`count` messages at `rate` per second: the driver's figures for them."""
        self._say({"name": name, "rate": rate, "seconds": count / rate, "latencies": latencies})
        return self._answer()

    def stop(self) -> None:
        try:
            self._say({"quit": True})
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


@contextmanager
def driver_process(spec: dict, tmp: Path, name: str):
    """Start a driver for `spec` ({url, server_pid, clients}); yields it once every client
    has connected and joined."""
    log_path = tmp / f"{name}-driver.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own driver script)
            [sys.executable, str(Path(__file__).resolve().parent / "chat_driver.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT)
    driver = None
    try:
        process.stdin.write(json.dumps(spec) + "\n")
        process.stdin.flush()
        driver = DriverProcess(process, log_path, name)
        yield driver
    finally:
        if driver is not None:
            driver.stop()
        elif process.poll() is None:
            process.kill()
        process.wait()


# --- the measurement: both servers, step by step, taking turns ----------------------------------


def split(total: int, parts: int) -> list[int]:
    """`total` messages in `parts` rounds as even as can be (none empty)."""
    parts = max(1, min(parts, total))
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def pooled(rounds: list[dict]) -> dict:
    """One fixed-rate figure from its rounds: counts added, percentiles over every sample."""
    samples = [sample for result in rounds for sample in result.pop("latencies")]
    spans = sum(r["delivered"] / r["deliveries_per_s"] for r in rounds if r["deliveries_per_s"])
    delivered = sum(r["delivered"] for r in rounds)
    figures = {key: sum(r[key] for r in rounds)
               for key in ("sent", "acked", "send_errors", "expected", "delivered", "duplicates")}
    return {**figures, "offered_msgs_per_s": rounds[0]["offered_msgs_per_s"],
            "deliveries_per_s": round(delivered / spans, 1) if spans else 0.0,
            "p50_ms": round(percentile(samples, 50), 1),
            "p95_ms": round(percentile(samples, 95), 1),
            "p99_ms": round(percentile(samples, 99), 1),
            "max_ms": round(max(samples, default=0.0), 1),
            "driver_cpu_share": round(sum(r["driver_cpu_share"] for r in rounds) / len(rounds), 2),
            "server_cpu_share": round(sum(r["server_cpu_share"] for r in rounds) / len(rounds), 2)}


def kept_up(result: dict, load: dict) -> bool:
    """Every message acknowledged and delivered, p99 under the limit, and the sending itself
    on time (a driver that cannot send at the rate is not a server keeping up)."""
    return (result["send_errors"] == 0 and result["delivered"] == result["expected"]
            and result["expected"] > 0 and result["p99_ms"] <= load["p99_limit_ms"]
            and result["send_seconds"] <= result["sent"] / result["offered_msgs_per_s"] * 1.2)


def between(ramp: list[dict]) -> tuple[float, float] | None:
    """The highest offered rate kept up and the lowest above it that fell behind."""
    kept = [r["offered_msgs_per_s"] for r in ramp if r["kept_up"]]
    if not kept:
        return None
    above = [r["offered_msgs_per_s"] for r in ramp
             if not r["kept_up"] and r["offered_msgs_per_s"] > max(kept)]
    return (max(kept), min(above)) if above else None


def measure(drivers: dict[str, DriverProcess], load: dict) -> dict[str, dict]:
    """The same load on each server, the servers taking turns at every step, so that a
    machine that slows down meanwhile slows both alike:

    - warm-up: one message in every room (client i is in room i % rooms), not measured, so
      the first use of each statement, parser and room does not count as steady state;
    - the fixed rate for --seconds, cut into --rounds rounds (app, relay, relay, app, …) and
      pooled;
    - the ramp: x1.5 a step until a server falls behind (it then stops, the others go on);
    - --refine steps between each server's highest rate kept up and the one it fell behind
      at (geometric middle), to read its ceiling closer than x1.5."""
    rate = load["rate"]
    figures = {name: {**driver.connected, "ramp": []} for name, driver in drivers.items()}
    for driver in drivers.values():
        driver.step("warmup", rate, load["rooms"])
    def taking_turns(number: int) -> list[str]:
        """Who goes first changes every time: the second runs right after the first's
        backlog and garbage, on the same cores."""
        names = list(drivers)
        return names if number % 2 == 0 else names[::-1]

    rounds = {name: [] for name in drivers}
    for number, count in enumerate(split(max(1, round(rate * load["seconds"])), load["rounds"])):
        for name in taking_turns(number):
            rounds[name].append(drivers[name].step(f"fixed{number}", rate, count,
                                                   latencies=True))
    for name in drivers:
        figures[name]["fixed"] = pooled(rounds[name])

    def ramp_step(name: str, label: str, step_rate: float) -> dict:
        result = drivers[name].step(label, step_rate,
                                    max(1, round(step_rate * load["ramp_seconds"])))
        result["kept_up"] = kept_up(result, load)
        figures[name]["ramp"].append(result)
        return result

    rising = list(drivers)
    for number in range(load["ramp_steps"]):
        turn = [name for name in taking_turns(number) if name in rising]
        rising = [name for name in turn if ramp_step(name, f"ramp{number}", rate)["kept_up"]]
        if not rising:
            break
        rate = round(rate * 1.5, 1)
    for number in range(load["refine_steps"]):
        for name in taking_turns(number):
            bounds = between(figures[name]["ramp"])
            if bounds is not None and bounds[1] / bounds[0] > 1.05:
                ramp_step(name, f"refine{number}", round((bounds[0] * bounds[1]) ** 0.5, 1))
    for result in figures.values():
        ramp = result["ramp"]
        sustained = [r for r in ramp if r["kept_up"]]
        best = max(sustained, key=lambda r: r["offered_msgs_per_s"], default=None)
        fell = [r for r in ramp if not r["kept_up"]]
        result.update({
            "sustained_deliveries_per_s": best["deliveries_per_s"] if best else 0.0,
            "sustained_offered_msgs_per_s": best["offered_msgs_per_s"] if best else 0.0,
            # never fell behind: the figure is a lower bound
            "ramp_limited": bool(ramp) and not fell,
            # the driver used (nearly) a whole core where the server fell behind: the ceiling
            # may be the driver's rather than the server's
            "driver_bound": any(r["driver_cpu_share"] >= 0.9 for r in fell)})
    return figures


# --- the report ----------------------------------------------------------------------------------


def describe(name: str, figures: dict, out=print) -> None:
    fixed = figures["fixed"]
    out(f"{name}: {figures['connect_seconds']} s to connect and join; at "
        f"{fixed['offered_msgs_per_s']} msg/s: delivered {fixed['delivered']}/"
        f"{fixed['expected']} ({fixed['duplicates']} duplicates, {fixed['send_errors']} send "
        f"errors), {fixed['deliveries_per_s']} deliveries/s, p50 {fixed['p50_ms']} ms, p95 "
        f"{fixed['p95_ms']} ms, p99 {fixed['p99_ms']} ms; CPU: server "
        f"{fixed['server_cpu_share']:.0%}, driver {fixed['driver_cpu_share']:.0%} of a core")
    for step in figures["ramp"]:
        out(f"{name}:   {step['name']} {step['offered_msgs_per_s']} msg/s "
            f"(~{step['offered_deliveries_per_s']} deliveries/s offered): "
            f"{step['delivered']}/{step['expected']} at {step['deliveries_per_s']}/s, p99 "
            f"{step['p99_ms']} ms, CPU server {step['server_cpu_share']:.0%}, driver "
            f"{step['driver_cpu_share']:.0%} — {'kept up' if step['kept_up'] else 'FELL BEHIND'}")
    notes = [note for note, applies in (
        ("ramp ended before it fell behind: a lower bound", figures["ramp_limited"]),
        ("the driver used a whole core where it fell behind", figures["driver_bound"]))
        if applies]
    out(f"{name}: sustained {figures['sustained_deliveries_per_s']} deliveries/s"
        f"{''.join(f' ({note})' for note in notes)}; RSS {figures['rss_before_mb']} MB -> "
        f"{figures['rss_after_mb']} MB, "
        f"{figures['rss_per_socket_kb']} KB per socket")


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30,
                        help="the fixed-rate run (at 20 msg/s in rooms of 10, its p99 is "
                        "the slowest 60 of 6,000 deliveries)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="the fixed run is cut into this many rounds, the servers taking "
                        "turns")
    parser.add_argument("--rate", type=float, default=20, help="offered messages per second")
    parser.add_argument("--ramp-steps", type=int, default=12,
                        help="rate steps (x1.5 each) to find the sustained rate; 0: none")
    parser.add_argument("--refine-steps", type=int, default=2,
                        help="steps between the last rate kept up and the first that fell "
                        "behind")
    parser.add_argument("--ramp-seconds", type=float, default=5)
    parser.add_argument("--p99-limit-ms", type=float, default=1000,
                        help="a ramp step whose p99 is over this fell behind")
    parser.add_argument("--database-url", help="PostgreSQL server: a fresh database is "
                        "created there and dropped afterwards (default: a SQLite file)")
    parser.add_argument("--serve-relay", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_relay:
        serve_relay()
        return 0
    if not 1 <= args.rooms <= args.clients // 2:
        parser.error("every room needs at least two members: 1 <= rooms <= clients / 2")
    load = {"rate": args.rate, "seconds": args.seconds, "rounds": args.rounds,
            "rooms": args.rooms, "ramp_steps": args.ramp_steps,
            "refine_steps": args.refine_steps, "ramp_seconds": args.ramp_seconds,
            "p99_limit_ms": args.p99_limit_ms}
    plan = room_plan(args.clients, args.rooms)
    sizes = sorted({len(indexes) for indexes in plan})
    with tempfile.TemporaryDirectory(prefix="peerlink-chat-bench-logs-") as logs, \
            fresh_database(args.database_url) as url:
        tmp = Path(logs)
        backend = url.split(":", 1)[0].split("+", 1)[0]
        print(f"{backend}: {args.clients} members with tokens in {args.rooms} direct rooms of "
              f"{'/'.join(map(str, sizes))}; {os.cpu_count()} CPUs, load average "
              f"{os.getloadavg()[0]:.1f}")
        specs = create_members_and_rooms(url, args.clients, args.rooms)
        with app_server(url, tmp) as (app_url, app_pid), \
                relay_server(tmp) as (relay_url, relay_pid), \
                driver_process({"url": app_url, "server_pid": app_pid, "clients": specs},
                               tmp, "app") as app_driver, \
                driver_process({"url": relay_url, "server_pid": relay_pid,
                                "clients": relay_specs(plan)}, tmp, "relay") as relay_driver:
            figures = measure({"app": app_driver, "relay": relay_driver}, load)
    app, relay = figures["app"], figures["relay"]
    describe("app  ", app)
    describe("relay", relay)

    fixed, relay_fixed = app["fixed"], relay["fixed"]
    p99_ratio = ratio(fixed["p99_ms"], relay_fixed["p99_ms"])
    rate_ratio = ratio(app["sustained_deliveries_per_s"], relay["sustained_deliveries_per_s"])
    all_delivered = fixed["delivered"] == fixed["expected"] > 0 and fixed["send_errors"] == 0
    targets = {
        "every message delivered": all_delivered,
        f"p99 within {TARGET_P99_RATIO:g}x of the relay's": (p99_ratio is not None
                                                             and p99_ratio <= TARGET_P99_RATIO),
        f"sustained rate >= {TARGET_RATE_RATIO:.0%} of the relay's": (
            rate_ratio is not None and rate_ratio >= TARGET_RATE_RATIO),
    }
    print(f"p99 ratio {p99_ratio}, sustained rate ratio {rate_ratio}, memory per socket "
          f"{app['rss_per_socket_kb']} KB (relay {relay['rss_per_socket_kb']} KB)")
    for target, met in targets.items():
        print(f"target: {target} — {'pass' if met else 'FAIL'}")
    print(json.dumps({
        "clients": args.clients, "rooms": args.rooms, "backend": backend,
        "offered_msgs_per_s": args.rate, "seconds": args.seconds,
        "expected": fixed["expected"], "delivered": fixed["delivered"],
        "duplicates": fixed["duplicates"],
        "app_deliveries_per_s": fixed["deliveries_per_s"],
        "app_p50_ms": fixed["p50_ms"], "app_p95_ms": fixed["p95_ms"],
        "app_p99_ms": fixed["p99_ms"],
        "relay_expected": relay_fixed["expected"], "relay_delivered": relay_fixed["delivered"],
        "relay_p50_ms": relay_fixed["p50_ms"], "relay_p95_ms": relay_fixed["p95_ms"],
        "relay_p99_ms": relay_fixed["p99_ms"], "p99_ratio": p99_ratio,
        "app_rate": app["sustained_deliveries_per_s"],
        "relay_rate": relay["sustained_deliveries_per_s"], "rate_ratio": rate_ratio,
        "app_rate_lower_bound": app["ramp_limited"],
        "relay_rate_lower_bound": relay["ramp_limited"],
        "relay_rate_driver_bound": relay["driver_bound"],
        "app_server_cpu_share": fixed["server_cpu_share"],
        "relay_server_cpu_share": relay_fixed["server_cpu_share"],
        "app_rss_per_socket_kb": app["rss_per_socket_kb"],
        "relay_rss_per_socket_kb": relay["rss_per_socket_kb"],
        "memory_ratio": ratio(app["rss_per_socket_kb"], relay["rss_per_socket_kb"]),
        "targets": {name: met for name, met in targets.items()},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
