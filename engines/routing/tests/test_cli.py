"""The command line: the contract other tools call."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from engines.routing import problem_from_json, result_to_json, solve
from engines.routing.tests.test_model import PROBLEM

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engines.routing", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM), encoding="utf-8")
    done = run("solve", str(path), "--time-limit", "20", "--seed", "3")
    assert (done.returncode, done.stderr) == (0, "")
    result = json.loads(done.stdout)
    # Another process, the same plan: what the library gives in this one.
    expected = result_to_json(solve(problem_from_json(PROBLEM), time_limit_s=20, seed=3))
    assert result == expected
    assert result["status"] == "solved" and result["search"]["seed"] == 3
    from_stdin = run("solve", "-", "--seed", "3", stdin=json.dumps(PROBLEM))
    assert json.loads(from_stdin.stdout) == expected


def test_bad_input_exits_2_naming_the_field(tmp_path: Path) -> None:
    data = json.loads(json.dumps(PROBLEM))
    data["visits"][1]["window"] = ["13:00", "25:00"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("solve", str(path))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"python -m engines.routing: error: {path}: visits[1].window[1]: "
        "not a time of day: '25:00'\n"
    )


def test_unreadable_and_invalid_files(tmp_path: Path) -> None:
    missing = run("solve", str(tmp_path / "missing.json"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    path = tmp_path / "broken.json"
    path.write_text('{"depots": [', encoding="utf-8")
    broken = run("solve", str(path))
    assert broken.returncode == 2 and "is not valid JSON" in broken.stderr
    usage = run("solve")
    assert usage.returncode == 2 and "PROBLEM.json" in usage.stderr
    limit = run("solve", str(path), "--time-limit", "0")
    assert limit.returncode == 2 and "--time-limit must be positive" in limit.stderr


def test_osrm_down_exits_3(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM), encoding="utf-8")
    done = run("solve", str(path), "--osrm", "http://127.0.0.1:9")
    assert done.returncode == 3 and "OSRM at http://127.0.0.1:9 unreachable" in done.stderr
