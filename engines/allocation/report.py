"""The plan as the engine's result: lots with their reasons, what was not placed and why, the
objective's terms and each group's load."""

from __future__ import annotations

import math

import numpy as np

from engines.allocation.model import (
    REASON_CAPACITY,
    REASON_LOT_RULES,
    REASON_NO_MATCH,
    REASON_UNAVAILABLE,
    REASON_WAGE_FLOOR,
    GroupLoad,
    Lot,
    Objective,
    Result,
    Unallocated,
    WeekLoad,
    WeekPieces,
    gini,
)
from engines.allocation.prepare import BANDS, EPS, FloatArray, Plan, Prepared


def build_result(
    prep: Prepared, plan: Plan, relaxed: FloatArray, rounds: int, cut_short: bool
) -> Result:
    problem = prep.problem
    groups, offers = problem.groups, problem.offers
    weeks = prep.weeks
    used = np.zeros((len(groups), weeks), dtype=np.float64)
    flow_minutes = np.zeros(len(groups), dtype=np.float64)
    earned = np.zeros(len(groups), dtype=np.float64)
    allocated = np.zeros(len(offers), dtype=np.int64)
    lots: list[Lot] = []
    sorted_levels: dict[int, FloatArray] = {}
    piece_km = lot_km = 0.0
    tranches = [0] * len(offers)
    served: set[int] = set()

    def levels_of(o: int) -> FloatArray:
        if o not in sorted_levels:
            pairs = np.arange(prep.offer_start[o], prep.offer_start[o + 1])
            sorted_levels[o] = np.sort(prep.level0[prep.pair_group[pairs]])
        return sorted_levels[o]

    # Output order is (offer id, group id) whatever the seed did to the pair order.
    for p in sorted(plan, key=lambda p: (int(prep.pair_offer[p]), int(prep.pair_group[p]))):
        schedule = sorted((w, n) for w, n in plan[p].items() if n > 0)
        if not schedule:
            continue
        o, g = int(prep.pair_offer[p]), int(prep.pair_group[p])
        pieces = sum(n for _, n in schedule)
        for w, n in schedule:
            used[g, w] += n * prep.pair_mpp[p]
        flow_minutes[g] += pieces * prep.sam[o]
        piece_km += pieces * float(prep.pair_km[p])
        lot_km += float(prep.pair_km[p])
        served.add(g)
        earned[g] += pieces * prep.rate[o]
        allocated[o] += pieces
        tranches[o] += len(schedule)
        lots.append(
            Lot(
                offer_id=offers[o].id,
                group_id=groups[g].id,
                pieces=pieces,
                schedule=tuple(WeekPieces(week=w + 1, pieces=n) for w, n in schedule),
                finish_week=schedule[-1][0] + 1,
                earnings_baht_per_member_hour=round(float(prep.pair_earnings[p]), 2),
                km=round(float(prep.pair_km[p]), 1),
                why=_why(prep, p, schedule, levels_of(o)),
            )
        )

    unallocated: list[Unallocated] = []
    for o, offer in enumerate(offers):
        left = offer.pieces - int(allocated[o])
        if left > 0:
            unallocated.extend(
                _unallocated(prep, o, left, float(relaxed[o]), int(allocated[o]), tranches[o])
            )

    previous = prep.level0 * prep.target
    level = (previous + earned) / prep.target
    able = prep.able
    per_member = earned / np.array([g.members for g in groups], dtype=np.float64)
    penalty = 0.0
    for g in np.nonzero(flow_minutes > 0)[0].tolist():
        left_minutes = float(flow_minutes[g])
        for k in range(BANDS):
            take = left_minutes if k == BANDS - 1 else min(left_minutes, float(prep.band_cap[g, k]))
            penalty += k * take
            left_minutes -= take
            if left_minutes <= 0:
                break
    on_time = int(allocated.sum())
    offered = sum(o.pieces for o in offers)
    bound = pieces_bound(prep)
    objective = Objective(
        pieces_offered=offered,
        pieces_on_time=on_time,
        pieces_late=0,
        pieces_unallocated=offered - on_time,
        pieces_on_time_bound=bound,
        fairness_penalty=round(penalty, 1),
        earnings_gini=round(gini([float(x) for x in per_member[able]]), 4),
        lowest_earnings_level=round(float(level[able].min()), 4) if able.any() else 0.0,
        transport_piece_km=round(piece_km, 1),
        transport_lot_km=round(lot_km, 1),
    )
    loads = tuple(
        GroupLoad(
            group_id=groups[g].id,
            earnings_baht=round(float(earned[g]), 2),
            earnings_level_before=round(float(prep.level0[g]), 4),
            earnings_level_after=round(float(level[g]), 4),
            weeks=tuple(
                WeekLoad(
                    week=w + 1,
                    minutes_planned=round(float(used[g, w]), 1),
                    minutes_capacity=round(float(prep.cap_total[g, w]), 1),
                )
                for w in range(weeks)
            ),
        )
        for g in sorted(served)
    )
    if offered and on_time == 0:
        status = "infeasible"
    elif cut_short or on_time < bound:
        status = "feasible"
    else:
        status = "optimal"
    return Result(
        status=status,
        lots=tuple(lots),
        unallocated=tuple(unallocated),
        objective=objective,
        groups=loads,
        repair_rounds=rounds,
    )


def pieces_bound(prep: Prepared) -> int:
    """No plan places more: each offer at most its pieces, and at most what its max_groups
    largest eligible groups could sew in its window if nothing else were planned."""
    bound = 0
    for o, offer in enumerate(prep.problem.offers):
        pairs = np.arange(prep.offer_start[o], prep.offer_start[o + 1])
        if pairs.size == 0:
            continue
        r0, r1 = offer.release_week - 1, offer.due_week
        free = np.minimum(
            prep.cap_total[prep.pair_group[pairs], r0:r1],
            prep.machine_room(prep.cap_machine, pairs, slice(r0, r1)),
        )
        pieces = np.floor(free / prep.pair_mpp[pairs][:, None] + EPS).sum(axis=1)
        largest = np.sort(pieces)[::-1][: offer.max_groups]
        bound += min(offer.pieces, int(largest.sum()))
    return bound


def _weeks_text(first: int, last: int) -> str:
    return f"week {first}" if first == last else f"weeks {first}–{last}"


def _why(prep: Prepared, pair: int, schedule: list[tuple[int, int]], levels: FloatArray) -> str:
    """`levels`: the starting levels of every group able to take the offer, sorted."""
    g = int(prep.pair_group[pair])
    group = prep.problem.groups[g]
    rank = int(np.searchsorted(levels, float(prep.level0[g]) - EPS)) + 1
    return (
        f"spare capacity in {_weeks_text(schedule[0][0] + 1, schedule[-1][0] + 1)}; "
        f"at {prep.level0[g]:.0%} of its earnings target before this plan "
        f"(rank {rank} of {len(levels)} able groups, lowest first); "
        f"{prep.pair_km[pair]:.0f} km; {prep.pair_earnings[pair]:.1f} baht per member-hour "
        f"(floor {group.wage_floor_baht_per_hour:.1f})"
    )


def _unallocated(
    prep: Prepared, o: int, left: int, relaxed: float, allocated: int, tranches: int
) -> list[Unallocated]:
    offer = prep.problem.offers[o]
    types = " and ".join(repr(t) for t, _ in offer.machine_needs)
    what = f"skill {offer.skill!r} and {types} machines"
    if not prep.has_match[o]:
        return [Unallocated(offer.id, left, REASON_NO_MATCH, f"no group has {what}")]
    if not prep.has_pay[o]:
        return [
            Unallocated(
                offer.id,
                left,
                REASON_WAGE_FLOOR,
                f"{offer.piece_rate_baht:g} baht a piece pays below the wage floor of every "
                f"group with {what}",
            )
        ]
    if not prep.has_window[o]:
        return [
            Unallocated(
                offer.id,
                left,
                REASON_UNAVAILABLE,
                f"no group with {what} that pays the floor is available in "
                f"{_weeks_text(offer.release_week, offer.due_week)}",
            )
        ]
    # Pieces the flow placed but no valid lot kept were lost to the lot rules; the rest never
    # found capacity before the due week. Whole pieces can lose up to one piece per weekly
    # tranche against the flow's fractional ones: that is capacity too.
    short = math.floor(relaxed + 1e-6) - allocated
    lost_to_rules = min(left, short) if short > tranches else 0
    items: list[Unallocated] = []
    if left - lost_to_rules > 0:
        items.append(
            Unallocated(
                offer.id,
                left - lost_to_rules,
                REASON_CAPACITY,
                f"not enough capacity in {_weeks_text(offer.release_week, offer.due_week)} "
                f"(due week {offer.due_week})",
            )
        )
    if lost_to_rules > 0:
        items.append(
            Unallocated(
                offer.id,
                lost_to_rules,
                REASON_LOT_RULES,
                f"the rest does not fit in lots of at least {offer.min_lot_effective} pieces "
                f"within {offer.max_groups} group{'s' if offer.max_groups > 1 else ''}"
                + (f" (for all of order {offer.order!r})" if offer.order else ""),
            )
        )
    return items
