"""The min-cost flow at the heart of the solver: which pairs it may use, and the flow itself."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from engines.allocation.prepare import (
    BANDS,
    CANDIDATE_COVER,
    CANDIDATE_MIN,
    EPS,
    FloatArray,
    IntArray,
    Plan,
    Prepared,
)


@dataclass(frozen=True, slots=True)
class Flow:
    plan: Plan
    pieces_relaxed: FloatArray  # (offers,) flow ÷ SAM, not rounded


def candidates(prep: Prepared) -> IntArray:
    """The pairs the first flow may use: for each offer, its groups in the objective's order
    (earnings band of the starting level, then distance) until their capacity in its window,
    less what earlier offers claimed, covers CANDIDATE_COVER × its work.

    Offers claim first-fit what they would take, scarcest first, so offers that share the
    same nearest groups look further out instead of all counting on the same capacity.
    """
    problem = prep.problem
    claimed_total = np.zeros_like(prep.flow_total, dtype=np.float64)
    claimed_machine = np.zeros_like(prep.flow_machine, dtype=np.float64)
    band = np.minimum(
        BANDS - 1,
        np.floor(prep.level0 / prep.band_width)
        if prep.band_width > 0
        else np.zeros_like(prep.level0),
    )
    n_offers = len(problem.offers)
    scarcity = np.full(n_offers, np.inf)
    for o in range(n_offers):
        pairs = np.arange(prep.offer_start[o], prep.offer_start[o + 1])
        if pairs.size:
            r0, r1 = int(prep.release0[o]), int(prep.release0[o] + prep.window[o])
            cap = np.minimum(
                prep.flow_total[prep.pair_group[pairs], r0:r1],
                prep.flow_machine[prep.pair_slot[pairs], r0:r1],
            )
            scarcity[o] = float(cap.sum()) / max(1.0, float(prep.supply[o]))
    chosen: list[IntArray] = []
    for o in sorted(range(n_offers), key=lambda o: (float(scarcity[o]), o)):
        pairs = np.arange(prep.offer_start[o], prep.offer_start[o + 1])
        if pairs.size == 0:
            continue
        groups, slots = prep.pair_group[pairs], prep.pair_slot[pairs]
        pairs = pairs[np.lexsort((pairs, prep.pair_km[pairs], band[groups]))]
        groups, slots = prep.pair_group[pairs], prep.pair_slot[pairs]
        r0, r1 = int(prep.release0[o]), int(prep.release0[o] + prep.window[o])
        alone = np.minimum(prep.flow_total[groups, r0:r1], prep.flow_machine[slots, r0:r1])
        free = np.clip(
            np.minimum(
                prep.flow_total[groups, r0:r1] - claimed_total[groups, r0:r1],
                prep.flow_machine[slots, r0:r1] - claimed_machine[slots, r0:r1],
            ),
            0.0,
            None,
        )
        per_pair = free.sum(axis=1)
        # Which groups could hold a lot is judged on their whole capacity (claims are only an
        # estimate: the flow may move them); how many to take, on what is left unclaimed.
        could = alone.sum(axis=1)
        offer = problem.offers[o]
        share = max(offer.min_lot_effective, offer.pieces / offer.max_groups)
        useful = could >= share * prep.sam[o]
        if np.count_nonzero(useful) < offer.max_groups:
            useful = could >= offer.min_lot_effective * prep.sam[o]
        if useful.any():
            pairs, free, per_pair = pairs[useful], free[useful], per_pair[useful]
            groups, slots = groups[useful], slots[useful]
        cumulative = np.cumsum(per_pair)
        supply = float(prep.supply[o])
        count = int(np.searchsorted(cumulative, CANDIDATE_COVER * supply)) + 1
        count = min(pairs.size, max(count, CANDIDATE_MIN + offer.max_groups))
        chosen.append(pairs[:count])
        take = np.clip(supply - (cumulative - per_pair), 0.0, per_pair)[:count]
        used = per_pair[:count]
        fraction = np.where(used > 0, take / np.where(used > 0, used, 1.0), 0.0)
        claim = free[:count] * fraction[:, None]
        np.add.at(claimed_total, (groups[:count, None], np.arange(r0, r1)[None, :]), claim)
        np.add.at(claimed_machine, (slots[:count, None], np.arange(r0, r1)[None, :]), claim)
    if not chosen:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.concatenate(chosen))


# ---------------------------------------------------------------------------------------------
# The flow


def solve_flow(prep: Prepared, pairs: IntArray) -> Flow:
    """Min-cost flow restricted to the eligible `pairs`; returns the plan in whole pieces."""
    n_offers, weeks = prep.sam.size, prep.weeks
    offer = prep.pair_offer[pairs]
    length = prep.window[offer]
    arc_of = np.repeat(np.arange(pairs.size, dtype=np.int64), length)
    first_of = np.repeat(np.cumsum(length) - length, length)
    week = prep.release0[offer][arc_of] + (np.arange(arc_of.size, dtype=np.int64) - first_of)
    slot = prep.pair_slot[pairs][arc_of]
    group = prep.pair_group[pairs][arc_of]
    keep = (prep.flow_machine[slot, week] > 0) & (prep.flow_total[group, week] > 0)
    arc_pair, week, slot, group = pairs[arc_of][keep], week[keep], slot[keep], group[keep]

    # Nodes only where offers' arcs arrive, numbered compactly: (slot, week) leaves, their
    # (group, week) sums, their groups. A group-week reached through one machine type needs no
    # sum node: its leaf goes straight to the group with the smaller of the two capacities.
    leaf_key, leaf_of_arc = np.unique(slot * weeks + week, return_inverse=True)
    leaf_slot, leaf_week = leaf_key // weeks, leaf_key % weeks
    leaf_group = prep.slot_group[leaf_slot]
    gw_key, gw_of_leaf = np.unique(leaf_group * weeks + leaf_week, return_inverse=True)
    gw_group, gw_week = gw_key // weeks, gw_key % weeks
    used_groups, group_of_gw = np.unique(gw_group, return_inverse=True)
    single = np.bincount(gw_of_leaf, minlength=gw_key.size)[gw_of_leaf] == 1
    leaf_base = n_offers
    gw_base = leaf_base + leaf_key.size
    group_base = gw_base + gw_key.size
    sink = group_base + used_groups.size

    tails: list[IntArray] = []
    heads: list[IntArray] = []
    caps: list[IntArray] = []
    costs: list[IntArray] = []

    def add(tail: IntArray, head: IntArray, cap: IntArray, cost: IntArray | int = 0) -> None:
        tails.append(tail)
        heads.append(head)
        caps.append(cap)
        costs.append(np.full(tail.size, cost, dtype=np.int64) if isinstance(cost, int) else cost)

    arc_offer = prep.pair_offer[arc_pair]
    add(arc_offer, leaf_base + leaf_of_arc, prep.supply[arc_offer], prep.pair_cost[arc_pair] + week)
    n_offer_arcs = arc_pair.size
    leaves = np.arange(leaf_key.size, dtype=np.int64)
    machine_cap = prep.flow_machine[leaf_slot, leaf_week]
    total_cap = prep.flow_total[leaf_group, leaf_week]
    add(
        leaf_base + leaves[single],
        group_base + group_of_gw[gw_of_leaf[single]],
        np.minimum(machine_cap, total_cap)[single],
    )
    add(leaf_base + leaves[~single], gw_base + gw_of_leaf[~single], machine_cap[~single])
    summed = np.unique(gw_of_leaf[~single])
    add(
        gw_base + summed,
        group_base + group_of_gw[summed],
        prep.flow_total[gw_group[summed], gw_week[summed]],
    )
    # group → sink: the earnings bands, dearer as the group's level rises.
    b_idx, b_k = np.nonzero(prep.band_cap[used_groups] > 0)
    add(
        group_base + b_idx,
        np.full(b_idx.size, sink, dtype=np.int64),
        prep.band_cap[used_groups][b_idx, b_k],
        b_k.astype(np.int64) * prep.band_step,
    )
    # offer → sink: a minute left unallocated costs the pieces it would have made (tier 1).
    offers = np.arange(n_offers, dtype=np.int64)
    add(offers, np.full(n_offers, sink, dtype=np.int64), prep.supply, prep.reward)

    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails).astype(np.int32),
        np.concatenate(heads).astype(np.int32),
        np.concatenate(caps),
        np.concatenate(costs),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_offers] = prep.supply
    supplies[sink] = -int(prep.supply.sum())
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")  # a bug, not bad input
    minutes = np.asarray(flow.flows(np.arange(n_offer_arcs, dtype=np.int32)), dtype=np.int64)

    used = minutes > 0
    arc_pair, week, minutes = arc_pair[used], week[used], minutes[used]
    arc_sam = prep.sam[prep.pair_offer[arc_pair]]
    relaxed = np.bincount(
        prep.pair_offer[arc_pair], weights=minutes / arc_sam, minlength=n_offers
    ).astype(np.float64)
    pieces = np.floor(minutes / arc_sam + EPS).astype(np.int64)
    plan: Plan = {}
    for p, w, n in zip(arc_pair.tolist(), week.tolist(), pieces.tolist(), strict=True):
        if n > 0:
            plan.setdefault(p, {})[w] = n
    _clamp(prep, plan)
    return Flow(plan=plan, pieces_relaxed=relaxed)


def _clamp(prep: Prepared, plan: Plan) -> None:
    """Rounding up an offer's minutes can make one piece too many when SAM < 1 minute."""
    totals: dict[int, int] = {}
    for p in sorted(plan):
        o = int(prep.pair_offer[p])
        totals[o] = totals.get(o, 0) + sum(plan[p].values())
    for o, total in totals.items():
        excess = total - prep.problem.offers[o].pieces
        for p in reversed(prep.pairs_of(o)):
            if excess <= 0:
                break
            for w in sorted(plan.get(p, {}), reverse=True):
                cut = min(excess, plan[p][w])
                plan[p][w] -= cut
                excess -= cut
                if plan[p][w] == 0:
                    del plan[p][w]
                if excess == 0:
                    break
            if p in plan and not plan[p]:
                del plan[p]
