"""The JSON contract: what parses, what is refused (naming the field), and round trips."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from engines.routing import (
    Depot,
    Problem,
    ProblemError,
    Team,
    Visit,
    format_hhmm,
    parse_hhmm,
    problem_from_json,
    problem_to_json,
    result_from_json,
    result_to_json,
    solve,
)

PROBLEM: dict[str, Any] = {
    "depots": [{"id": "office", "location": [10.4936, 99.18]}],
    "teams": [
        {
            "id": "design",
            "depot": "office",
            "skills": ["product_design", "packaging"],
            "days": ["2025-06-02", "2025-06-03"],
            "day_start": "08:30",
            "day_end": "16:30",
        }
    ],
    "visits": [
        {
            "id": "e1",
            "location": [10.5, 99.2],
            "service_minutes": 75,
            "skills": ["packaging"],
            "window": ["09:00", "12:00"],
            "days": ["2025-06-03"],
        },
        {"id": "e2", "location": [10.3, 99.1], "service_minutes": 30},
    ],
    "speed_kmh": 50,
    "road_factor": 1.3,
}


def test_parse() -> None:
    problem = problem_from_json(PROBLEM)
    assert problem == Problem(
        depots=(Depot("office", (10.4936, 99.18)),),
        teams=(
            Team(
                "design",
                "office",
                frozenset({"product_design", "packaging"}),
                (dt.date(2025, 6, 2), dt.date(2025, 6, 3)),
                510,
                990,
            ),
        ),
        visits=(
            Visit(
                "e1", (10.5, 99.2), 75, frozenset({"packaging"}), (540, 720), (dt.date(2025, 6, 3),)
            ),
            Visit("e2", (10.3, 99.1), 30),
        ),
        speed_kmh=50.0,
        road_factor=1.3,
    )
    assert problem_from_json(problem_to_json(problem)) == problem


def test_speed_and_road_factor_have_defaults() -> None:
    data = {k: v for k, v in PROBLEM.items() if k not in ("speed_kmh", "road_factor")}
    problem = problem_from_json(data)
    assert (problem.speed_kmh, problem.road_factor) == (50.0, 1.3)


def broken(path: str, value: Any) -> dict[str, Any]:
    """PROBLEM with the value at `path` ("visits.0.window") replaced, or removed if value is
    the DELETE marker."""
    data = copy.deepcopy(PROBLEM)
    *parents, last = path.split(".")
    target: Any = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    key: Any = int(last) if isinstance(target, list) else last
    if value is DELETE:
        del target[key]
    else:
        target[key] = value
    return data


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "message"),
    [
        ("visits", DELETE, "visits", "missing"),
        ("visits", {}, "visits", "expected a list, got dict"),
        (
            "visits.0.window",
            ["9:00", "12:00"],
            "visits[0].window[0]",
            "expected a time \"HH:MM\", got '9:00'",
        ),
        ("visits.0.window", ["12:00", "09:00"], "visits[0].window[1]", "must be after 12:00"),
        (
            "visits.0.window",
            ["09:00"],
            "visits[0].window",
            'expected ["HH:MM", "HH:MM"], got [\'09:00\']',
        ),
        (
            "visits.1.service_minutes",
            12.5,
            "visits[1].service_minutes",
            "expected whole minutes, got 12.5",
        ),
        (
            "visits.1.service_minutes",
            -5,
            "visits[1].service_minutes",
            "must be a whole number ≥ 0, got -5",
        ),
        (
            "visits.1.service_minutes",
            True,
            "visits[1].service_minutes",
            "expected whole minutes, got True",
        ),
        ("visits.1.id", "e1", "visits[1].id", "duplicate id 'e1'"),
        ("visits.1.location", [95, 99], "visits[1].location[0]", "latitude out of range: 95.0"),
        ("visits.1.location", "10.3,99.1", "visits[1].location", "expected a list, got str"),
        ("visits.1.skill", ["ict"], "visits[1].skill", "unknown field"),
        (
            "visits.0.days",
            ["2025-06-31"],
            "visits[0].days[0]",
            "expected an ISO date \"YYYY-MM-DD\", got '2025-06-31'",
        ),
        ("visits.0.days", ["2025-06-03", "2025-06-03"], "visits[0].days", "a day is listed twice"),
        (
            "visits.0.skills",
            ["packaging", ""],
            "visits[0].skills[1]",
            "expected a non-empty string, got ''",
        ),
        ("visits.1.priority", 1.5, "visits[1].priority", "expected a whole number, got 1.5"),
        ("visits.1.priority", "3", "visits[1].priority", "expected a whole number, got '3'"),
        ("visits.1.priority", -1, "visits[1].priority", "must be 0 to 100, got -1"),
        ("visits.1.priority", 101, "visits[1].priority", "must be 0 to 100, got 101"),
        ("teams.0.depot", "branch", "teams[0].depot", "no depot has the id 'branch'"),
        ("teams.0.day_start", "25:00", "teams[0].day_start", "not a time of day: '25:00'"),
        ("teams.0.day_end", "08:00", "teams[0].day_end", "must be after 08:30"),
        ("teams.0.days", DELETE, "teams[0].days", "missing"),
        ("speed_kmh", 0, "speed_kmh", "must be a positive number, got 0.0"),
        ("road_factor", 0.8, "road_factor", "must be a number ≥ 1, got 0.8"),
        ("road_factor", "1.3", "road_factor", "expected a number, got '1.3'"),
    ],
)
def test_errors_name_the_field(path: str, value: Any, field: str, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        problem_from_json(broken(path, value))
    assert (caught.value.field, caught.value.message) == (field, message)
    assert str(caught.value) == f"{field}: {message}"


def test_not_an_object() -> None:
    with pytest.raises(ProblemError, match="expected an object, got list"):
        problem_from_json([])


def test_problems_built_in_python_are_checked_too() -> None:
    with pytest.raises(ProblemError) as caught:
        Problem((), (), (Visit("v", (0.0, 0.0), 10, window=(600, 540)),))
    assert caught.value.field == "visits[0].window[1]"


def test_times() -> None:
    assert [parse_hhmm(t, "t") for t in ("00:00", "08:30", "24:00")] == [0, 510, 1440]
    for bad in ("24:01", "8:30", "08:60", "0830", "๐๘:๓๐", 830):
        with pytest.raises(ProblemError):
            parse_hhmm(bad, "t")
    assert [format_hhmm(m) for m in (0, 510, 1440)] == ["00:00", "08:30", "24:00"]


def test_priority_is_optional_and_round_trips() -> None:
    data = copy.deepcopy(PROBLEM)
    assert "priority" not in problem_to_json(problem_from_json(data))["visits"][1]
    data["visits"][1]["priority"] = 7
    problem = problem_from_json(data)
    assert [v.priority for v in problem.visits] == [0, 7]
    assert problem_to_json(problem)["visits"][1]["priority"] == 7
    assert problem_from_json(problem_to_json(problem)) == problem


def test_result_round_trip() -> None:
    result = solve(problem_from_json(PROBLEM))
    data = result_to_json(result)
    assert data["status"] == "solved"
    assert sorted(s["visit"] for r in data["routes"] for s in r["stops"]) == ["e1", "e2"]
    assert set(data["routes"][0]) == {"team", "day", "depart", "return", "stops", "km", "minutes"}
    assert set(data["totals"]) == {"visits", "unassigned", "km", "minutes", "service_minutes"}
    assert result_from_json(data) == result
