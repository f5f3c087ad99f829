"""Capacity of a group as the engine defines it, used to check what officers change in review
(pure: no database): which weeks and machine types a plan would overload, and how full it is."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from engines.allocation import Group

EPS = 1e-6


@dataclass(frozen=True)
class Overload:
    week: int
    machine_type: str  # "" for the group's total sewing minutes
    need_minutes: float
    capacity_minutes: float


def overloads(
    group: Group,
    safety_margin: float,
    plans: dict[int, dict[int, int]],  # offer pk → {week: pieces}
    sam_types: dict[int, dict[str, Decimal]],
) -> list[Overload]:
    """Weeks (and machine types) where `plans` plus the group's booked work would exceed its
    capacity after the margin: never allowed."""
    good = 1.0 - group.reject_rate
    total: dict[int, float] = {}
    by_type: dict[tuple[int, str], float] = {}
    for offer_pk, schedule in plans.items():
        for week, pieces in schedule.items():
            for kind, sam in sam_types[offer_pk].items():
                minutes = pieces * float(sam) / good
                total[week] = total.get(week, 0.0) + minutes
                by_type[(week, kind)] = by_type.get((week, kind), 0.0) + minutes
    found = []
    for week, need in sorted(total.items()):
        cap = group.week_minutes(week, safety_margin)
        if need > cap + EPS:
            found.append(Overload(week, "", need, cap))
    for (week, kind), need in sorted(by_type.items()):
        cap = group.machine_week_minutes(kind, week, safety_margin)
        if need > cap + EPS:
            found.append(Overload(week, kind, need, cap))
    return found


def utilisation(
    group: Group,
    safety_margin: float,
    plans: dict[int, dict[int, int]],
    sam_types: dict[int, dict[str, Decimal]],
    lot_weeks: list[int],
) -> Decimal:
    """Peak share of the group's capacity (after the margin) in use in the lot's weeks, its
    booked work included."""
    free = dataclasses.replace(group, booked=())
    good = 1.0 - group.reject_rate
    peak = 0.0
    for week in lot_weeks:
        gross = free.week_minutes(week, safety_margin)
        used = group.booked_minutes(week) + sum(
            schedule.get(week, 0) * float(sum(sam_types[o].values())) / good
            for o, schedule in plans.items()
        )
        if gross > 0:
            peak = max(peak, used / gross)
    return Decimal(str(round(peak, 3)))
