"""bench/directory.py must keep working: its loader and query mix at a tiny size (no timing)."""

import json

from bench import directory as bench


def test_the_benchmark_runs_and_ends_with_one_json_line(capsys):
    assert bench.main(["--profiles", "300", "--repeat", "1", "--scan-repeat", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert result["profiles"] == 300 and result["backend"] == "sqlite"
    for key in ("indexed_p50_ms", "indexed_p95_ms", "scan_p50_ms", "scan_p95_ms",
                "speedup_p95"):
        assert result[key] > 0
    assert len([line for line in lines if "found" in line]) == len(bench.QUERY_MIX)


def test_the_synthetic_profiles_are_realistic_and_deterministic():
    first = list(bench.synthetic_profiles(200, seed=3))
    assert first == list(bench.synthetic_profiles(200, seed=3))
    assert all(1 <= len(p["specialties"]) <= 4 and p["languages"][0] == "en" for p in first)
    share_trauma = sum("trauma-ptsd" in p["specialties"] for p in first) / len(first)
    assert 0.1 < share_trauma < 0.6
    assert len({p["name"] for p in first}) > 150
