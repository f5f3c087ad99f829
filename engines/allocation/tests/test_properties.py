"""Properties of every plan, on random small problems (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines.allocation import greedy_allocate, problem_from_json, result_to_json, solve
from engines.allocation.model import Problem
from engines.allocation.tests.helpers import violations

SKILLS = ["shirt", "tshirt"]
MACHINES = ["lockstitch", "overlock"]


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    horizon = draw(st.integers(1, 6))
    weeks = st.integers(1, horizon)
    groups: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 5))):
        groups.append(
            {
                "id": f"g{i}",
                "members": draw(st.integers(1, 25)),
                "minutes_per_day": draw(st.sampled_from([240, 360, 420, 480])),
                "days_per_week": draw(st.sampled_from([3, 5, 5.5, 6])),
                "efficiency": draw(st.one_of(st.none(), st.floats(0.2, 0.6))),
                "machines": draw(st.dictionaries(st.sampled_from(MACHINES), st.integers(0, 12))),
                "skills": draw(st.lists(st.sampled_from(SKILLS), max_size=2)),
                "unavailable_weeks": draw(st.lists(weeks, max_size=2)),
                "location": [draw(st.floats(9.5, 11.0)), draw(st.floats(98.5, 100.0))],
                "wage_floor_baht_per_hour": draw(st.floats(0, 60)),
                "on_time_rate": draw(st.one_of(st.none(), st.floats(0.5, 1.0))),
                "reject_rate": draw(st.one_of(st.none(), st.floats(0.0, 0.2))),
                "previous_earnings_baht": draw(st.floats(0, 30_000)),
                "booked": [
                    {"week": w, "machine_type": t, "minutes": n}
                    for w, t, n in draw(
                        st.lists(
                            st.tuples(weeks, st.sampled_from(MACHINES), st.floats(0, 20_000)),
                            max_size=3,
                        )
                    )
                ],
            }
        )
    offers: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 5))):
        release = draw(weeks)
        sam = draw(st.floats(0.5, 30))
        machine = draw(st.sampled_from(MACHINES))
        # Some styles are sewn on several machine types (their minutes at most the SAM).
        extra: dict[str, Any] = {}
        if draw(st.booleans()):
            shares = draw(st.lists(st.floats(0.05, 1.0), min_size=2, max_size=2))
            scale = draw(st.floats(0.5, 1.0)) * sam / sum(shares)
            extra["machine_minutes"] = {m: x * scale for m, x in zip(MACHINES, shares, strict=True)}
        if draw(st.booleans()):
            extra["order"] = draw(st.sampled_from(["A", "B"]))
        offers.append(
            {
                "id": f"o{i}",
                "pieces": draw(st.integers(1, 4000)),
                "sam_minutes": sam,
                "machine_type": machine,
                "skill": draw(st.sampled_from(SKILLS)),
                "piece_rate_baht": draw(st.floats(0, 60)),
                "release_week": release,
                "due_week": draw(st.integers(release, horizon)),
                "min_lot_pieces": draw(st.integers(1, 1500)),
                "max_groups": draw(st.integers(1, 4)),
                "location": [draw(st.floats(9.5, 11.0)), draw(st.floats(98.5, 100.0))],
                **extra,
            }
        )
    # Staged deliveries of one order share one max_groups.
    for order in ("A", "B"):
        stages = [o for o in offers if o.get("order") == order]
        for o in stages:
            o["max_groups"] = stages[0]["max_groups"]
    margin = draw(st.sampled_from([0.0, 0.1, 0.25]))
    return problem_from_json(
        {"horizon_weeks": horizon, "safety_margin": margin, "groups": groups, "offers": offers}
    )


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(problems(), st.integers(0, 3))
def test_every_plan_keeps_every_rule(problem: Problem, seed: int) -> None:
    result = solve(problem, seed=seed)
    assert violations(problem, result) == []
    assert result.status in ("optimal", "feasible", "infeasible")
    o = result.objective
    if o.pieces_offered and o.pieces_on_time == 0:
        assert result.status == "infeasible"
    elif result.status == "optimal":
        assert o.pieces_on_time == o.pieces_on_time_bound
    assert o.pieces_late == 0
    assert o.pieces_unallocated == o.pieces_offered - o.pieces_on_time


@SETTINGS
@given(problems())
def test_same_input_same_output(problem: Problem) -> None:
    assert result_to_json(solve(problem)) == result_to_json(solve(problem))


@SETTINGS
@given(problems())
def test_greedy_accounts_for_every_piece(problem: Problem) -> None:
    result = greedy_allocate(problem)
    placed = sum(lot.pieces for lot in result.lots)
    left = sum(u.pieces for u in result.unallocated)
    assert placed + left == result.objective.pieces_offered
    late = sum(
        s.pieces
        for lot in result.lots
        for s in lot.schedule
        if s.week > next(o.due_week for o in problem.offers if o.id == lot.offer_id)
    )
    assert result.objective.pieces_late == late
