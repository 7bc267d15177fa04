"""The load driver of bench/chat.py: one gevent process of python-socketio clients, run
step by step from its standard input.

    (started by bench/chat.py)  python bench/chat_driver.py < commands > results

The first line in is the spec `{url, server_pid, clients: [{auth, room_id, room_size}]}`:
the driver connects every client over a real websocket, `join`s its room, and answers one
line `{connect_seconds, rss_before_mb, rss_after_mb, rss_per_socket_kb}` (the server's
memory before and after, read from /proc). Then each line in is a step `{name, rate,
seconds[, latencies]}`: the clients take turns to `send` at `rate` messages per second for
`seconds`, every reader records the send-to-receive latency from the send time carried in
the body, and the driver answers one line of figures once every ack and delivery is in (or
nothing moved for 5 s). `latencies: true` adds the raw latencies, so that bench/chat.py can
pool a fixed run it cut into rounds. A line `{"quit": true}` (or the end of input) ends it.

Each step also reports the CPU the driver and the server used, as a share of one core: a
server whose driver is near a whole core is measured against the driver's limit, not its own.
"""

import json
import os
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: import bench
    sys.path.insert(0, str(ROOT))

from bench.chat import FROM_LETTERS, NAMESPACE, TO_LETTERS, percentile, rss_bytes  # noqa: E402

DRAIN_PATIENCE_S = 5  # a step is over when nothing arrived for this long


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process so far (/proc/PID/stat, fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Driver:
    """The clients of one server, and the step that is running (None between steps)."""

    def __init__(self, spec: dict):
        self.url, self.server_pid = spec["url"], spec["server_pid"]
        self.specs = spec["clients"]
        self.sockets = []
        self.step = None

    def connect(self) -> dict:
        import gevent
        import gevent.pool
        import socketio

        def connect_one(i: int):
            # websocket-client checks each text frame's UTF-8 byte by byte in Python (unless
            # the wsaccel extension is there): the driver's cost would grow with the payload,
            # and the app's `new_message` (an author card, the rendered HTML) is four times
            # the relay's. Decoding the frame checks it anyway, in C.
            client = socketio.Client(reconnection=False, websocket_extra_options={
                "skip_utf8_validation": True})
            client.on("new_message", self._receiver(i), namespace=NAMESPACE)
            client.connect(self.url, namespaces=[NAMESPACE], transports=["websocket"],
                           auth=self.specs[i]["auth"], wait_timeout=60)
            ack = client.call("join", {"room_id": self.specs[i]["room_id"]},
                              namespace=NAMESPACE, timeout=60)
            if not ack.get("ok"):
                raise RuntimeError(f"join refused: {ack}")
            return client

        rss_before, started = rss_bytes(self.server_pid), time.monotonic()
        self.sockets = gevent.pool.Pool(25).map(connect_one, range(len(self.specs)))
        connect_seconds = time.monotonic() - started
        gevent.sleep(1)  # let presence broadcasts and the allocator settle
        rss_after = rss_bytes(self.server_pid)
        return {"connect_seconds": round(connect_seconds, 1),
                "rss_before_mb": round(rss_before / 2**20, 1),
                "rss_after_mb": round(rss_after / 2**20, 1),
                "rss_per_socket_kb": round((rss_after - rss_before) / len(self.specs) / 1024, 1)}

    def _receiver(self, receiver: int):
        def handler(data):
            now, step = time.monotonic(), self.step
            if step is None or not isinstance(data, dict):
                return
            tag, _, sent = (data.get("body") or "").partition(" ")
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

    def run_step(self, name: str, rate: float, seconds: float, *,
                 latencies: bool = False) -> dict:
        import gevent

        count = max(1, round(rate * seconds))
        step = {"prefix": f"{name}-", "seen": set(), "latencies": [], "duplicates": 0,
                "acked": 0, "errors": [], "expected": 0, "last_delivery": None}
        self.step = step

        def acked(index: int):
            def callback(ack):
                if isinstance(ack, dict) and ack.get("ok"):
                    step["acked"] += 1
                    step["expected"] += self.specs[index]["room_size"]
                else:
                    step["errors"].append(ack)
            return callback

        cpu_before, server_cpu_before = os.times(), cpu_seconds(self.server_pid)
        started = time.monotonic()
        for n in range(count):
            delay = started + n / rate - time.monotonic()
            if delay > 0:
                gevent.sleep(delay)
            index = n % len(self.sockets)
            tag = f"{name}-{n}"
            sent = repr(time.monotonic()).translate(TO_LETTERS)
            self.sockets[index].emit("send", {"room_id": self.specs[index]["room_id"],
                                              "body": f"{tag} {sent}", "client_id": tag},
                                     namespace=NAMESPACE, callback=acked(index))
        send_seconds = time.monotonic() - started

        def cpu_now() -> tuple:
            return time.monotonic(), os.times(), cpu_seconds(self.server_pid)

        # The CPU shares are read up to the last progress: a step that fell behind waits
        # DRAIN_PATIENCE_S idle at its end, which would dilute them.
        progress, last_change = -1, cpu_now()
        while True:
            answered = step["acked"] + len(step["errors"])
            if answered == count and len(step["seen"]) >= step["expected"]:
                last_change = cpu_now()
                break
            if answered + len(step["seen"]) != progress:
                progress, last_change = answered + len(step["seen"]), cpu_now()
            elif time.monotonic() - last_change[0] > DRAIN_PATIENCE_S:
                break
            gevent.sleep(0.05)
        ended, cpu_after, server_cpu_after = last_change
        elapsed = max(ended - started, 1e-9)
        server_cpu = server_cpu_after - server_cpu_before
        self.step = None
        delivered, samples = len(step["seen"]), step["latencies"]
        span = (step["last_delivery"] or time.monotonic()) - started
        cpu = (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system)
        result = {
            "name": name, "offered_msgs_per_s": rate, "sent": count, "acked": step["acked"],
            "send_errors": len(step["errors"]), "expected": step["expected"],
            "delivered": delivered, "duplicates": step["duplicates"],
            "deliveries_per_s": round(delivered / span, 1) if span > 0 else 0.0,
            "offered_deliveries_per_s": round(step["expected"] / count * rate, 1),
            "send_seconds": round(send_seconds, 2),
            "p50_ms": round(percentile(samples, 50), 1),
            "p95_ms": round(percentile(samples, 95), 1),
            "p99_ms": round(percentile(samples, 99), 1),
            "max_ms": round(max(samples, default=0.0), 1),
            "driver_cpu_share": round(cpu / elapsed, 2),
            "server_cpu_share": round(server_cpu / elapsed, 2)}
        if latencies:
            result["latencies"] = [round(sample, 3) for sample in samples]
        return result


def main() -> None:
    try:
        serve_commands()
    except BaseException:  # noqa: BLE001 (any failure: say it, and end at once)
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)  # the clients' greenlets would hold a normal exit for a minute


def serve_commands() -> None:
    from gevent import monkey

    monkey.patch_all()
    from gevent.fileobject import FileObjectPosix

    # Read commands without blocking the process: between its steps the clients must still
    # answer the server's pings and take what arrives.
    commands = FileObjectPosix(sys.stdin.fileno(), "r", close=False)
    driver = Driver(json.loads(commands.readline()))
    print(json.dumps(driver.connect()), flush=True)
    for line in commands:
        command = json.loads(line)
        if command.get("quit"):
            break
        print(json.dumps(driver.run_step(command["name"], command["rate"], command["seconds"],
                                         latencies=command.get("latencies", False))),
              flush=True)
    # The clients' reader and ping greenlets would hold the exit for a minute; the sockets
    # close with the process (the server is stopped right after).
    os._exit(0)


if __name__ == "__main__":
    main()
