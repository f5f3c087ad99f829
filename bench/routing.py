"""Visit routing: solve time, joint visits against each working group alone, and the near-limit.

    .venv/bin/python -m bench.routing [--visits 300 --teams 15 --days 5] [--repeat 3]
                                      [--long-run-seconds 600] [--seed N]

A province is generated (seeded): establishments around the district towns of a long, narrow
province shaped like Chumphon, two offices the teams leave from, five working groups (product
design, packaging, ICT, standards, productivity) with realistic service times, and about 1.8
open requests per establishment, as in the demo. Three plans of the same demand over the same
team-days, all by `engines.routing.solve`:

1. joint: each establishment's requests bundled into one visit (`engines.routing.bundle`, split
   only where no team has all the skills), joint teams of officers from three working groups
   (--team-skills); the engine's defaults, timed --repeat times (the plans must be identical);
   requests carry the priority of their urgency, as in the application; 1b. the same without
   priorities, to see which urgencies are left out either way;
2. each working group alone: one visit per request, each group planning its own requests with
   its own three teams (a team covers only its own group's skill);
3. the near-limit: plan 1 searched for --long-run-seconds (600 by default; a shorter run is
   announced as such) with no step budget.

`--visits` counts establishments with open requests; bundling makes about as many visits (a
few more where no team has all the skills one establishment asked for). No database is used;
the results JSON goes to /tmp/saphan-bench-results/routing.json (BENCH_RESULTS_DIR).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bench.common import (
    ForeignLoad,
    cpu_probe,
    fmt_s,
    heading,
    machine,
    print_machine,
    save_results,
    say,
    spread,
)
from engines.routing import (
    Depot,
    Problem,
    Result,
    ServiceRequest,
    Team,
    bundle,
    default_budget,
    solve,
    unbundled,
)

SEED = 20240116
SPEED_KMH = 60.0
ROAD_FACTOR = 1.35
DAY_START, DAY_END = 8 * 60 + 30, 16 * 60 + 30  # government office hours

# District towns of a Chumphon-like province (lat, lon, share of establishments): ~130 km
# north to south, 30–50 km wide, most activity around the provincial town.
TOWNS = [
    ("เมืองชุมพร", 10.493, 99.180, 30),
    ("ท่าแซะ", 10.665, 99.170, 10),
    ("ปะทิว", 10.780, 99.330, 8),
    ("สวี", 10.255, 99.095, 12),
    ("ทุ่งตะโก", 10.110, 99.080, 6),
    ("หลังสวน", 9.948, 99.078, 16),
    ("ละแม", 9.750, 99.100, 8),
    ("พะโต๊ะ", 9.800, 98.790, 5),
]
# The provincial office in the provincial town and a second office in the south.
OFFICES = [("office-mueang", 10.4936, 99.1800), ("office-langsuan", 9.9500, 99.0830)]
# Working groups: (skill, share of requests, service minutes low–high).
GROUPS = [
    ("product_design", 30, 30, 45),
    ("packaging", 25, 25, 40),
    ("ict", 20, 20, 40),
    ("standards", 15, 30, 45),
    ("productivity", 10, 30, 60),
]
# Open requests per establishment (demo-like: 1.85 on average).
REQUESTS_PER_ESTABLISHMENT = [(1, 40), (2, 40), (3, 15), (4, 5)]
# Urgency of an establishment's requests as in the demo (normal 4 in 7, low, high and urgent 1
# in 7 each) and the engine priority the application gives it (saphan.promotion URGENCY_PRIORITY).
URGENCY = [("low", 1), ("normal", 4), ("high", 1), ("urgent", 1)]
PRIORITY = {"low": 0, "normal": 1, "high": 3, "urgent": 7}


@dataclass(frozen=True)
class Instance:
    requests: tuple[ServiceRequest, ...]
    depots: tuple[Depot, ...]
    teams: tuple[Team, ...]  # joint teams: officers of three working groups each
    group_of: dict[str, str]  # team → its own working group's skill


def generate(
    establishments: int,
    teams: int,
    days: int,
    seed: int,
    team_skills: int = 3,
    *,
    urgent: bool = True,
) -> Instance:
    rng = random.Random(seed)
    # Drawn apart, so that the province is the same as before urgency was generated.
    urgency_rng = random.Random(f"{seed}:urgency")
    workdays: list[dt.date] = []
    day = dt.date(2025, 6, 2)  # a Monday
    while len(workdays) < days:
        if day.weekday() < 5:
            workdays.append(day)
        day += dt.timedelta(days=1)
    depots = tuple(Depot(id=name, location=(lat, lon)) for name, lat, lon in OFFICES)
    skills = [g[0] for g in GROUPS]
    team_list = []
    group_of = {}
    for k in range(teams):
        own = skills[k % len(skills)]
        others = rng.sample([s for s in skills if s != own], team_skills - 1)
        depot = depots[0].id if k % 3 != 2 else depots[1].id  # two thirds in the main office
        team_id = f"team-{k + 1:02d}"
        # Officers have training days and leave: a team works on ~90% of the days.
        team_days = tuple(d for d in workdays if rng.random() < 0.9) or (workdays[0],)
        skill_set = frozenset({own, *others})
        team_list.append(Team(team_id, depot, skill_set, team_days, DAY_START, DAY_END))
        group_of[team_id] = own
    requests = []
    for e in range(establishments):
        _, lat, lon, _ = rng.choices(TOWNS, weights=[t[3] for t in TOWNS])[0]
        # Around the town: most within 5–10 km, some out in the countryside.
        sigma = 0.04 if rng.random() < 0.7 else 0.12
        location = (round(rng.gauss(lat, sigma), 5), round(rng.gauss(lon, sigma * 0.7), 5))
        count = rng.choices(
            [c for c, _ in REQUESTS_PER_ESTABLISHMENT],
            weights=[w for _, w in REQUESTS_PER_ESTABLISHMENT],
        )[0]
        chosen: list[tuple[str, int, int, int]] = []
        while len(chosen) < count:
            group = rng.choices(GROUPS, weights=[g[1] for g in GROUPS])[0]
            if group not in chosen:
                chosen.append(group)
        # Some places receive visitors only in the morning or the afternoon, some only on
        # two days of the week.
        roll = rng.random()
        window = None
        if roll < 0.1:
            window = (8 * 60 + 30, 12 * 60)
        elif roll < 0.2:
            window = (13 * 60, 16 * 60 + 30)
        visit_days = None
        if rng.random() < 0.1:
            visit_days = tuple(sorted(rng.sample(workdays, min(2, len(workdays)))))
        urgency = urgency_rng.choices([u for u, _ in URGENCY], weights=[w for _, w in URGENCY])[0]
        for r, (skill, _, low, high) in enumerate(chosen):
            requests.append(
                ServiceRequest(
                    id=f"req-{e + 1:04d}-{r + 1}",
                    establishment=f"est-{e + 1:04d}",
                    location=location,
                    service_minutes=5 * round(rng.randint(low, high) / 5),
                    skill=skill,
                    window=window,
                    days=visit_days,
                    priority=PRIORITY[urgency] if urgent else 0,
                )
            )
    return Instance(tuple(requests), depots, tuple(team_list), group_of)


def joint_problem(instance: Instance) -> tuple[Problem, dict[str, int]]:
    """The joint plan's problem and the number of requests each visit serves."""
    bundles = bundle(instance.requests, team_skills=[t.skills for t in instance.teams])
    problem = Problem(
        instance.depots, instance.teams, tuple(b.visit for b in bundles), SPEED_KMH, ROAD_FACTOR
    )
    return problem, {b.visit.id: len(b.requests) for b in bundles}


def group_problems(instance: Instance) -> list[tuple[str, Problem]]:
    """One problem per working group: its requests, one visit each, and its own teams."""
    problems = []
    for skill, *_ in GROUPS:
        teams = tuple(
            Team(t.id, t.depot, frozenset({skill}), t.days, t.day_start, t.day_end)
            for t in instance.teams
            if instance.group_of[t.id] == skill
        )
        requests = [r for r in instance.requests if r.skill == skill]
        visits = tuple(b.visit for b in unbundled(requests))
        problems.append((skill, Problem(instance.depots, teams, visits, SPEED_KMH, ROAD_FACTOR)))
    return problems


def served_requests(result: Result, requests_of: dict[str, int]) -> int:
    return sum(requests_of.get(s.visit, 1) for r in result.routes for s in r.stops)


def reasons(results: list[Result]) -> str:
    counts = Counter(u.reason for r in results for u in r.unassigned)
    return ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items())) or "none"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--visits", type=int, default=300, help="establishments with open requests")
    p.add_argument("--teams", type=int, default=15)
    p.add_argument("--days", type=int, default=5)
    p.add_argument("--seed", type=int, default=SEED, help="of the generated province")
    p.add_argument(
        "--team-skills", type=int, default=3, choices=range(1, len(GROUPS) + 1),
        help="working groups per joint team (default 3)",
    )  # fmt: skip
    p.add_argument("--repeat", type=int, default=3, help="timed runs of the joint plan")
    p.add_argument("--long-run-seconds", type=float, default=600.0)
    p.add_argument("--skip-long-run", action="store_true")
    args = p.parse_args()

    info = machine()
    probe = cpu_probe()
    print_machine(info, probe)
    instance = generate(args.visits, args.teams, args.days, args.seed, args.team_skills)
    joint, requests_of = joint_problem(instance)
    groups = group_problems(instance)
    team_days = sum(len(t.days) for t in joint.teams)
    n_requests = len(instance.requests)
    budget, patience = default_budget(len(joint.visits))
    heading("Instance")
    say(f"  {args.visits} establishments with {n_requests} open requests "
        f"({n_requests / args.visits:.2f} each); {len(joint.teams)} teams over {args.days} days "
        f"({team_days} team-days), {args.team_skills} working groups per joint team; "
        f"province seed {args.seed}")  # fmt: skip
    say(f"  joint: {len(joint.visits)} visits after bundling; each group alone: "
        f"{n_requests} visits (one per request)")  # fmt: skip
    results: dict[str, Any] = {"machine": info, "cpu_probe": probe, "args": vars(args)}

    heading("1. Joint visits, the engine's defaults")
    walls: list[float] = []
    cpus: list[float] = []
    plan: Result | None = None
    identical = True
    with ForeignLoad() as load:
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            result = solve(joint)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            if plan is None:
                plan = result
            elif result != plan:
                identical = False
    assert plan is not None
    joint_served = served_requests(plan, requests_of)
    say(f"  solve time: median {fmt_s(statistics.median(walls))} wall, {spread(walls)}; "
        f"CPU median {fmt_s(statistics.median(cpus))}")  # fmt: skip
    say(f"  budget {budget:,} steps, patience {patience:,}: stopped by {plan.stopped_by} after "
        f"{plan.steps:,} steps; the {args.repeat} plans are "
        f"{'identical' if identical else 'NOT identical'}")  # fmt: skip
    say(f"  {load.summary()}")
    say(f"  {plan.visits} visits serve {joint_served} of {n_requests} requests; {plan.km:.1f} km, "
        f"{plan.travel_minutes / 60:.0f} h driving; {len(plan.routes)} team-days used; "
        f"left out: {reasons([plan])}")  # fmt: skip
    results["joint"] = {
        "visits": plan.visits, "requests_served": joint_served, "km": plan.km,
        "travel_minutes": plan.travel_minutes, "team_days": len(plan.routes),
        "stopped_by": plan.stopped_by, "steps": plan.steps, "wall_s": walls, "cpu_s": cpus,
        "unassigned": dict(Counter(u.reason for u in plan.unassigned)), "load": load.as_dict(),
        "identical": identical,
    }  # fmt: skip

    heading("1b. The same joint visits without priorities (urgency ignored)")
    flat_instance = generate(
        args.visits, args.teams, args.days, args.seed, args.team_skills, urgent=False
    )
    flat, _ = joint_problem(flat_instance)
    wall = time.perf_counter()
    flat_plan = solve(flat)
    flat_wall = time.perf_counter() - wall
    weight = {v.id: v.priority for v in joint.visits}
    left_by_priority = Counter(weight[u.visit] for u in plan.unassigned)
    flat_left_by_priority = Counter(weight[u.visit] for u in flat_plan.unassigned)
    names = {p: u for u, p in PRIORITY.items()}

    def left_text(counts: Counter[int]) -> str:
        return ", ".join(f"{counts[p]} {names[p]}" for p in sorted(names, reverse=True))

    say(f"  {fmt_s(flat_wall)}: {flat_plan.visits} visits, {flat_plan.km:.1f} km; left out by "
        f"urgency: {left_text(flat_left_by_priority)}")  # fmt: skip
    say(f"  with priorities: {plan.visits} visits, {plan.km:.1f} km; left out by urgency: "
        f"{left_text(left_by_priority)}")  # fmt: skip
    results["without_priorities"] = {
        "visits": flat_plan.visits, "km": flat_plan.km, "wall_s": flat_wall,
        "left_out_by_priority": {names[p]: flat_left_by_priority[p] for p in names},
        "with_priorities_left_out_by_priority": {names[p]: left_by_priority[p] for p in names},
    }  # fmt: skip

    heading("2. Each working group alone (one visit per request, own teams and skill)")
    wall, cpu = time.perf_counter(), time.process_time()
    alone = [solve(problem) for _, problem in groups]
    alone_wall, alone_cpu = time.perf_counter() - wall, time.process_time() - cpu
    alone_visits = sum(r.visits for r in alone)
    alone_km = sum(r.km for r in alone)
    alone_days = sum(len(r.routes) for r in alone)
    say(f"  {len(groups)} plans in {fmt_s(alone_wall)} (CPU {fmt_s(alone_cpu)})")
    for (skill, problem), r in zip(groups, alone, strict=True):
        say(f"    {skill:<15} {len(problem.teams)} teams: {r.visits:>3}/{len(problem.visits)} "
            f"requests, {r.km:7.1f} km, stopped by {r.stopped_by}")  # fmt: skip
    say(f"  {alone_visits} visits serve {alone_visits} of {n_requests} requests; "
        f"{alone_km:.1f} km; {alone_days} team-days used; left out: {reasons(alone)}")  # fmt: skip
    results["alone"] = {
        "visits": alone_visits, "requests_served": alone_visits, "km": round(alone_km, 1),
        "team_days": alone_days, "wall_s": alone_wall, "cpu_s": alone_cpu,
        "unassigned": dict(Counter(u.reason for r in alone for u in r.unassigned)),
    }  # fmt: skip

    heading("Joint against each group alone")
    fewer = 1 - len(joint.visits) / n_requests
    say(f"  visits to serve all {n_requests} requests: {len(joint.visits)} against {n_requests} "
        f"→ {fewer:.0%} fewer (goal ≥ 30%: {verdict(fewer >= 0.30)})")  # fmt: skip
    say(f"  in the same {team_days} team-days: {joint_served} requests served against "
        f"{alone_visits}, with {plan.visits} visits against {alone_visits}")  # fmt: skip
    joint_per = plan.km / joint_served if joint_served else float("nan")
    alone_per = alone_km / alone_visits if alone_visits else float("nan")
    say(f"  km: {plan.km:.0f} against {alone_km:.0f}; per request served {joint_per:.1f} "
        f"against {alone_per:.1f} ({joint_per / alone_per - 1:+.0%})")  # fmt: skip
    median_wall = statistics.median(walls)
    say(f"  solve time at this size: {fmt_s(median_wall)} (goal ≤ 30 s: "
        f"{verdict(median_wall <= 30)})")  # fmt: skip
    results["comparison"] = {"fewer_visits": round(fewer, 4)}

    if not args.skip_long_run:
        heading(f"3. Near-limit: the same model searched for {fmt_s(args.long_run_seconds)}")
        if args.long_run_seconds < 600:
            say("  NOTE: shortened from the 10-minute reference run; "
                f"{fmt_s(args.long_run_seconds)} only")  # fmt: skip
        wall = time.perf_counter()
        long = solve(joint, time_limit_s=args.long_run_seconds, budget=10**15, patience=10**15)
        long_wall = time.perf_counter() - wall
        gap = plan.km / long.km - 1 if long.km else 0.0
        say(f"  {long.steps:,} steps in {fmt_s(long_wall)}: {long.visits} visits, "
            f"{long.km:.1f} km")  # fmt: skip
        say(f"  the default plan: {plan.visits} visits, {plan.km:.1f} km → {gap:+.1%} km "
            f"(goal ≤ +5%: {verdict(gap <= 0.05 and plan.visits >= long.visits)})")  # fmt: skip
        if long.visits != plan.visits:
            say(f"  NOTE: the long run serves {long.visits - plan.visits:+d} visits")
        results["long_run"] = {
            "visits": long.visits, "km": long.km, "steps": long.steps, "wall_s": long_wall,
            "gap": round(gap, 4),
        }  # fmt: skip
    path = save_results("routing", results)
    say(f"\nResults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
