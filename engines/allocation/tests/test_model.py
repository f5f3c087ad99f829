"""The problem contract: parsing, errors naming the field, capacities, JSON round trips."""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from engines.allocation import (
    Group,
    ProblemError,
    great_circle_km,
    problem_from_json,
    problem_to_json,
    result_from_json,
    result_to_json,
    solve,
)
from engines.allocation.model import gini
from engines.allocation.tests.helpers import group, offer, problem


def base() -> dict[str, Any]:
    return {"horizon_weeks": 4, "groups": [group("g1")], "offers": [offer("o1")]}


def test_defaults_and_units() -> None:
    p = problem_from_json(base())
    g, o = p.groups[0], p.offers[0]
    assert p.safety_margin == 0.10
    assert g.unavailable_weeks == ()
    assert g.reject_rate == 0.0
    assert g.on_time_rate is None
    assert g.machines == (("lockstitch", 10),)
    assert g.location_deg == (10.0, 99.0)
    assert o.weeks == range(1, 3)
    no_efficiency = base()
    del no_efficiency["groups"][0]["efficiency"]
    assert problem_from_json(no_efficiency).groups[0].efficiency == 0.35


def test_capacity_and_earnings_formulas() -> None:
    g = problem(
        [group("g1", machines={"lockstitch": 4, "overlock": 2}, unavailable_weeks=[3])],
        [offer("o1")],
    ).groups[0]
    assert g.week_minutes(1, 0.1) == pytest.approx(10 * 480 * 5 * 0.5 * 0.9)
    assert g.week_minutes(3, 0.1) == 0.0
    assert g.machine_week_minutes("overlock", 2, 0.1) == pytest.approx(2 * 480 * 5 * 0.5 * 0.9)
    assert g.machine_week_minutes("coverstitch", 2, 0.1) == 0.0
    late = problem([group("g1", on_time_rate=0.75, reject_rate=0.2)], [offer("o1")]).groups[0]
    assert late.margin(0.1) == pytest.approx(0.25)
    o = problem_from_json(base()).offers[0]
    assert late.minutes_per_piece(o) == pytest.approx(20 / 0.8)
    assert late.earnings_baht_per_member_hour(o) == pytest.approx(40 * 60 * 0.5 * 0.8 / 20)
    # Every available member-hour of the horizon at the wage floor.
    assert g.earnings_target(4) == pytest.approx(40 * 10 * 480 * 5 * 3 / 60)


def test_input_order_does_not_matter() -> None:
    data: dict[str, Any] = {
        "horizon_weeks": 4,
        "groups": [group("g2"), group("g1", skills=["shirt", "batik", "shirt"])],
        "offers": [offer("o2"), offer("o1")],
    }
    p = problem_from_json(data)
    assert [g.id for g in p.groups] == ["g1", "g2"]
    assert [o.id for o in p.offers] == ["o1", "o2"]
    assert p.groups[0].skills == ("batik", "shirt")
    shuffled = copy.deepcopy(data)
    shuffled["groups"].reverse()
    shuffled["offers"].reverse()
    assert problem_from_json(shuffled) == p


def test_booked_work_is_taken_off_the_capacity_after_the_margin() -> None:
    booked = [
        {"week": 1, "machine_type": "lockstitch", "minutes": 3000},
        {"week": 1, "machine_type": "lockstitch", "minutes": 800},  # two lots, summed
        {"week": 2, "machine_type": "overlock", "minutes": 500},
    ]
    (g,) = problem(
        [group("g1", machines={"lockstitch": 10, "overlock": 2}, booked=booked)], []
    ).groups
    assert g.booked == ((1, "lockstitch", 3800.0), (2, "overlock", 500.0))
    # 10 × 480 × 5 × 0.5 × 0.9 = 10,800 minutes a week, less what is booked.
    assert g.week_minutes(1, 0.1) == pytest.approx(10800 - 3800)
    assert g.machine_week_minutes("lockstitch", 1, 0.1) == pytest.approx(10800 - 3800)
    assert g.week_minutes(2, 0.1) == pytest.approx(10800 - 500)
    assert g.machine_week_minutes("overlock", 2, 0.1) == pytest.approx(2160 - 500)
    assert g.machine_week_minutes("lockstitch", 2, 0.1) == pytest.approx(10800)
    # Never below zero, however much is booked.
    (full,) = problem(
        [group("g2", booked=[{"week": 1, "machine_type": "x", "minutes": 1e6}])], []
    ).groups
    assert full.week_minutes(1, 0.1) == 0.0


def test_problem_round_trip() -> None:
    p = problem(
        [
            group(
                "g1",
                on_time_rate=0.9,
                previous_earnings_baht=1200.5,
                unavailable_weeks=[2],
                booked=[{"week": 3, "machine_type": "lockstitch", "minutes": 250.5}],
            )
        ],
        [offer("o1")],
        safety_margin=0.15,
    )
    assert problem_from_json(problem_to_json(p)) == p


def _set(path: list[str | int], value: Any) -> dict[str, Any]:
    data = base()
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "field", "message"),
    [
        (["horizon_weeks"], _DELETE, "horizon_weeks", "missing"),
        (["horizon_weeks"], 0, "horizon_weeks", "must be ≥ 1"),
        (["horizon_weeks"], True, "horizon_weeks", "expected an integer"),
        (["safety_margin"], 1, "safety_margin", "must be < 1"),
        (["groups"], {}, "groups", "expected a list"),
        (["groups", 0, "members"], 2.5, "groups[0].members", "expected an integer"),
        (["groups", 0, "members"], 0, "groups[0].members", "must be ≥ 1"),
        (["groups", 0, "efficiency"], 1.5, "groups[0].efficiency", "must be ≤ 1"),
        (["groups", 0, "efficiency"], "high", "groups[0].efficiency", "expected a number"),
        (["groups", 0, "machines"], ["lockstitch"], "groups[0].machines", "expected an object"),
        (["groups", 0, "machines", "overlock"], -1, "groups[0].machines.overlock", "must be ≥ 0"),
        (["groups", 0, "skills", 0], "", "groups[0].skills[0]", "non-empty string"),
        (["groups", 0, "unavailable_weeks"], [5], "groups[0].unavailable_weeks[0]", "≤ 4"),
        (["groups", 0, "location"], [10.0], "groups[0].location", "[latitude, longitude]"),
        (["groups", 0, "location"], [95.0, 99.0], "groups[0].location[0]", "≤ 90"),
        (
            ["groups", 0, "wage_floor_baht_per_hour"],
            "",
            "groups[0].wage_floor_baht_per_hour",
            "a number",
        ),
        (["groups", 0, "reject_rate"], 1.0, "groups[0].reject_rate", "must be < 1"),
        (["groups", 0, "efficency"], 0.4, "groups[0].efficency", "unknown field"),
        (["offers", 0, "id"], 7, "offers[0].id", "non-empty string"),
        (["offers", 0, "sam_minutes"], 0, "offers[0].sam_minutes", "must be > 0"),
        (["offers", 0, "sam_minutes"], math.inf, "offers[0].sam_minutes", "finite"),
        (["offers", 0, "due_week"], 5, "offers[0].due_week", "after horizon_weeks (4)"),
        (["offers", 0, "release_week"], 3, "offers[0].due_week", "before release_week (3)"),
        (["offers", 0, "max_groups"], 0, "offers[0].max_groups", "must be ≥ 1"),
        (["offers", 0, "machine_type"], None, "offers[0].machine_type", "non-empty string"),
        (["offers", 0, "pieces"], _DELETE, "offers[0].pieces", "missing"),
        (["groups", 0, "booked"], {}, "groups[0].booked", "expected a list"),
        (["groups", 0, "booked"], [{"week": 5}], "groups[0].booked[0].week", "≤ 4"),
        (
            ["groups", 0, "booked"],
            [{"week": 1, "machine_type": "overlock", "minutes": -1}],
            "groups[0].booked[0].minutes",
            "must be ≥ 0",
        ),
        (
            ["groups", 0, "booked"],
            [{"week": 1, "hours": 2}],
            "groups[0].booked[0].hours",
            "unknown",
        ),
    ],
)
def test_errors_name_the_field(path: list[str | int], value: Any, field: str, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        problem_from_json(_set(path, value))
    assert caught.value.field == field
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{field}: ")


def test_repeated_ids_are_refused() -> None:
    data = base()
    data["offers"].append(offer("o1"))
    with pytest.raises(ProblemError) as caught:
        problem_from_json(data)
    assert caught.value.field == "offers[1].id"
    assert "repeats offers[0].id" in caught.value.message


def test_not_an_object() -> None:
    with pytest.raises(ProblemError) as caught:
        problem_from_json([1, 2])
    assert caught.value.field == "problem"


def test_great_circle() -> None:
    assert great_circle_km((10.0, 99.0), (10.0, 99.0)) == 0.0
    # One degree of latitude along a meridian: 2πR ÷ 360.
    assert great_circle_km((10.0, 99.0), (11.0, 99.0)) == pytest.approx(
        2 * math.pi * 6371.0088 / 360
    )


def test_gini() -> None:
    assert gini([]) == 0.0
    assert gini([0.0, 0.0]) == 0.0
    assert gini([5.0, 5.0, 5.0]) == pytest.approx(0.0)
    assert gini([0.0, 0.0, 9.0]) == pytest.approx(2 / 3)


def test_result_round_trip() -> None:
    p = problem([group("g1"), group("g2", location=[10.5, 99.0])], [offer("o1", pieces=1500)])
    result = solve(p)
    assert result_from_json(result_to_json(result)) == result


def test_group_is_frozen() -> None:
    g = problem_from_json(base()).groups[0]
    with pytest.raises(AttributeError):
        g.members = 3  # type: ignore[misc]
    assert isinstance(g, Group)
    assert not hasattr(g, "__dict__")  # slots
