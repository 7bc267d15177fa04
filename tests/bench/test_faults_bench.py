"""bench/faults.py --small: the production set-up (two gunicorn + gevent processes,
PostgreSQL, a Redis queue) through a killed process, a restarted Redis and a cut-off
PostgreSQL, with nothing lost, stored twice or received out of order. Needs PostgreSQL
(PEERLINK_TEST_DATABASE_URL) and redis-server (the script starts its own on a free port);
outside CI it skips, with the reason, when they are missing."""

import json
import shutil
import subprocess
import sys

import pytest

from bench import faults
from tests.conftest import PG_URL, REDIS_URL, skip_or_fail
from tests.live import ROOT

pytestmark = [pytest.mark.live, pytest.mark.redis]


def test_a_small_fault_run_loses_nothing_in_any_scenario():
    if not PG_URL:
        skip_or_fail("PEERLINK_TEST_DATABASE_URL is not set: bench/faults.py needs PostgreSQL")
    if not REDIS_URL or shutil.which("redis-server") is None:
        skip_or_fail("bench/faults.py needs Redis (PEERLINK_TEST_REDIS_URL and redis-server)")
    finished = subprocess.run(
        [sys.executable, "bench/faults.py", "--small", "--database-url", PG_URL],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False)
    lines = finished.stdout.strip().splitlines()
    assert lines, finished.stderr[-3000:]
    result = json.loads(lines[-1])
    report = "\n".join(line for line in lines[:-1] if not line.startswith("INFO "))
    print(report)  # shown with a failure: the scenarios' figures, human-readable
    assert set(result["scenarios"]) == set(faults.SCENARIOS)
    for name, figures in result["scenarios"].items():
        assert figures["acked"] == figures["sent"] > 0, name
        assert figures["lost"] == 0, name
        assert figures["duplicated"] == 0, name
        assert figures["out_of_order"] == 0, name
        assert figures["malformed_rows"] == 0, name
        assert figures["recovery_s"] is not None, name
    # While PostgreSQL is cut off a send is answered with the 503 error ack, not a hang.
    postgres = result["scenarios"]["postgres"]
    assert postgres["error_acks"].get("503", 0) > 0 and postgres["ack_timeouts"] == 0
    assert result["scenarios"]["kill"]["reconnects"] > 0
    assert finished.returncode == 0


def test_the_nginx_configuration_is_the_documented_one():
    """What --nginx runs is cut from docs/deployment.md: the sticky upstream, the upgrade
    headers and the timeouts of /socket.io/."""
    conf = faults.nginx_config(["http://127.0.0.1:9001", "http://127.0.0.1:9002"], 9000,
                               ROOT / "nginx-prefix")
    assert "ip_hash;" in conf
    assert "server 127.0.0.1:9001;" in conf and "server 127.0.0.1:9002;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "proxy_read_timeout" in conf and "listen 127.0.0.1:9000;" in conf
