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
    # the servers took turns: each has its own figures for every round and step
    assert sum(line.startswith("app  :   ramp0") for line in lines) == 1
    assert sum(line.startswith("relay:   ramp0") for line in lines) == 1
    assert "app_server_cpu_share" in result and "relay_rate_driver_bound" in result


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


def test_a_fixed_run_is_cut_into_even_rounds():
    assert bench.split(20, 3) == [7, 7, 6]
    assert bench.split(2, 3) == [1, 1]  # never an empty round


def test_the_ceiling_is_refined_between_the_last_rate_kept_up_and_the_next():
    ramp = [{"offered_msgs_per_s": 20, "kept_up": True},
            {"offered_msgs_per_s": 30, "kept_up": True},
            {"offered_msgs_per_s": 45, "kept_up": False},
            {"offered_msgs_per_s": 36.7, "kept_up": True}]
    assert bench.between(ramp) == (36.7, 45)
    assert bench.between(ramp[:2]) is None  # never fell behind: nothing to refine
    assert bench.between([{"offered_msgs_per_s": 20, "kept_up": False}]) is None


def test_fixed_rounds_are_pooled_over_every_sample():
    rounds = [{"sent": 2, "acked": 2, "send_errors": 0, "expected": 4, "delivered": 4,
               "duplicates": 0, "offered_msgs_per_s": 10, "deliveries_per_s": 20.0,
               "driver_cpu_share": 0.1, "server_cpu_share": 0.2,
               "latencies": [1.0, 2.0, 3.0, 4.0]},
              {"sent": 2, "acked": 2, "send_errors": 0, "expected": 4, "delivered": 4,
               "duplicates": 0, "offered_msgs_per_s": 10, "deliveries_per_s": 20.0,
               "driver_cpu_share": 0.3, "server_cpu_share": 0.4,
               "latencies": [5.0, 6.0, 7.0, 100.0]}]
    figures = bench.pooled(rounds)
    assert figures["delivered"] == figures["expected"] == 8
    assert figures["p99_ms"] == 100.0 and figures["p50_ms"] == 5.0
    assert figures["deliveries_per_s"] == 20.0
    assert figures["server_cpu_share"] == 0.3
