"""Plan visits for teams over days: OR-Tools vehicle routing with time windows and skills.

Formulation
-----------
* **Vehicles.** One vehicle per (team, day in the team's `days`), starting and ending at the
  team's depot. Vehicles are numbered team by team in input order, days ascending.
* **Nodes.** One node per depot that some team leaves from, and one per visit that some vehicle
  could serve on its own (see "Reasons"); visits no vehicle could ever serve stay out.
* **Travel.** Kilometres and whole minutes (rounded up) between every pair of places come from
  a `TravelSource`: great-circle distance × `road_factor` at `speed_kmh` by default, or an OSRM
  table. The arc cost is the distance in metres, the same for every vehicle.
* **Time dimension** "time", in minutes after midnight: the transit of arc i→j is the service
  minutes of i plus the travel minutes i→j; slack (waiting) is free. A vehicle's start and end
  lie in its team's [day_start, day_end]. A visit's cumul is the start of its service; with a
  window [open, close] it lies in [open, close − service_minutes], so the whole service fits
  in the window.
* **Skills and days.** A visit may only go on the vehicles whose team has every skill it needs,
  whose day is one of its `days` (when given), and on which it fits alone. (This is what
  `SetAllowedVehiclesForIndex` does; OR-Tools 9.15's Python wrapper cannot pass it a list, so
  the visit's vehicle variable is restricted directly, as that method does when the model
  closes.)
* **Objective.** Minimise total metres driven plus, for each visit left out, a penalty of
  (1 + its priority) × P, where P is larger than any plan's total driving (`AddDisjunction`).
  The weight of what is left out therefore always decides first and the kilometres second:
  with every priority 0 (the default) a plan that serves more visits always wins, and among
  plans serving as many, the shortest wins; with priorities, an urgent visit (priority 7,
  weight 8) is kept in place of a normal one (priority 1, weight 2) — or of up to three —
  when not everything fits.
* **Search.** First solution by LOCAL_CHEAPEST_INSERTION, then GUIDED_LOCAL_SEARCH. (The
  brief named PATH_CHEAPEST_ARC; its first plan leaves visits out that the local search puts
  back slowly: on three benchmark provinces it served 976 visits where this one served 979,
  and ten minutes from it did not catch up on the first; see docs/routing.md.)

Determinism
-----------
OR-Tools routing runs single-threaded and makes no random choices here, so the plan depends only
on the model and on how far the search goes. The search is therefore stopped by counting work,
never by the clock: OR-Tools checks its limits before each neighbour it evaluates, and a custom
limit counts those checks ("steps"). The search stops after `budget` steps, or after `patience`
steps without a better plan (defaults grow with the number of visits, see
`default_budget`). The time limit is only a safety net: when it fires first the result says
`stopped_by: "time_limit"` and a rerun may differ. `seed` permutes the order in which visits
become nodes, which is the order the first solution inserts them in: another seed is another
(equally valid) plan, the same seed the same plan.

Reasons
-------
Before the search each visit is checked against each vehicle alone (depot → visit → depot); the
first test that no vehicle passes is its reason: `no_team_with_skills`, `no_team_on_days` (the
skills are there, not on the visit's days), `outside_working_hours` (on each such day the
visit cannot fit in the working hours, with its window, travel and service). A visit that
fits some vehicle alone but is left out of the plan gets `no_time_left`: those days are full.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from engines.routing.distance import GreatCircle, Matrix, TravelSource
from engines.routing.model import (
    MINUTES_PER_DAY,
    REASON_DAYS,
    REASON_HOURS,
    REASON_SKILLS,
    REASON_TIME,
    STATUS_PARTIAL,
    STATUS_SOLVED,
    Location,
    Problem,
    Result,
    Route,
    Stop,
    Unassigned,
    Visit,
    format_hhmm,
)

DEFAULT_TIME_LIMIT_S = 180.0
# Search steps (see "Determinism"), measured on the benchmark provinces (bench/routing.py):
# the descent to a good plan took 15,000–18,000 steps per visit from 120 to 340 visits.
BUDGET_BASE = 100_000
BUDGET_PER_VISIT = 20_000
PATIENCE_BASE = 20_000
PATIENCE_PER_VISIT = 5_000
FIRST_SOLUTION = routing_enums_pb2.FirstSolutionStrategy.LOCAL_CHEAPEST_INSERTION


@dataclass(frozen=True, slots=True)
class Progress:
    """Reported at each better plan: search steps spent of the budget (`steps / budget` is the
    share done), and the plan's visits and kilometres."""

    steps: int
    budget: int
    visits: int
    km: float


@dataclass(frozen=True, slots=True)
class _Vehicle:
    team: int
    day: dt.date
    depot_node: int
    day_start: int
    day_end: int


def default_budget(visits: int) -> tuple[int, int]:
    """(budget, patience) in search steps for a problem of `visits` visits."""
    return BUDGET_BASE + BUDGET_PER_VISIT * visits, PATIENCE_BASE + PATIENCE_PER_VISIT * visits


def solve(
    problem: Problem,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    seed: int = 0,
    travel: TravelSource | None = None,
    budget: int | None = None,
    patience: int | None = None,
    on_progress: Callable[[Progress], bool | None] | None = None,
) -> Result:
    """Plan `problem`; see the module docstring for the model and the determinism rule.

    `on_progress` is called at each better plan; when it returns False the search stops at
    the next step and the best plan so far comes back with `stopped_by: "stopped"` (how an
    application cancels a long solve)."""
    if time_limit_s <= 0:
        raise ValueError("time_limit_s must be positive")
    source = travel or GreatCircle(road_factor=problem.road_factor, speed_kmh=problem.speed_kmh)
    depot_index = {d.id: i for i, d in enumerate(problem.depots)}
    vehicles = [
        _Vehicle(t_index, day, depot_index[team.depot], team.day_start, team.day_end)
        for t_index, team in enumerate(problem.teams)
        for day in sorted(team.days)
    ]
    points: list[Location] = [d.location for d in problem.depots]
    points += [v.location for v in problem.visits]
    matrix = source.matrix(points) if problem.visits else Matrix(km=(), minutes=())
    n_depots = len(problem.depots)

    # Which vehicles could serve each visit alone; the reason when none can.
    allowed: dict[int, list[int]] = {}
    unassigned: dict[int, Unassigned] = {}
    for v_index, visit in enumerate(problem.visits):
        vehicles_ok, reason = _candidates(problem, visit, n_depots + v_index, vehicles, matrix)
        if vehicles_ok:
            allowed[v_index] = vehicles_ok
        else:
            assert reason is not None
            unassigned[v_index] = reason

    order = sorted(allowed)
    if seed:
        random.Random(seed).shuffle(order)  # noqa: S311 (a seeded order, not a secret)
    plan: dict[int, list[int]] = {}
    stopped_by, steps = "no_search", 0
    if order and vehicles:
        plan, stopped_by, steps = _search(
            problem,
            vehicles,
            matrix,
            order,
            allowed,
            time_limit_s=time_limit_s,
            budget=budget or default_budget(len(order))[0],
            patience=patience or default_budget(len(order))[1],
            on_progress=on_progress,
        )

    routes: list[Route] = []
    served: set[int] = set()
    metres = 0
    for k, vehicle in enumerate(vehicles):
        stops = plan.get(k, [])
        if not stops:
            continue
        served.update(stops)
        route, route_metres = _route(problem, vehicle, stops, matrix, n_depots)
        routes.append(route)
        metres += route_metres
    for v_index in order:
        if v_index not in served:
            unassigned[v_index] = Unassigned(
                visit=problem.visits[v_index].id,
                reason=REASON_TIME,
                detail="fits a team's day on its own, but the days it could go are full",
            )
    left = tuple(unassigned[i] for i in sorted(unassigned))
    return Result(
        status=STATUS_PARTIAL if left else STATUS_SOLVED,
        routes=tuple(routes),
        unassigned=left,
        visits=len(served),
        km=round(metres / 1000, 1),
        travel_minutes=sum(r.travel_minutes for r in routes),
        service_minutes=sum(problem.visits[i].service_minutes for i in served),
        seed=seed,
        stopped_by=stopped_by,
        steps=steps,
    )


def _candidates(
    problem: Problem, visit: Visit, node: int, vehicles: Sequence[_Vehicle], matrix: Matrix
) -> tuple[list[int], Unassigned | None]:
    skilled = {i for i, team in enumerate(problem.teams) if visit.skills <= team.skills}
    if not skilled:
        missing = visit.skills - frozenset().union(*(t.skills for t in problem.teams))
        if not problem.teams:
            detail = "there are no teams"
        elif missing:
            detail = f"no team has {', '.join(sorted(missing))}"
        else:
            detail = f"no single team has all of {', '.join(sorted(visit.skills))}"
        return [], Unassigned(visit.id, REASON_SKILLS, detail)
    days = None if visit.days is None else set(visit.days)
    on_days = [
        k
        for k, vehicle in enumerate(vehicles)
        if vehicle.team in skilled and (days is None or vehicle.day in days)
    ]
    if not on_days:
        return [], Unassigned(
            visit.id, REASON_DAYS, "no team with the skills works on any of the visit's days"
        )
    fitting = [k for k in on_days if _room(visit, node, vehicles[k], matrix) >= 0]
    if not fitting:
        detail = _hours_detail(visit, node, vehicles, on_days, matrix)
        return [], Unassigned(visit.id, REASON_HOURS, detail)
    return fitting, None


def _hours_detail(
    visit: Visit, node: int, vehicles: Sequence[_Vehicle], candidates: list[int], matrix: Matrix
) -> str:
    # Describe the nearest miss: the candidate day with the most room.
    best = max(candidates, key=lambda k: _room(visit, node, vehicles[k], matrix))
    v = vehicles[best]
    room = _room(visit, node, v, matrix)
    there = matrix.minutes[v.depot_node][node]
    back = matrix.minutes[node][v.depot_node]
    if there >= MINUTES_PER_DAY:
        return "no road from any depot of a team with the skills"
    window = (
        f", window {format_hhmm(visit.window[0])}–{format_hhmm(visit.window[1])}"
        if visit.window
        else ""
    )
    return (
        f"{visit.service_minutes} min of service{window}, {there} min there and {back} min back "
        f"do not fit in {format_hhmm(v.day_start)}–{format_hhmm(v.day_end)}: "
        f"{-room} min short at best"
    )


def _room(visit: Visit, node: int, vehicle: _Vehicle, matrix: Matrix) -> int:
    """Minutes to spare when the vehicle makes only this visit (negative: it cannot)."""
    there = matrix.minutes[vehicle.depot_node][node]
    back = matrix.minutes[node][vehicle.depot_node]
    start = vehicle.day_start + there
    latest_end = vehicle.day_end - back
    if visit.window is not None:
        start = max(start, visit.window[0])
        latest_end = min(latest_end, visit.window[1])
    return latest_end - start - visit.service_minutes


def _search(
    problem: Problem,
    vehicles: Sequence[_Vehicle],
    matrix: Matrix,
    order: Sequence[int],
    allowed: dict[int, list[int]],
    *,
    time_limit_s: float,
    budget: int,
    patience: int,
    on_progress: Callable[[Progress], bool | None] | None,
) -> tuple[dict[int, list[int]], str, int]:
    """Build and solve the OR-Tools model; returns visit indices per vehicle in route order,
    what stopped the search and the steps it spent."""
    # Model nodes: the depots some vehicle starts from, then the visits in `order`; `points`
    # maps them to matrix rows. A depot no team uses must not be a node: every node outside a
    # disjunction is a place the solver is obliged to visit.
    depots = sorted({v.depot_node for v in vehicles})
    n_depots = len(depots)
    first_visit_row = len(problem.depots)
    points = depots + [first_visit_row + v for v in order]
    service = [0] * n_depots + [problem.visits[v].service_minutes for v in order]
    metres = [[_metres(matrix.km[a][b]) for b in points] for a in points]
    transit = [
        [service[i] + _minutes(matrix.minutes[a][b]) for b in points] for i, a in enumerate(points)
    ]
    horizon = MINUTES_PER_DAY
    starts = [depots.index(v.depot_node) for v in vehicles]
    manager = pywrapcp.RoutingIndexManager(len(points), len(vehicles), starts, starts)
    routing = pywrapcp.RoutingModel(manager)

    cost = routing.RegisterTransitMatrix(metres)
    routing.SetArcCostEvaluatorOfAllVehicles(cost)
    time_cb = routing.RegisterTransitMatrix(transit)
    routing.AddDimension(time_cb, horizon, horizon, False, "time")
    clock = routing.GetDimensionOrDie("time")
    for k, vehicle in enumerate(vehicles):
        clock.CumulVar(routing.Start(k)).SetRange(vehicle.day_start, vehicle.day_end)
        clock.CumulVar(routing.End(k)).SetRange(vehicle.day_start, vehicle.day_end)

    # Leaving a visit out must cost more than any whole plan's driving, so serving one more
    # visit (of as much weight) always beats driving less; a visit's priority multiplies it.
    longest = max((m for row in metres for m in row if m < _FORBIDDEN), default=0)
    unit = (len(points) + 2 * len(vehicles)) * (longest + 1) + 1
    penalties = [unit * (1 + problem.visits[v].priority) for v in order]
    all_vehicles = len(vehicles)
    for node, v in enumerate(order, start=n_depots):
        index = manager.NodeToIndex(node)
        visit = problem.visits[v]
        if visit.window is not None:
            clock.CumulVar(index).SetRange(visit.window[0], visit.window[1] - visit.service_minutes)
        if len(allowed[v]) < all_vehicles:
            # What SetAllowedVehiclesForIndex does when the model closes; that method cannot be
            # called from Python in OR-Tools 9.15 (its SWIG wrapper has no typemap for
            # absl::Span<const int>). -1 is the "vehicle" of a visit left out.
            routing.VehicleVar(index).SetValues([-1, *allowed[v]])
        routing.AddDisjunction([index], penalties[node - n_depots])

    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = FIRST_SOLUTION
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    # No sub-search may be cut short by the clock either (this bounds OR-Tools' CP-based LNS
    # completions, which are off by default): only the step count ends anything.
    params.lns_time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))

    solver = routing.solver()
    steps = [0]
    best = [math.inf]
    better_at = [0]  # steps spent when the best plan was found
    stop = [False]  # the caller asked to stop (on_progress returned False)
    visit_indices = [manager.NodeToIndex(node) for node in range(n_depots, len(points))]

    def spent() -> bool:
        # OR-Tools checks its limits before every neighbour it evaluates: counting the checks
        # measures the work done, the same on a busy machine as on a quiet one.
        steps[0] += 1
        return stop[0] or steps[0] >= budget or steps[0] - better_at[0] >= patience

    def at_solution() -> None:
        value = routing.CostVar().Value()
        if value >= best[0]:
            return
        best[0] = value
        better_at[0] = steps[0]
        if on_progress is not None:
            dropped = [k for k, i in enumerate(visit_indices) if routing.NextVar(i).Value() == i]
            answer = on_progress(
                Progress(
                    steps=steps[0],
                    budget=budget,
                    visits=len(order) - len(dropped),
                    km=round((value - sum(penalties[k] for k in dropped)) / 1000, 1),
                )
            )
            stop[0] = answer is False

    routing.AddSearchMonitor(solver.CustomLimit(spent))
    routing.AddAtSolutionCallback(at_solution)
    started = time.perf_counter()
    assignment = routing.SolveWithParameters(params)
    elapsed = time.perf_counter() - started
    if assignment is None:  # cannot happen: leaving every visit out is a plan
        raise RuntimeError(f"OR-Tools found no plan (status {routing.status()})")
    if stop[0]:
        stopped_by = "stopped"
    elif steps[0] >= budget:
        stopped_by = "budget"
    elif steps[0] - better_at[0] >= patience:
        stopped_by = "converged"
    elif elapsed >= time_limit_s * 0.98:
        stopped_by = "time_limit"
    else:
        stopped_by = "finished"
    plan: dict[int, list[int]] = {}
    for k in range(len(vehicles)):
        index = assignment.Value(routing.NextVar(routing.Start(k)))
        stops: list[int] = []
        while not routing.IsEnd(index):
            stops.append(order[manager.IndexToNode(index) - n_depots])
            index = assignment.Value(routing.NextVar(index))
        plan[k] = stops
    return plan, stopped_by, steps[0]


_FORBIDDEN = 10**12  # metres on an arc with no road: never worth taking


def _metres(km: float) -> int:
    return _FORBIDDEN if math.isinf(km) else round(km * 1000)


def _minutes(minutes: int) -> int:
    return min(minutes, 10 * MINUTES_PER_DAY)


def _route(
    problem: Problem, vehicle: _Vehicle, stops: list[int], matrix: Matrix, n_depots: int
) -> tuple[Route, int]:
    """A route and the metres it drives. Times are the earliest the order allows; then the
    departure is moved as late as it can be without waiting before the first stop, so nobody
    sits in the car outside a closed door. (Travel comes from the same matrix as in the model,
    so a route the solver found feasible is feasible here.)"""
    team = problem.teams[vehicle.team]
    here = vehicle.depot_node
    clock = vehicle.day_start
    metres = 0
    minutes = 0
    timed: list[Stop] = []
    for v in stops:
        visit = problem.visits[v]
        node = n_depots + v
        drive = matrix.minutes[here][node]
        metres += _metres(matrix.km[here][node])
        minutes += drive
        arrive = clock + drive
        start = arrive if visit.window is None else max(arrive, visit.window[0])
        end = start + visit.service_minutes
        timed.append(Stop(visit=visit.id, arrive=arrive, start=start, end=end))
        clock, here = end, node
    drive = matrix.minutes[here][vehicle.depot_node]
    metres += _metres(matrix.km[here][vehicle.depot_node])
    minutes += drive
    wait = timed[0].start - timed[0].arrive
    first = Stop(timed[0].visit, timed[0].start, timed[0].start, timed[0].end)
    route = Route(
        team=team.id,
        day=vehicle.day,
        depart=vehicle.day_start + wait,
        return_at=clock + drive,
        stops=(first, *timed[1:]),
        km=round(metres / 1000, 1),
        travel_minutes=minutes,
    )
    return route, metres
