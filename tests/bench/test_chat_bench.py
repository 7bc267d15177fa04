"""bench/chat.py must keep working: a tiny run against the real server and the relay."""

import json
import subprocess
import sys

from bench import chat as bench
from tests.live import ROOT


def test_the_chat_benchmark_delivers_every_message_and_ends_with_one_json_line():
    finished = subprocess.run(
        [sys.executable, "bench/chat.py", "--clients", "20", "--rooms", "4", "--seconds", "2",
         "--rate", "10", "--ramp-steps", "1", "--ramp-seconds", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stderr[-3000:]
    lines = finished.stdout.strip().splitlines()
    result = json.loads(lines[-1])
    assert result["clients"] == 20 and result["rooms"] == 4
    assert result["expected"] == 20 * 5  # 20 messages, each to the 5 members of its room
    assert result["delivered"] == result["expected"] and result["duplicates"] == 0
    assert result["relay_delivered"] == result["relay_expected"] == result["expected"]
    for key in ("app_p99_ms", "relay_p99_ms", "p99_ratio", "app_rate", "relay_rate",
                "rate_ratio", "app_rss_per_socket_kb"):
        assert result[key] > 0, key
    assert any(line.startswith("target: every message delivered — pass") for line in lines)


def test_members_are_dealt_round_robin_into_rooms():
    plan = bench.room_plan(10, 3)
    assert [len(room) for room in plan] == [4, 3, 3]
    assert sorted(i for room in plan for i in room) == list(range(10))
    specs = bench.relay_specs(plan)
    assert [spec["room_id"] for spec in specs[:4]] == [1, 2, 3, 1]
    assert specs[0]["room_size"] == 4


def test_percentiles():
    samples = [float(i) for i in range(1, 101)]
    assert bench.percentile(samples, 50) == 51.0 and bench.percentile(samples, 99) == 99.0
    assert bench.percentile([], 99) == 0.0
