"""Exact plans of small problems that can be checked by hand (see helpers.py for the geometry:
k km east of the depot is k km and k minutes away)."""

from __future__ import annotations

import pytest

from engines.routing import Progress, Route, Stop, Unassigned, format_hhmm, solve
from engines.routing.tests.helpers import DAY1, DAY2, at, problem, team, visit


def times(route: Route) -> list[tuple[str, str, str, str]]:
    return [
        (s.visit, format_hhmm(s.arrive), format_hhmm(s.start), format_hhmm(s.end))
        for s in route.stops
    ]


def test_two_visits_in_a_line() -> None:
    result = solve(problem([team()], [visit("far", 20), visit("near", 10)]))
    assert result.status == "solved"
    assert result.unassigned == ()
    (route,) = result.routes
    assert (route.team, route.day) == ("t1", DAY1)
    # Out and back along the line: either order is 40 km; the near one first is what
    # PATH_CHEAPEST_ARC builds and nothing improves on it.
    assert route.stops == (
        Stop("near", at("08:10"), at("08:10"), at("08:40")),
        Stop("far", at("08:50"), at("08:50"), at("09:20")),
    )
    assert (route.depart, route.return_at) == (at("08:00"), at("09:40"))
    assert (route.km, route.travel_minutes) == (40.0, 40)
    assert (result.visits, result.km, result.travel_minutes, result.service_minutes) == (
        2,
        40.0,
        40,
        60,
    )
    assert result.stopped_by in ("budget", "converged", "finished")


def test_time_windows_force_the_order() -> None:
    # Without windows the best tour is A, B, C (60 km); the windows demand B, then A, then C.
    visits = [
        visit("A", 10, window=("09:00", "10:00")),
        visit("B", 20, window=("08:00", "09:00")),
        visit("C", 30, window=("10:00", "11:00")),
    ]
    (route,) = solve(problem([team()], visits)).routes
    assert times(route) == [
        ("B", "08:20", "08:20", "08:50"),
        ("A", "09:00", "09:00", "09:30"),
        ("C", "09:50", "10:00", "10:30"),  # waits ten minutes for the window to open
    ]
    assert (route.km, format_hhmm(route.return_at)) == (80.0, "11:00")

    (free,) = solve(
        problem(
            [team()], [visit(v.id, float(k)) for v, k in zip(visits, (10, 20, 30), strict=True)]
        )
    ).routes
    assert free.km == 60.0


def test_departure_waits_at_the_office_not_at_the_door() -> None:
    (route,) = solve(problem([team()], [visit("late", 10, window=("10:00", "12:00"))])).routes
    assert format_hhmm(route.depart) == "09:50"
    assert times(route) == [("late", "10:00", "10:00", "10:30")]


def test_the_whole_service_fits_in_the_window() -> None:
    # 90 minutes of service in a window of 60: it can never fit.
    result = solve(problem([team()], [visit("v", 10, minutes=90, window=("09:00", "10:00"))]))
    assert result.routes == ()
    assert [(u.visit, u.reason) for u in result.unassigned] == [("v", "outside_working_hours")]


def test_a_skill_chooses_the_team() -> None:
    teams = [
        team("packaging", skills=frozenset({"packaging"})),
        team("ict", skills=frozenset({"ict"})),
    ]
    visits = [
        visit("needs-ict", 10, skills=frozenset({"ict"})),
        visit("needs-both", 15, skills=frozenset({"ict", "packaging"})),
        visit("needs-energy", 5, skills=frozenset({"energy"})),
    ]
    result = solve(problem(teams, visits))
    assert [(r.team, [s.visit for s in r.stops]) for r in result.routes] == [("ict", ["needs-ict"])]
    assert result.unassigned == (
        Unassigned(
            "needs-both",
            "no_team_with_skills",
            "no single team has all of ict, packaging",
        ),
        Unassigned("needs-energy", "no_team_with_skills", "no team has energy"),
    )
    assert result.status == "partial"


def test_a_visit_goes_on_its_day() -> None:
    # "tuesday" may only go on Tuesday; going there once for both is 24 km, twice 44 km.
    two_days = team(days=(DAY1, DAY2))
    result = solve(problem([two_days], [visit("tuesday", 12, days=(DAY2,)), visit("any", 10)]))
    assert [(r.day, sorted(s.visit for s in r.stops), r.km) for r in result.routes] == [
        (DAY2, ["any", "tuesday"], 24.0)
    ]


def test_visits_that_fit_no_day_are_explained() -> None:
    visits = [
        visit("too-far", 300),  # 5 h there and 5 h back in a 9-hour day
        visit("wrong-day", 10, days=(DAY2,)),
        visit("ok", 10),
    ]
    result = solve(problem([team()], visits))
    assert [[s.visit for s in r.stops] for r in result.routes] == [["ok"]]
    assert [(u.visit, u.reason) for u in result.unassigned] == [
        ("too-far", "outside_working_hours"),
        ("wrong-day", "no_team_on_days"),
    ]
    assert result.unassigned[0].detail == (
        "30 min of service, 300 min there and 300 min back do not fit in 08:00–17:00: "
        "90 min short at best"
    )


def test_a_full_day_leaves_the_farther_visit_out() -> None:
    # Each fits alone (420 and 440 minutes of a 540-minute day), not both: serving either
    # is one visit, the nearer one drives less.
    visits = [visit("near", 10, minutes=400), visit("far", 20, minutes=400)]
    result = solve(problem([team()], visits))
    assert [[s.visit for s in r.stops] for r in result.routes] == [["near"]]
    assert [(u.visit, u.reason) for u in result.unassigned] == [("far", "no_time_left")]


def test_serving_more_visits_beats_driving_less() -> None:
    # Two short visits far out rather than one long one nearby: two visits served.
    visits = [
        visit("near-long", 10, minutes=420),
        visit("far1", 100, minutes=60),
        visit("far2", 101, minutes=60),
    ]
    result = solve(problem([team()], visits))
    assert result.visits == 2
    assert [u.visit for u in result.unassigned] == ["near-long"]


def test_a_higher_priority_is_kept_when_not_everything_fits() -> None:
    # The day of the previous test: only one of the two fits. Without priorities the nearer
    # is kept; the farther one, urgent, is kept in its place.
    near, far = visit("near", 10, minutes=400), visit("far", 20, minutes=400, priority=1)
    result = solve(problem([team()], [near, far]))
    assert [[s.visit for s in r.stops] for r in result.routes] == [["far"]]
    assert [(u.visit, u.reason) for u in result.unassigned] == [("near", "no_time_left")]
    assert (result.visits, result.km) == (1, 40.0)


def test_priority_weighs_one_visit_against_several() -> None:
    # Either the long visit nearby or the two short ones far out. Left out, the long one
    # weighs 1 + priority, each short one 1 + 1 = 2: it is kept from priority 4 on (weight 5
    # against 4) and left out at 3 (4 against 4: then the kilometres decide, and the long
    # one is nearer).
    def plan(priority: int) -> list[str]:
        visits = [
            visit("near-long", 10, minutes=420, priority=priority),
            visit("far1", 100, minutes=60, priority=1),
            visit("far2", 101, minutes=60, priority=1),
        ]
        return sorted(s.visit for r in solve(problem([team()], visits)).routes for s in r.stops)

    assert plan(0) == ["far1", "far2"]
    assert plan(2) == ["far1", "far2"]
    assert plan(3) == ["near-long"]
    assert plan(4) == ["near-long"]


def test_progress_reports_kilometres_without_the_penalties() -> None:
    seen: list[Progress] = []
    visits = [visit("near", 10, minutes=400, priority=3), visit("far", 20, minutes=400)]
    result = solve(problem([team()], visits), on_progress=seen.append)
    assert seen and seen[-1].visits == 1 and seen[-1].km == result.km == 20.0


def test_nothing_to_plan() -> None:
    result = solve(problem([team()], []))
    assert (result.status, result.routes, result.unassigned, result.stopped_by) == (
        "solved",
        (),
        (),
        "no_search",
    )
    no_team = solve(problem([], [visit("v", 10)]))
    assert [(u.visit, u.reason) for u in no_team.unassigned] == [("v", "no_team_with_skills")]


def test_same_input_same_plan_and_seeds_differ_only_in_order() -> None:
    visits = [visit(f"v{k}", float(3 * k + 1), minutes=20) for k in range(12)]
    teams = [team("a"), team("b", days=(DAY1, DAY2))]
    first = solve(problem(teams, visits), seed=0)
    assert solve(problem(teams, visits), seed=0) == first
    other = solve(problem(teams, visits), seed=5)
    assert other == solve(problem(teams, visits), seed=5)
    assert other.seed == 5
    assert other.visits == first.visits == 12


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="time_limit_s"):
        solve(problem([team()], []), time_limit_s=0)


def test_progress_callback_can_stop_the_search() -> None:
    visits = [visit(f"v{k}", float(k)) for k in range(1, 9)]
    seen: list[int] = []

    def stop_at_first(progress: Progress) -> bool:
        seen.append(progress.visits)
        return False

    stopped = solve(problem([team()], visits), on_progress=stop_at_first)
    assert stopped.stopped_by == "stopped"
    assert len(seen) == 1  # asked once, at the first plan, then the search ended
    # The first plan is a real plan: every visit served once.
    assert sorted(s.visit for r in stopped.routes for s in r.stops) == sorted(v.id for v in visits)
    full = solve(problem([team()], visits), on_progress=lambda p: None)
    assert full.stopped_by in ("budget", "converged", "finished")
    assert full.steps > stopped.steps
