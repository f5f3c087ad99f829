"""Allocation engine at national scale: solve time, pieces on time against LP bounds, and the
plan beside the greedy baseline offices use by hand (late pieces, lots below the wage floor,
Gini of group earnings).

    .venv/bin/python -m bench.allocation [--offers 1000 --groups 3000 --weeks 12] [--seed N]
        [--load 1.0] [--styles 0] [--staged 0] [--repeat 5] [--lp flow|glop|both|none] [--cli]

Instances are generated (seeded, deterministic): groups clustered around 40 places in Thailand
with 1–3 skills, the machines their skills need and, for some, measured efficiency, on-time and
reject rates, previous earnings and weeks off; offers from 12 industrial places with SAM, piece
rates and windows typical of their garment, each sized so that max_groups typical groups would
need 25–60% (× --load) of the machines it needs. With `--styles S`, that share of the offers
of garments sewn on two machine types is planned on both (`machine_minutes`, e.g. a T-shirt's
SAM split 65/35 between overlock and coverstitch; else the whole SAM on one type); with
`--staged S`, that share of the offers comes as two or three staged deliveries of one order
(`order`: one max_groups for all of them). No database: only the engine is measured.

Bounds on pieces on time: the engine's own (per offer, ignoring competition); `--lp flow`, the
network relaxation (fractional pieces, no lot rules) as a min-cost flow over every eligible arc
— exact for a network LP, capacities rounded up and the reward's rounding added back, so never
below the LP's optimum; `--lp glop`, the LP relaxation with the lot rules (binaries relaxed,
tightest big-M) by GLOP through pywraplp, minutes at full size. The gap is taken to the
tightest. The exit status is 0 only when all four goals are met.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from dataclasses import replace

from bench import common
from bench.allocation_lp import eligible_arcs, lp_bound_flow, lp_bound_glop
from bench.common import fmt_s, heading, say
from engines.allocation import Group, Offer, Problem, Result, greedy_allocate, solve
from engines.allocation.model import gini

SEED = 20250701

# (name, machine types it may need, SAM range in minutes); a style sewn on two of them splits
# its SAM as STYLE_SPLIT says.
GARMENTS: list[tuple[str, tuple[str, ...], tuple[float, float]]] = [
    ("tshirt", ("overlock", "coverstitch"), (4.0, 6.0)),
    ("polo", ("lockstitch", "overlock"), (9.0, 13.0)),
    ("shirt", ("lockstitch",), (16.0, 20.0)),
    ("trousers", ("lockstitch", "overlock"), (12.0, 22.0)),
    ("uniform", ("lockstitch",), (18.0, 26.0)),
    ("bag", ("heavy_duty",), (10.0, 16.0)),
    ("batik", ("lockstitch",), (20.0, 30.0)),
    ("mask", ("lockstitch", "overlock"), (2.0, 4.0)),
]
INDUSTRIAL_PLACES = [
    (13.75, 100.50),
    (13.60, 100.60),
    (13.36, 100.98),
    (18.79, 98.98),
    (16.43, 102.83),
    (14.97, 102.10),
    (7.01, 100.47),
    (10.49, 99.18),
    (18.29, 99.49),
    (9.14, 99.33),
    (17.41, 102.79),
    (16.82, 100.26),
]
STYLE_SPLIT = {"tshirt": 0.65, "polo": 0.7, "trousers": 0.6, "mask": 0.5}
# Daily minimum wages 2025 (337–400 baht) over an 8-hour day.
DAILY_WAGES = [337, 345, 347, 351, 352, 355, 359, 361, 372, 380, 400]


# ---------------------------------------------------------------------------------------------
# Instances


def generate(
    offers: int,
    groups: int,
    weeks: int,
    seed: int,
    load: float = 1.0,
    styles: float = 0.0,
    staged: float = 0.0,
) -> Problem:
    """A national instance, the same for the same arguments (see the module docstring)."""
    rng = random.Random(seed)
    # Styles and stages draw from their own generator: the instance without them is unchanged.
    extra = random.Random(seed + 1)
    places = [(rng.uniform(6.5, 19.8), rng.uniform(98.4, 104.6)) for _ in range(40)]
    place_wage = [rng.choice(DAILY_WAGES) / 8.0 for _ in places]
    garment_names = [g[0] for g in GARMENTS]
    group_list: list[Group] = []
    for i in range(groups):
        place = rng.randrange(len(places))
        lat, lon = places[place]
        members = int(min(45, max(6, rng.lognormvariate(math.log(16), 0.45))))
        skills = sorted(
            set(rng.choices(garment_names, weights=[5, 3, 4, 3, 3, 1, 2, 2], k=rng.randint(1, 3)))
        )
        machines = {"lockstitch": max(1, round(members * rng.uniform(0.4, 0.9)))}
        if any(s in ("tshirt", "polo", "trousers", "mask") for s in skills) or rng.random() < 0.4:
            machines["overlock"] = max(1, round(members * rng.uniform(0.15, 0.45)))
        if "tshirt" in skills and rng.random() < 0.5:
            machines["coverstitch"] = max(1, round(members * rng.uniform(0.1, 0.3)))
        if "bag" in skills:
            machines["heavy_duty"] = rng.randint(1, 5)
        off = (
            sorted(set(rng.sample(range(1, weeks + 1), rng.randint(1, 2))))
            if rng.random() < 0.15
            else []
        )
        group_list.append(
            Group(
                id=f"g{i:05d}",
                members=members,
                minutes_per_day=float(rng.choice([360, 390, 420, 450, 480])),
                days_per_week=float(rng.choice([5, 5, 6, 6, 6])),
                machines=tuple(sorted(machines.items())),
                skills=tuple(skills),
                location_deg=(
                    round(lat + rng.gauss(0, 0.25), 5),
                    round(lon + rng.gauss(0, 0.25), 5),
                ),
                wage_floor_baht_per_hour=round(place_wage[place], 2),
                efficiency=round(rng.uniform(0.28, 0.55), 3) if rng.random() < 0.4 else 0.35,
                unavailable_weeks=tuple(off),
                on_time_rate=round(rng.uniform(0.75, 1.0), 3) if rng.random() < 0.3 else None,
                reject_rate=round(rng.uniform(0.0, 0.06), 3) if rng.random() < 0.3 else 0.0,
                previous_earnings_baht=round(members * rng.uniform(0, 3000), 2)
                if rng.random() < 0.5
                else 0.0,
            )
        )
    # An offer's window fits its size: a company gives village groups work that max_groups
    # typical groups finish on the machines it needs at a part of their capacity (others' work
    # takes the rest). A typical group: 16 members, 420 minutes × 5.5 days, efficiency 0.35.
    typical_machines = {"lockstitch": 10.4, "overlock": 4.8, "coverstitch": 3.2, "heavy_duty": 3.0}
    offer_list: list[Offer] = []
    for i in range(offers):
        name, needs, (sam_lo, sam_hi) = rng.choices(GARMENTS, weights=[5, 3, 4, 3, 3, 1, 2, 2])[0]
        sam = round(rng.uniform(sam_lo, sam_hi), 1)
        pieces = int(round(math.exp(rng.uniform(math.log(2000), math.log(40000))), -2))
        max_groups = rng.choice([2, 3, 3, 4, 4, 5, 6, 8])
        machine = rng.choice(needs)
        split: tuple[tuple[str, float], ...] = ()
        if len(needs) == 2 and extra.random() < styles:
            first = STYLE_SPLIT[name]
            machine = needs[0] if first >= 0.5 else needs[1]
            # Rounded down to the hundredth, so they never add up to more than the SAM.
            minutes = (
                math.floor(sam * first * 100) / 100,
                math.floor(sam * (1 - first) * 100) / 100,
            )
            split = tuple(sorted(zip(needs, minutes, strict=True)))
        # The machine type the offer's pace depends on: minutes a piece ÷ the typical count.
        per_machine = [(m / typical_machines[t], t) for t, m in split] or [(sam, machine)]
        busiest = max(per_machine)[1]
        typical_week = typical_machines[busiest] * 420 * 5.5 * 0.35 * 0.9
        pace = dict(split).get(busiest, sam)
        share = rng.uniform(0.25, 0.6) * load
        span = math.ceil(pieces * pace / (max_groups * typical_week * share))
        if span > min(8, weeks):
            span = min(8, weeks)
            pieces = max(500, int(span * max_groups * typical_week * share / pace) // 100 * 100)
        span = max(span, min(2, weeks))
        release = 1 + int(rng.triangular(0, weeks - span + 1, 0))
        release = min(release, weeks - span + 1)
        lat, lon = rng.choice(INDUSTRIAL_PLACES)
        offer = Offer(
            id=f"o{i:05d}",
            pieces=pieces,
            sam_minutes=sam,
            machine_type=machine,
            skill=name,
            piece_rate_baht=round(sam * rng.uniform(1.9, 3.6) * 4) / 4,
            release_week=release,
            due_week=release + span - 1,
            min_lot_pieces=max(100, int(round(pieces / max_groups * rng.uniform(0.2, 0.6), -2))),
            max_groups=max_groups,
            location_deg=(round(lat + rng.gauss(0, 0.1), 5), round(lon + rng.gauss(0, 0.1), 5)),
            machine_minutes=split,
        )
        offer_list.extend(_stages(offer, extra) if extra.random() < staged else [offer])
    return Problem(
        horizon_weeks=weeks,
        groups=tuple(sorted(group_list, key=lambda g: g.id)),
        offers=tuple(sorted(offer_list, key=lambda o: o.id)),
    )


def _stages(offer: Offer, rng: random.Random) -> list[Offer]:
    """The offer as two or three staged deliveries of one order, due at even steps of its
    window (the last on its due week), the pieces split evenly."""
    window = offer.due_week - offer.release_week + 1
    count = min(window, rng.choice([2, 3]))
    if count < 2 or offer.pieces < 200 * count:
        return [offer]
    dues = [offer.release_week - 1 + math.ceil(window * (k + 1) / count) for k in range(count)]
    sizes = [offer.pieces // count // 100 * 100] * (count - 1)
    sizes.append(offer.pieces - sum(sizes))
    return [
        replace(
            offer,
            id=f"{offer.id}-{k + 1}",
            pieces=n,
            due_week=due,
            min_lot_pieces=min(offer.min_lot_pieces, n),
            order=offer.id,
        )
        for k, (due, n) in enumerate(zip(dues, sizes, strict=True))
    ]


# ---------------------------------------------------------------------------------------------
# Measures


def below_floor(problem: Problem, result: Result) -> int:
    groups = {g.id: g for g in problem.groups}
    offers = {o.id: o for o in problem.offers}
    return sum(
        1 for lot in result.lots if not groups[lot.group_id].pays_enough(offers[lot.offer_id])
    )


def late_pieces(problem: Problem, result: Result) -> int:
    offers = {o.id: o for o in problem.offers}
    return sum(
        s.pieces
        for lot in result.lots
        for s in lot.schedule
        if s.week > offers[lot.offer_id].due_week
    )


def earnings_gini(problem: Problem, result: Result) -> float:
    """Gini of planned earnings per member over every group that can sew some offer (skill and
    machine), the same set for both plans."""

    offers = {o.id: o for o in problem.offers}
    earned: dict[str, float] = {}
    for lot in result.lots:
        earned[lot.group_id] = (
            earned.get(lot.group_id, 0.0) + lot.pieces * offers[lot.offer_id].piece_rate_baht
        )
    able = [g for g in problem.groups if any(g.can_sew(o) for o in problem.offers)]
    return gini([earned.get(g.id, 0.0) / g.members for g in able])


def capacity_minutes(problem: Problem) -> float:
    return sum(
        g.week_minutes(w, problem.safety_margin)
        for g in problem.groups
        for w in range(1, problem.horizon_weeks + 1)
    )


def cli_round_trip(problem: Problem) -> tuple[float, bool]:
    """Seconds for `python -m engines.allocation solve` on the problem as a file (start-up,
    JSON in and out included), and whether its result equals the in-process one."""
    import json
    import subprocess
    import tempfile
    from pathlib import Path

    from engines.allocation import problem_to_json, result_to_json

    with tempfile.TemporaryDirectory(prefix="saphan-alloc-") as tmp:
        path = Path(tmp) / "problem.json"
        path.write_text(json.dumps(problem_to_json(problem)), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "engines.allocation", "solve", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        seconds = time.perf_counter() - start
    return seconds, json.loads(done.stdout) == result_to_json(solve(problem))


def main() -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    p.add_argument("--offers", type=int, default=1000)
    p.add_argument("--groups", type=int, default=3000)
    p.add_argument("--weeks", type=int, default=12)
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--load", type=float, default=1.0, help="scales each offer's need (1.0)")
    p.add_argument("--styles", type=float, default=0.0, help="share of two-machine styles (0)")
    p.add_argument("--staged", type=float, default=0.0, help="share of staged offers (0)")
    p.add_argument("--repeat", type=int, default=5, help="engine runs (median and spread)")
    p.add_argument("--lp", choices=["flow", "glop", "both", "none"], default="flow")
    p.add_argument("--cli", action="store_true", help="also time the command line once")
    args = p.parse_args()

    info = common.machine()
    probe = common.cpu_probe()
    common.print_machine(info, probe)

    size = f"{args.offers:,} offers × {args.groups:,} groups × {args.weeks} weeks"
    heading(
        f"Instance: {size} (seed {args.seed}, load {args.load:g}, styles {args.styles:g}, "
        f"staged {args.staged:g})"
    )
    with common.timed() as t:
        problem = generate(
            args.offers, args.groups, args.weeks, args.seed, args.load, args.styles, args.staged
        )
    offered = sum(o.pieces for o in problem.offers)
    work = sum(o.pieces * o.sam_minutes for o in problem.offers)
    say(f"  generated in {fmt_s(t.seconds)}: {offered:,} pieces offered")
    two = sum(1 for o in problem.offers if o.machine_minutes)
    orders = {o.order for o in problem.offers if o.order}
    say(
        f"  {len(problem.offers):,} engine offers: {two:,} on two machine types, {len(orders):,} staged"
    )
    say(f"  work {work / 1e6:.1f} M SAM minutes; capacity {capacity_minutes(problem) / 1e6:.1f} M")

    heading(f"Engine: solve() in process, {args.repeat} runs")
    walls: list[float] = []
    cpus: list[float] = []
    results: list[Result] = []
    with common.ForeignLoad() as load:
        for _ in range(args.repeat):
            wall, cpu = time.perf_counter(), time.process_time()
            results.append(solve(problem))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    result = results[0]
    same = all(r == result for r in results)
    solve_median = statistics.median(walls)
    say(f"  wall: median {fmt_s(solve_median)}, {common.spread(walls)}")
    say(f"  CPU:  median {fmt_s(statistics.median(cpus))}, {common.spread(cpus)}")
    say(f"  {load.summary()}")
    say(
        f"  status {result.status}, {result.repair_rounds} repair rounds, {len(result.lots):,} lots"
    )
    say(f"  the {args.repeat} results identical: {'yes' if same else 'NO'}")
    cli_seconds = None
    if args.cli:
        cli_seconds, cli_same = cli_round_trip(problem)
        say(f"  command line, JSON file in and out: {fmt_s(cli_seconds)}; same result: {cli_same}")

    heading("Pieces on time against upper bounds")
    on_time = result.objective.pieces_on_time
    bounds: dict[str, float] = {"engine's per-offer bound": result.objective.pieces_on_time_bound}
    if args.lp != "none":
        with common.timed() as t:
            arcs = eligible_arcs(problem)
        say(f"  {len(arcs):,} eligible (offer, group, week) arcs, listed in {fmt_s(t.seconds)}")
    if args.lp in ("flow", "both"):
        with common.timed() as t:
            bounds["LP, network relaxation (min-cost flow)"] = lp_bound_flow(problem, arcs)
        say(f"  network LP solved as a min-cost flow in {fmt_s(t.seconds)}")
    if args.lp in ("glop", "both"):
        with common.timed() as t:
            bounds["LP with the lot rules (GLOP)"] = lp_bound_glop(problem, arcs)
        say(f"  LP with the lot rules solved by GLOP in {fmt_s(t.seconds)}")
    for name, value in bounds.items():
        say(f"  {name:<42} {value:>14,.1f}")
    bound = min(bounds.values())
    gap = (bound - on_time) / bound if bound > 0 else 0.0
    say(f"  {'engine: pieces on time':<42} {on_time:>14,}   gap {gap:.3%} to the tightest bound")

    heading("Greedy baseline: each offer whole to the largest group, one batch")
    with common.timed() as t:
        greedy = greedy_allocate(problem)
    say(f"  {fmt_s(t.seconds)}")
    rows = []
    for name, plan in (("greedy", greedy), ("engine", result)):
        late = late_pieces(problem, plan)
        left = plan.objective.pieces_unallocated
        low = below_floor(problem, plan)
        rows.append(
            (name, late, left, late + left, low, earnings_gini(problem, plan), len(plan.lots))
        )
    say(f"  {'':8} {'late':>11} {'unallocated':>12} {'not on time':>12} {'lots<floor':>11}"
        f" {'Gini':>6} {'lots':>7}")  # fmt: skip
    for name, late, left, missed, low, g, n in rows:
        say(f"  {name:8} {late:>11,} {left:>12,} {missed:>12,} {low:>11,} {g:>6.3f} {n:>7,}")
    greedy_missed, engine_missed = rows[0][3], rows[1][3]
    fewer = 1 - engine_missed / greedy_missed if greedy_missed else 0.0

    heading("Goals")
    goals = [
        ("solve ≤ 10 s (median wall time)", solve_median <= 10.0, fmt_s(solve_median)),
        ("gap ≤ 1% to the LP bound", gap <= 0.01, f"{gap:.3%}"),
        ("no lot below the wage floor", rows[1][4] == 0, f"{rows[1][4]} lots"),
        ("≥ 80% fewer pieces not on time than greedy", fewer >= 0.8, f"{fewer:.1%} fewer"),
    ]
    for what, ok, figure in goals:
        say(f"  {'met    ' if ok else 'NOT MET'}  {what}: {figure}")
    path = common.save_results(
        "allocation",
        {
            "machine": info,
            "cpu_probe_s": probe,
            "size": {"offers": args.offers, "groups": args.groups, "weeks": args.weeks},
            "seed": args.seed,
            "load": args.load,
            "styles": args.styles,
            "staged": args.staged,
            "solve_wall_s": walls,
            "solve_cpu_s": cpus,
            "foreign_load": load.as_dict(),
            "cli_s": cli_seconds,
            "bounds": bounds,
            "pieces_offered": offered,
            "pieces_on_time": on_time,
            "gap": gap,
            "table": rows,
            "fewer_not_on_time": fewer,
            "goals_met": {what: ok for what, ok, _ in goals},
        },
    )
    say(f"\n  results: {path}")
    return 0 if all(ok for _, ok, _ in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
