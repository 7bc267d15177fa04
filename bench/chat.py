"""Chat benchmark: the real /chat server against a bare Flask-SocketIO relay, same load.

    .venv/bin/python bench/chat.py                              # 500 clients, 50 rooms, SQLite
    .venv/bin/python bench/chat.py --clients 100 --rooms 20 --seconds 5
    .venv/bin/python bench/chat.py --database-url postgresql://postgres@127.0.0.1:5432/test

Creates a fresh database (a SQLite file; with --database-url a fresh PostgreSQL database
created next to the one named and dropped afterwards), N members with personal access tokens,
each connected with the starter of its room, and M direct rooms (the members dealt round-
robin), through the app's models. Then starts the real server (`python wsgi.py`, one gevent
process, as tests/live.py does) and a load driver process: N python-socketio clients over
real websockets (greenlets under gevent in one process), each authenticated with its token
and `join`ed to its room. After a warm-up (one message in each room, not measured), the
clients take turns to `send` at a fixed offered rate; every reader records the send-to-
receive latency from the send time carried in the body.

The same load then runs against a bare relay this script starts itself (`--serve-relay`:
Flask-SocketIO in one gevent process, no database, no checks: on `send` it emits
`new_message` to the room). For each server: delivered/expected, deliveries per second and
p50/p95/p99 at the fixed rate; then the offered rate steps up (x1.5) until deliveries fall
behind (not all delivered, or p99 over --p99-limit-ms): the highest step that kept up is the
sustained rate. Memory per connected socket is the server's RSS after the clients connected
and joined, less its RSS before, divided by the clients.

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
import time
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


# --- the load driver (its own gevent process) ----------------------------------------------------


def percentile(samples: list[float], pct: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def drive(spec: dict) -> dict:
    """Connect the clients, run the fixed rate and the ramp, return the figures. Runs under
    gevent: each socketio.Client's threads are greenlets, so hundreds fit in one process."""
    import gevent
    import gevent.pool
    import socketio

    url, pid, clients_spec = spec["url"], spec["server_pid"], spec["clients"]
    state = {"step": None}

    def on_message(receiver: int):
        def handler(data):
            now = time.monotonic()
            step = state["step"]
            if step is None or not isinstance(data, dict):
                return
            body = data.get("body") or ""
            tag, _, sent = body.partition(" ")
            if not tag.startswith(step["prefix"]):
                return
            key = (receiver, tag)
            if key in step["seen"]:
                step["duplicates"] += 1
                return
            step["seen"].add(key)
            step["latencies"].append((now - float(sent.translate(FROM_LETTERS))) * 1000)
            step["last_delivery"] = now
        return handler

    rss_before = rss_bytes(pid)
    sockets = []
    connect_started = time.monotonic()

    def connect(i: int):
        client = socketio.Client(reconnection=False)
        client.on("new_message", on_message(i), namespace=NAMESPACE)
        client.connect(url, namespaces=[NAMESPACE], transports=["websocket"],
                       auth=clients_spec[i]["auth"], wait_timeout=60)
        ack = client.call("join", {"room_id": clients_spec[i]["room_id"]}, namespace=NAMESPACE,
                          timeout=60)
        if not ack.get("ok"):
            raise RuntimeError(f"join refused: {ack}")
        return client

    pool = gevent.pool.Pool(25)
    sockets = pool.map(connect, range(len(clients_spec)))
    connect_seconds = time.monotonic() - connect_started
    gevent.sleep(1)  # let presence broadcasts and the allocator settle
    rss_after = rss_bytes(pid)

    def run_step(name: str, rate: float, seconds: float) -> dict:
        count = max(1, round(rate * seconds))
        step = {"prefix": f"{name}-", "seen": set(), "latencies": [], "duplicates": 0,
                "acked": 0, "errors": [], "expected": 0, "last_delivery": None}
        state["step"] = step

        def acked(index: int):
            def callback(ack):
                if isinstance(ack, dict) and ack.get("ok"):
                    step["acked"] += 1
                    step["expected"] += clients_spec[index]["room_size"]
                else:
                    step["errors"].append(ack)
            return callback

        cpu_before, started = os.times(), time.monotonic()
        for n in range(count):
            due = started + n / rate
            delay = due - time.monotonic()
            if delay > 0:
                gevent.sleep(delay)
            index = n % len(sockets)
            tag = f"{name}-{n}"
            sent = repr(time.monotonic()).translate(TO_LETTERS)
            sockets[index].emit("send", {"room_id": clients_spec[index]["room_id"],
                                         "body": f"{tag} {sent}",
                                         "client_id": tag},
                                namespace=NAMESPACE, callback=acked(index))
        sent_seconds = time.monotonic() - started
        # Drain: wait for the acks and deliveries, giving up after 5 s without progress.
        progress, last_change = -1, time.monotonic()
        while True:
            done = len(step["seen"]) + step["acked"] + len(step["errors"])
            if (step["acked"] + len(step["errors"]) == count
                    and len(step["seen"]) >= step["expected"]):
                break
            if done != progress:
                progress, last_change = done, time.monotonic()
            elif time.monotonic() - last_change > 5:
                break
            gevent.sleep(0.05)
        cpu_after = os.times()
        state["step"] = None
        delivered, latencies = len(step["seen"]), step["latencies"]
        span = (step["last_delivery"] or time.monotonic()) - started
        cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
        return {"offered_msgs_per_s": rate, "sent": count, "acked": step["acked"],
                "send_errors": len(step["errors"]), "expected": step["expected"],
                "delivered": delivered, "duplicates": step["duplicates"],
                "deliveries_per_s": round(delivered / span, 1) if span > 0 else 0.0,
                "offered_deliveries_per_s": round(step["expected"] / max(count, 1) * rate, 1),
                "send_seconds": round(sent_seconds, 2),
                "p50_ms": round(percentile(latencies, 50), 1),
                "p95_ms": round(percentile(latencies, 95), 1),
                "p99_ms": round(percentile(latencies, 99), 1),
                "max_ms": round(max(latencies, default=0.0), 1),
                "driver_cpu_share": round(cpu / max(time.monotonic() - started, 1e-9), 2)}

    def kept_up(result: dict) -> bool:
        return (result["send_errors"] == 0 and result["delivered"] == result["expected"]
                and result["expected"] > 0 and result["p99_ms"] <= spec["p99_limit_ms"]
                and result["send_seconds"] <= spec["ramp_seconds"] * 1.2)

    # Warm-up, not measured: one message in every room (client i is in room i % rooms), so
    # the first use of each statement, parser and room does not count as steady state.
    run_step("warmup", spec["rate"], spec["rooms"] / spec["rate"])
    fixed = run_step("fixed", spec["rate"], spec["seconds"])
    ramp, rate = [], spec["rate"]
    for step_number in range(spec["ramp_steps"]):
        result = run_step(f"ramp{step_number}", rate, spec["ramp_seconds"])
        result["kept_up"] = kept_up(result)
        ramp.append(result)
        if not result["kept_up"]:
            break
        rate = round(rate * 1.5, 1)
    sustained = [r for r in ramp if r["kept_up"]]
    return {"fixed": fixed, "ramp": ramp,
            "sustained_deliveries_per_s": max((r["deliveries_per_s"] for r in sustained),
                                              default=0.0),
            "sustained_offered_msgs_per_s": max((r["offered_msgs_per_s"] for r in sustained),
                                                default=0.0),
            "ramp_limited": bool(ramp) and ramp[-1]["kept_up"],
            "connect_seconds": round(connect_seconds, 1),
            "rss_before_mb": round(rss_before / 2**20, 1),
            "rss_after_mb": round(rss_after / 2**20, 1),
            "rss_per_socket_kb": round((rss_after - rss_before) / len(clients_spec) / 1024, 1)}


def driver_main() -> None:
    from gevent import monkey

    monkey.patch_all()
    spec = json.loads(sys.stdin.read())
    print(json.dumps(drive(spec)), flush=True)
    # The clients' reader and ping greenlets would hold the exit for a minute; the sockets
    # close with the process (the server is stopped right after).
    os._exit(0)


def run_driver(spec: dict, tmp: Path, name: str) -> dict:
    log_path = tmp / f"{name}-driver.log"
    with open(log_path, "w") as log:
        finished = subprocess.run(  # noqa: S603 (this script, with its own arguments)
            [sys.executable, str(Path(__file__).resolve()), "--driver"],
            input=json.dumps(spec), stdout=subprocess.PIPE, stderr=log, text=True, cwd=ROOT,
            check=False)
    if finished.returncode != 0:
        raise RuntimeError(f"{name} driver failed:\n{log_path.read_text()[-4000:]}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


# --- the report ----------------------------------------------------------------------------------


def describe(name: str, figures: dict, out=print) -> None:
    fixed = figures["fixed"]
    out(f"{name}: {figures['connect_seconds']} s to connect and join; at "
        f"{fixed['offered_msgs_per_s']} msg/s: delivered {fixed['delivered']}/"
        f"{fixed['expected']} ({fixed['duplicates']} duplicates, {fixed['send_errors']} send "
        f"errors), {fixed['deliveries_per_s']} deliveries/s, p50 {fixed['p50_ms']} ms, p95 "
        f"{fixed['p95_ms']} ms, p99 {fixed['p99_ms']} ms; driver CPU "
        f"{fixed['driver_cpu_share']:.0%} of a core")
    for step in figures["ramp"]:
        out(f"{name}:   ramp {step['offered_msgs_per_s']} msg/s "
            f"(~{step['offered_deliveries_per_s']} deliveries/s offered): "
            f"{step['delivered']}/{step['expected']} at {step['deliveries_per_s']}/s, p99 "
            f"{step['p99_ms']} ms, driver CPU {step['driver_cpu_share']:.0%} — "
            f"{'kept up' if step['kept_up'] else 'FELL BEHIND'}")
    out(f"{name}: sustained {figures['sustained_deliveries_per_s']} deliveries/s"
        f"{' (ramp ended before it fell behind: a lower bound)' if figures['ramp_limited'] else ''}"
        f"; RSS {figures['rss_before_mb']} MB -> {figures['rss_after_mb']} MB, "
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
    parser.add_argument("--rate", type=float, default=20, help="offered messages per second")
    parser.add_argument("--ramp-steps", type=int, default=8,
                        help="rate steps (x1.5 each) to find the sustained rate; 0: none")
    parser.add_argument("--ramp-seconds", type=float, default=5)
    parser.add_argument("--p99-limit-ms", type=float, default=1000,
                        help="a ramp step whose p99 is over this fell behind")
    parser.add_argument("--database-url", help="PostgreSQL server: a fresh database is "
                        "created there and dropped afterwards (default: a SQLite file)")
    parser.add_argument("--serve-relay", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--driver", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_relay:
        serve_relay()
        return 0
    if args.driver:
        driver_main()
        return 0
    if not 1 <= args.rooms <= args.clients // 2:
        parser.error("every room needs at least two members: 1 <= rooms <= clients / 2")
    load = {"rate": args.rate, "seconds": args.seconds, "rooms": args.rooms,
            "ramp_steps": args.ramp_steps,
            "ramp_seconds": args.ramp_seconds, "p99_limit_ms": args.p99_limit_ms}
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
        with app_server(url, tmp) as (base_url, pid):
            app = run_driver({"url": base_url, "server_pid": pid, "clients": specs, **load},
                             tmp, "app")
        describe("app  ", app)
        with relay_server(tmp) as (base_url, pid):
            relay = run_driver({"url": base_url, "server_pid": pid,
                                "clients": relay_specs(plan), **load}, tmp, "relay")
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
        "app_rss_per_socket_kb": app["rss_per_socket_kb"],
        "relay_rss_per_socket_kb": relay["rss_per_socket_kb"],
        "memory_ratio": ratio(app["rss_per_socket_kb"], relay["rss_per_socket_kb"]),
        "targets": {name: met for name, met in targets.items()},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
