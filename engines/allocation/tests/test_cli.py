"""The command line contract: JSON file in, JSON result out; exit status 2 for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from engines.allocation import problem_from_json, result_from_json, result_to_json, solve
from engines.allocation.tests.helpers import group, offer

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "engines.allocation", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def problem_data() -> dict[str, Any]:
    return {
        "horizon_weeks": 4,
        "groups": [group("g1"), group("g2", location=[10.3, 99.1], unavailable_weeks=[2])],
        "offers": [offer("o1", pieces=1600, due_week=3), offer("o2", skill="batik")],
    }


def test_round_trip_through_files(tmp_path: Path) -> None:
    data = problem_data()
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("solve", str(path), "--time-limit", "30", "--seed", "0")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = json.loads(done.stdout)
    assert out == result_to_json(solve(problem_from_json(data)))
    result = result_from_json(out)
    assert result.status in ("optimal", "feasible")
    assert sum(lot.pieces for lot in result.lots) == 1600
    assert [(u.offer_id, u.code) for u in result.unallocated] == [("o2", "no_skill_or_machine")]
    (tmp_path / "result.json").write_text(done.stdout, encoding="utf-8")
    again = result_from_json(json.loads((tmp_path / "result.json").read_text(encoding="utf-8")))
    assert again == result


def test_standard_input() -> None:
    done = run("solve", "-", stdin=json.dumps(problem_data()))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["objective"]["pieces_offered"] == 2600


def test_bad_field_exits_2_naming_it(tmp_path: Path) -> None:
    data = problem_data()
    data["offers"][0]["due_week"] = 9
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    done = run("solve", str(path))
    assert done.returncode == 2
    assert done.stderr == (
        "invalid problem: offers[0].due_week: week 9 is after horizon_weeks (4)\n"
    )
    assert json.loads(done.stdout) == {
        "status": "invalid",
        "field": "offers[0].due_week",
        "message": "week 9 is after horizon_weeks (4)",
    }


def test_not_json_and_missing_file_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text("{not json", encoding="utf-8")
    done = run("solve", str(path))
    assert done.returncode == 2
    assert "is not JSON" in done.stderr
    done = run("solve", str(tmp_path / "missing.json"))
    assert done.returncode == 2
    assert "cannot read" in done.stderr


def test_bad_options_exit_2() -> None:
    assert run("solve", "x.json", "--time-limit", "0").returncode == 2
    assert run("solve", "x.json", "--seed", "-1").returncode == 2
    assert run("plan", "x.json").returncode == 2
