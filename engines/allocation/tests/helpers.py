"""Problem builders for the tests, and a plan checker written apart from the engine's code."""

from __future__ import annotations

import copy
from typing import Any

from engines.allocation.contract import problem_from_json
from engines.allocation.model import REASON_CODES, Problem, Result

# A group that sews 540 pieces of a 20-minute garment a week at the default 10% margin:
# 10 members × 480 min × 5 days × efficiency 0.5 × 0.9 = 10,800 minutes.
GROUP: dict[str, Any] = {
    "members": 10,
    "minutes_per_day": 480,
    "days_per_week": 5,
    "efficiency": 0.5,
    "machines": {"lockstitch": 10},
    "skills": ["shirt"],
    "location": [10.0, 99.0],
    "wage_floor_baht_per_hour": 40,
}
# Pays 40 × 60 × 0.5 ÷ 20 = 60 baht per member-hour in such a group.
OFFER: dict[str, Any] = {
    "pieces": 1000,
    "sam_minutes": 20,
    "machine_type": "lockstitch",
    "skill": "shirt",
    "piece_rate_baht": 40,
    "release_week": 1,
    "due_week": 2,
    "min_lot_pieces": 100,
    "max_groups": 3,
    "location": [10.0, 99.0],
}


def group(group_id: str, **changes: Any) -> dict[str, Any]:
    return copy.deepcopy({"id": group_id, **GROUP, **changes})


def offer(offer_id: str, **changes: Any) -> dict[str, Any]:
    return copy.deepcopy({"id": offer_id, **OFFER, **changes})


def problem(
    groups: list[dict[str, Any]], offers: list[dict[str, Any]], horizon_weeks: int = 4, **extra: Any
) -> Problem:
    return problem_from_json(
        {"horizon_weeks": horizon_weeks, "groups": groups, "offers": offers, **extra}
    )


def schedule_of(result: Result, offer_id: str, group_id: str) -> list[tuple[int, int]]:
    for lot in result.lots:
        if lot.offer_id == offer_id and lot.group_id == group_id:
            return [(s.week, s.pieces) for s in lot.schedule]
    return []


def violations(problem: Problem, result: Result, tolerance_min: float = 1e-6) -> list[str]:
    """Every rule a plan must keep, checked from the problem's definitions alone."""
    found: list[str] = []
    groups = {g.id: g for g in problem.groups}
    offers = {o.id: o for o in problem.offers}
    used: dict[tuple[str, int], float] = {}
    used_machine: dict[tuple[str, str, int], float] = {}
    placed: dict[str, int] = {}
    lots_of: dict[str, list[int]] = {}
    for lot in result.lots:
        g, o = groups[lot.group_id], offers[lot.offer_id]
        where = f"lot {o.id}/{g.id}"
        if o.skill not in g.skills or any(g.machine_count(t) <= 0 for t, _ in o.machine_needs):
            found.append(f"{where}: skill or machine does not match")
        if o.piece_rate_baht * 60 * g.efficiency * (1 - g.reject_rate) / o.sam_minutes < (
            g.wage_floor_baht_per_hour - 1e-9
        ):
            found.append(f"{where}: below the wage floor")
        weeks = [s.week for s in lot.schedule]
        if weeks != sorted(set(weeks)):
            found.append(f"{where}: schedule weeks not sorted and distinct")
        if any(s.pieces <= 0 for s in lot.schedule):
            found.append(f"{where}: empty tranche")
        if sum(s.pieces for s in lot.schedule) != lot.pieces:
            found.append(f"{where}: schedule does not sum to the lot")
        if weeks and lot.finish_week != max(weeks):
            found.append(f"{where}: finish week {lot.finish_week} is not the last tranche")
        for s in lot.schedule:
            if not o.release_week <= s.week <= o.due_week:
                found.append(f"{where}: week {s.week} outside {o.release_week}–{o.due_week}")
            if s.week in g.unavailable_weeks:
                found.append(f"{where}: week {s.week} is unavailable")
            minutes = s.pieces * o.sam_minutes / (1 - g.reject_rate)
            used[(g.id, s.week)] = used.get((g.id, s.week), 0.0) + minutes
            needs = o.machine_minutes or ((o.machine_type, o.sam_minutes),)
            for machine_type, sam in needs:
                key = (g.id, machine_type, s.week)
                used_machine[key] = used_machine.get(key, 0.0) + s.pieces * sam / (
                    1 - g.reject_rate
                )
        placed[o.id] = placed.get(o.id, 0) + lot.pieces
        lots_of.setdefault(o.id, []).append(lot.pieces)
    margin = problem.safety_margin
    for (gid, week), minutes in sorted(used.items()):
        g = groups[gid]
        m = margin if g.on_time_rate is None else max(margin, 1 - g.on_time_rate)
        cap = g.members * g.minutes_per_day * g.days_per_week * g.efficiency * (1 - m)
        cap -= sum(n for w, _t, n in g.booked if w == week)  # work the group already holds
        if minutes > cap + tolerance_min:
            found.append(f"group {gid} week {week}: {minutes} > {cap} minutes")
    for (gid, machine, week), minutes in sorted(used_machine.items()):
        g = groups[gid]
        m = margin if g.on_time_rate is None else max(margin, 1 - g.on_time_rate)
        cap = g.machine_count(machine) * g.minutes_per_day * g.days_per_week * g.efficiency
        cap = cap * (1 - m) - sum(n for w, t, n in g.booked if w == week and t == machine)
        if minutes > cap + tolerance_min:
            found.append(f"group {gid} {machine} week {week}: {minutes} > {cap}")
    left: dict[str, int] = {}
    for u in result.unallocated:
        left[u.offer_id] = left.get(u.offer_id, 0) + u.pieces
        if u.pieces <= 0 or u.code not in REASON_CODES or not u.reason:
            found.append(f"unallocated {u.offer_id}: bad entry {u}")
    for o in problem.offers:
        if placed.get(o.id, 0) + left.get(o.id, 0) != o.pieces:
            found.append(f"offer {o.id}: {placed.get(o.id, 0)} + {left.get(o.id, 0)} ≠ {o.pieces}")
        sizes = lots_of.get(o.id, [])
        if len(sizes) > o.max_groups:
            found.append(f"offer {o.id}: {len(sizes)} lots > max_groups {o.max_groups}")
        if o.order:
            stages = {x.id for x in problem.offers if x.order == o.order}
            groups_of_order = {lot.group_id for lot in result.lots if lot.offer_id in stages}
            if len(groups_of_order) > o.max_groups:
                found.append(
                    f"order {o.order}: {len(groups_of_order)} groups > max_groups {o.max_groups}"
                )
        if any(n < min(o.min_lot_pieces, o.pieces) for n in sizes):
            found.append(f"offer {o.id}: a lot below {o.min_lot_pieces} pieces: {sizes}")
    objective = result.objective
    if objective.pieces_on_time != sum(placed.values()):
        found.append("objective: pieces_on_time is not the lots' sum")
    if objective.pieces_on_time > objective.pieces_on_time_bound:
        found.append("objective: pieces above the bound")
    if objective.pieces_offered != sum(o.pieces for o in problem.offers):
        found.append("objective: pieces_offered")
    return found
