"""Properties of every plan, on random small problems: hours and windows kept, skills covered,
days respected, every visit planned once or explained, routes from and back to the depot,
travel as the matrix says, and the same plan for the same input."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engines.routing import (
    MAX_PRIORITY,
    REASONS,
    Depot,
    GreatCircle,
    Matrix,
    Problem,
    Result,
    Team,
    Visit,
    solve,
)

SKILLS = ["a", "b", "c"]
DAYS = [dt.date(2025, 6, 2), dt.date(2025, 6, 3), dt.date(2025, 6, 4)]
points = st.tuples(
    st.integers(0, 3000).map(lambda k: 10.0 + k / 10_000),
    st.integers(0, 3000).map(lambda k: 99.0 + k / 10_000),
)  # a box of about 33 × 33 km


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    depots = tuple(Depot(f"d{i}", draw(points)) for i in range(draw(st.integers(1, 2))))
    teams = []
    for i in range(draw(st.integers(0, 3))):
        start = draw(st.integers(14, 20)) * 30  # 07:00–10:00
        teams.append(
            Team(
                f"t{i}",
                draw(st.sampled_from(depots)).id,
                frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=3))),
                tuple(sorted(draw(st.sets(st.sampled_from(DAYS), min_size=1)))),
                start,
                start + draw(st.integers(4, 9)) * 60,
            )
        )
    visits = []
    for i in range(draw(st.integers(0, 8))):
        window = None
        if draw(st.booleans()):
            open_ = draw(st.integers(14, 30)) * 30
            window = (open_, open_ + draw(st.integers(1, 12)) * 30)
        days = None
        if draw(st.integers(0, 3)) == 0:
            days = tuple(sorted(draw(st.sets(st.sampled_from(DAYS), min_size=1))))
        visits.append(
            Visit(
                f"v{i}",
                draw(points),
                draw(st.integers(0, 36)) * 5,
                frozenset(draw(st.lists(st.sampled_from([*SKILLS, "d"]), max_size=2))),
                window,
                days,
                draw(st.integers(0, 3)),
            )
        )
    return Problem(
        depots,
        tuple(teams),
        tuple(visits),
        speed_kmh=draw(st.sampled_from([30.0, 45.0, 60.0])),
        road_factor=draw(st.sampled_from([1.0, 1.3, 1.6])),
    )


def check(problem: Problem, result: Result) -> None:
    visits = {v.id: v for v in problem.visits}
    teams = {t.id: t for t in problem.teams}
    depot_of = {d.id: i for i, d in enumerate(problem.depots)}
    index = {v.id: len(problem.depots) + i for i, v in enumerate(problem.visits)}
    matrix = GreatCircle(problem.road_factor, problem.speed_kmh).matrix(
        [d.location for d in problem.depots] + [v.location for v in problem.visits]
    )
    planned = [s.visit for r in result.routes for s in r.stops]
    left = [u.visit for u in result.unassigned]
    assert sorted(planned + left) == sorted(visits), "every visit planned once or explained"
    assert len({(r.team, r.day) for r in result.routes}) == len(result.routes)
    for route in result.routes:
        team = teams[route.team]
        assert route.day in team.days
        assert route.stops, "no empty routes"
        assert team.day_start <= route.depart
        here = depot_of[team.depot]  # every route leaves from its team's depot…
        clock, metres, minutes = route.depart, 0.0, 0
        for stop in route.stops:
            visit = visits[stop.visit]
            assert visit.skills <= team.skills
            assert visit.days is None or route.day in visit.days
            there = index[stop.visit]
            assert stop.arrive == clock + matrix.minutes[here][there]
            assert stop.start >= stop.arrive
            assert stop.end == stop.start + visit.service_minutes
            if visit.window is not None:
                assert visit.window[0] <= stop.start and stop.end <= visit.window[1]
            metres += matrix.km[here][there]
            minutes += matrix.minutes[here][there]
            clock, here = stop.end, there
        back = depot_of[team.depot]  # …and comes back to it
        assert route.return_at == clock + matrix.minutes[here][back] <= team.day_end
        metres += matrix.km[here][back]
        minutes += matrix.minutes[here][back]
        assert route.travel_minutes == minutes
        # Legs are counted in whole metres, the route in tenths of a kilometre.
        assert abs(route.km - metres) <= 0.05 + 0.0005 * (len(route.stops) + 1)
    for item in result.unassigned:
        visit = visits[item.visit]
        assert item.reason in REASONS and item.detail
        skilled = [t for t in problem.teams if visit.skills <= t.skills]
        if item.reason == "no_team_with_skills":
            assert not skilled
        elif item.reason == "no_team_on_days":
            assert skilled and visit.days is not None
            assert not any(set(t.days) & set(visit.days) for t in skilled)
        else:
            fits = [
                team
                for team in skilled
                for day in team.days
                if (visit.days is None or day in visit.days)
                and fits_alone(problem, matrix, team, visit, index)
            ]
            assert bool(fits) == (item.reason == "no_time_left")
    assert result.visits == len(planned)
    assert result.status == ("partial" if left else "solved")
    assert result.travel_minutes == sum(r.travel_minutes for r in result.routes)


def fits_alone(
    problem: Problem, matrix: Matrix, team: Team, visit: Visit, index: dict[str, int]
) -> bool:
    depot = next(i for i, d in enumerate(problem.depots) if d.id == team.depot)
    there = matrix.minutes[depot][index[visit.id]]
    back = matrix.minutes[index[visit.id]][depot]
    start, latest_end = team.day_start + there, team.day_end - back
    if visit.window:
        start, latest_end = max(start, visit.window[0]), min(latest_end, visit.window[1])
    return start + visit.service_minutes <= latest_end


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_every_plan_keeps_the_rules(problem: Problem, seed: int) -> None:
    result = solve(problem, seed=seed, time_limit_s=30)
    check(problem, result)
    assert result.stopped_by in ("budget", "converged", "finished", "no_search")
    assert solve(problem, seed=seed, time_limit_s=30) == result, "same input, same plan"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_a_visit_made_most_urgent_is_never_left_out_for_lack_of_time(problem: Problem) -> None:
    # Priorities are 0–3 (weights 1–4, 8 visits at most: 32 together); made most urgent, a
    # visit that fits a team's day alone outweighs everything else on that day, so it must
    # be planned.
    result = solve(problem, time_limit_s=30)
    waiting = [u.visit for u in result.unassigned if u.reason == "no_time_left"]
    for visit_id in waiting:
        raised = Problem(
            problem.depots,
            problem.teams,
            tuple(
                replace(v, priority=MAX_PRIORITY) if v.id == visit_id else v for v in problem.visits
            ),
            problem.speed_kmh,
            problem.road_factor,
        )
        again = solve(raised, time_limit_s=30)
        check(raised, again)
        assert visit_id in {s.visit for r in again.routes for s in r.stops}
