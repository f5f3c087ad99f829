"""The baseline offices use by hand: each offer whole to the largest group that can sew it.

Offers are taken by release week (then id). Each goes, as one batch, to the group with the most
members that has the skill and a machine of the type — no look at its queue, its earnings or the
wage floor — and the group sews it from the first week, from release on, where it has time left
after the batches it already holds, at its full capacity (no safety margin: generous to the
baseline), past the due week and past the horizon if need be. Pieces sewn after the due week are
late. It is what the engine is measured against (`bench/allocation.py`), never a planner.
"""

from __future__ import annotations

import math

from engines.allocation.model import (
    REASON_CAPACITY,
    REASON_NO_MATCH,
    Group,
    GroupLoad,
    Lot,
    Objective,
    Offer,
    Problem,
    Result,
    Unallocated,
    WeekLoad,
    WeekPieces,
    gini,
    great_circle_km,
)

EPS = 1e-9
MAX_WEEKS = 100_000  # a batch a group could never finish is left unallocated past this


def greedy_allocate(problem: Problem) -> Result:
    used_total: dict[tuple[str, int], float] = {}
    used_machine: dict[tuple[str, str, int], float] = {}
    lots: list[Lot] = []
    unallocated: list[Unallocated] = []
    earned: dict[str, float] = {}
    late = 0
    for offer in sorted(problem.offers, key=lambda o: (o.release_week, o.id)):
        able = [g for g in problem.groups if g.can_sew(offer)]
        if not able:
            unallocated.append(
                Unallocated(
                    offer.id,
                    offer.pieces,
                    REASON_NO_MATCH,
                    f"no group has skill {offer.skill!r} and its machines",
                )
            )
            continue
        group = min(able, key=lambda g: (-g.members, g.id))
        schedule = _sew(group, offer, used_total, used_machine)
        pieces = sum(s.pieces for s in schedule)
        late += sum(s.pieces for s in schedule if s.week > offer.due_week)
        earned[group.id] = earned.get(group.id, 0.0) + pieces * offer.piece_rate_baht
        if pieces < offer.pieces:
            unallocated.append(
                Unallocated(offer.id, offer.pieces - pieces, REASON_CAPACITY, "never finished")
            )
        if pieces:
            lots.append(
                Lot(
                    offer_id=offer.id,
                    group_id=group.id,
                    pieces=pieces,
                    schedule=schedule,
                    finish_week=schedule[-1].week,
                    earnings_baht_per_member_hour=round(
                        group.earnings_baht_per_member_hour(offer), 2
                    ),
                    km=round(great_circle_km(offer.location_deg, group.location_deg), 1),
                    why=f"largest group with the skill and machine ({group.members} members); "
                    f"one batch from week {schedule[0].week}",
                )
            )
    lots.sort(key=lambda lot: (lot.offer_id, lot.group_id))
    unallocated.sort(key=lambda u: (u.offer_id, u.code))
    allocated = sum(lot.pieces for lot in lots)
    offered = sum(o.pieces for o in problem.offers)
    able_groups = [g for g in problem.groups if any(g.can_sew(o) for o in problem.offers)]
    levels = [
        (g.previous_earnings_baht + earned.get(g.id, 0.0))
        / g.earnings_target(problem.horizon_weeks)
        for g in able_groups
    ]
    objective = Objective(
        pieces_offered=offered,
        pieces_on_time=allocated - late,
        pieces_late=late,
        pieces_unallocated=offered - allocated,
        pieces_on_time_bound=offered,  # not computed: only the trivial bound
        fairness_penalty=0.0,
        earnings_gini=round(gini([earned.get(g.id, 0.0) / g.members for g in able_groups]), 4),
        lowest_earnings_level=round(min(levels), 4) if levels else 0.0,
        transport_piece_km=round(sum(lot.pieces * lot.km for lot in lots), 1),
        transport_lot_km=round(sum(lot.km for lot in lots), 1),
    )
    by_id = {g.id: g for g in problem.groups}
    loads = tuple(
        GroupLoad(
            group_id=gid,
            earnings_baht=round(earned[gid], 2),
            earnings_level_before=round(
                by_id[gid].previous_earnings_baht
                / by_id[gid].earnings_target(problem.horizon_weeks),
                4,
            ),
            earnings_level_after=round(
                (by_id[gid].previous_earnings_baht + earned[gid])
                / by_id[gid].earnings_target(problem.horizon_weeks),
                4,
            ),
            weeks=tuple(
                WeekLoad(
                    week=w,
                    minutes_planned=round(used_total.get((gid, w), 0.0), 1),
                    minutes_capacity=round(by_id[gid].week_minutes(w, 0.0), 1),
                )
                for w in range(1, problem.horizon_weeks + 1)
            ),
        )
        for gid in sorted(earned)
        if earned[gid] > 0
    )
    return Result(
        status="feasible",
        lots=tuple(lots),
        unallocated=tuple(unallocated),
        objective=objective,
        groups=loads,
    )


def _sew(
    group: Group,
    offer: Offer,
    used_total: dict[tuple[str, int], float],
    used_machine: dict[tuple[str, str, int], float],
) -> tuple[WeekPieces, ...]:
    """The group's weeks from release on: what is left after earlier batches goes to this one."""
    per_piece = group.minutes_per_piece(offer)
    need = offer.pieces * per_piece
    # Minutes of the style on each machine type, as shares of its SAM.
    shares = [(kind, minutes / offer.sam_minutes) for kind, minutes in offer.machine_needs]
    done = 0.0
    made = 0
    schedule: list[WeekPieces] = []
    week = offer.release_week
    while made < offer.pieces and week < offer.release_week + MAX_WEEKS:
        key = (group.id, week)
        free = group.week_minutes(week, 0.0) - used_total.get(key, 0.0)
        for kind, share in shares:
            machine_free = group.machine_week_minutes(kind, week, 0.0) - used_machine.get(
                (group.id, kind, week), 0.0
            )
            free = min(free, machine_free / share)
        if free > EPS:
            minutes = min(free, need - done)
            done += minutes
            used_total[key] = used_total.get(key, 0.0) + minutes
            for kind, share in shares:
                mkey = (group.id, kind, week)
                used_machine[mkey] = used_machine.get(mkey, 0.0) + minutes * share
            total = min(offer.pieces, math.floor(done / per_piece + EPS))
            if total > made:
                schedule.append(WeekPieces(week=week, pieces=total - made))
                made = total
        week += 1
    return tuple(schedule)
