"""The min-cost flow at the heart of the solver: which pairs it may use, and the flow itself."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from engines.allocation.fill import cut_overload
from engines.allocation.prepare import (
    BANDS,
    CANDIDATE_COVER,
    CANDIDATE_MIN,
    EPS,
    BoolArray,
    FloatArray,
    IntArray,
    Plan,
    Prepared,
    tightest,
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
    Capacities are in the offer's flow minutes: a style sewn on several machine types counts
    the tightest of them, and claims its share of each.
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
                prep.machine_room(prep.flow_machine, pairs, slice(r0, r1)),
            )
            scarcity[o] = float(cap.sum()) / max(1.0, float(prep.supply[o]))
    chosen: list[IntArray] = []
    for o in sorted(range(n_offers), key=lambda o: (float(scarcity[o]), o)):
        pairs = np.arange(prep.offer_start[o], prep.offer_start[o + 1])
        if pairs.size == 0:
            continue
        pairs = pairs[np.lexsort((pairs, prep.pair_km[pairs], band[prep.pair_group[pairs]]))]
        groups = prep.pair_group[pairs]
        slots, ratio = prep.pair_slots[pairs], prep.pair_ratio[pairs]
        r0, r1 = int(prep.release0[o]), int(prep.release0[o] + prep.window[o])
        alone = np.minimum(
            prep.flow_total[groups, r0:r1],
            prep.machine_room(prep.flow_machine, pairs, slice(r0, r1)),
        )
        free = np.clip(
            np.minimum(
                prep.flow_total[groups, r0:r1] - claimed_total[groups, r0:r1],
                tightest(prep.flow_machine[slots, r0:r1] - claimed_machine[slots, r0:r1], ratio),
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
            groups, slots, ratio = groups[useful], slots[useful], ratio[useful]
        cumulative = np.cumsum(per_pair)
        supply = float(prep.supply[o])
        count = int(np.searchsorted(cumulative, CANDIDATE_COVER * supply)) + 1
        count = min(pairs.size, max(count, CANDIDATE_MIN + offer.max_groups))
        chosen.append(pairs[:count])
        take = np.clip(supply - (cumulative - per_pair), 0.0, per_pair)[:count]
        used = per_pair[:count]
        fraction = np.where(used > 0, take / np.where(used > 0, used, 1.0), 0.0)
        claim = free[:count] * fraction[:, None]
        span = np.arange(r0, r1)
        np.add.at(claimed_total, (groups[:count, None], span[None, :]), claim)
        # Each machine type of the style takes its share of the claim (padding: no matter).
        np.add.at(
            claimed_machine,
            (slots[:count, :, None], span[None, None, :]),
            claim[:, None, :] * ratio[:count, :, None],
        )
    if not chosen:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.concatenate(chosen))


# ---------------------------------------------------------------------------------------------
# The flow


@dataclass(frozen=True, slots=True)
class _Network:
    """The flow network over a set of (pair, week) arcs, solved again with other capacities
    when styles sewn on several machine types overload one (`solve_flow`).

    Nodes only where offers' arcs arrive, numbered compactly: (slot, week) leaves, their
    (group, week) sums, their groups. A style on one machine type goes offer → the leaf of
    that type; a style on several goes offer → (group, week), its arc holding what that style
    alone could sew there on its machines: what such styles share is checked after the solve.
    A group-week reached through one leaf and nothing else needs no sum node: its leaf goes
    straight to the group with the smaller of the two capacities.
    """

    prep: Prepared
    arc_pair: IntArray
    week: IntArray
    multi: BoolArray  # the offer arcs of styles on several machine types
    leaf_slot: IntArray
    leaf_week: IntArray
    leaf_total: IntArray  # a leaf straight to its group also carries the group-week's total
    tails: IntArray
    heads: IntArray
    costs: IntArray
    fixed_caps: IntArray  # of every arc after the offer arcs and the leaves'
    sink: int

    @classmethod
    def build(cls, prep: Prepared, arc_pair: IntArray, week: IntArray) -> _Network:
        n_offers, weeks = prep.sam.size, prep.weeks
        multi = prep.pair_multi[arc_pair]
        group = prep.pair_group[arc_pair]
        slot = prep.pair_slot[arc_pair]
        leaf_key, leaf_of_arc = np.unique(slot[~multi] * weeks + week[~multi], return_inverse=True)
        leaf_slot, leaf_week = leaf_key // weeks, leaf_key % weeks
        leaf_group = prep.slot_group[leaf_slot]
        gw_key, gw_inverse = np.unique(
            np.concatenate([leaf_group * weeks + leaf_week, group[multi] * weeks + week[multi]]),
            return_inverse=True,
        )
        gw_of_leaf, gw_of_multi = gw_inverse[: leaf_key.size], gw_inverse[leaf_key.size :]
        gw_group, gw_week = gw_key // weeks, gw_key % weeks
        used_groups, group_of_gw = np.unique(gw_group, return_inverse=True)
        single = np.bincount(gw_inverse, minlength=gw_key.size)[gw_of_leaf] == 1
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
            costs.append(
                np.full(tail.size, cost, dtype=np.int64) if isinstance(cost, int) else cost
            )

        arc_offer = prep.pair_offer[arc_pair]
        head = np.empty(arc_pair.size, dtype=np.int64)
        head[~multi] = leaf_base + leaf_of_arc
        head[multi] = gw_base + gw_of_multi
        add(arc_offer, head, prep.supply[arc_offer], prep.pair_cost[arc_pair] + week)
        leaves = np.arange(leaf_key.size, dtype=np.int64)
        add(
            leaf_base + leaves,
            np.where(single, group_base + group_of_gw[gw_of_leaf], gw_base + gw_of_leaf),
            prep.flow_machine[leaf_slot, leaf_week],
        )
        leaf_total = np.where(
            single, prep.flow_total[leaf_group, leaf_week], np.iinfo(np.int64).max
        ).astype(np.int64)
        # Sum nodes: group-weeks with several leaves, or with a style of several types.
        summed = np.unique(np.concatenate([gw_of_leaf[~single], gw_of_multi]).astype(np.int64))
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
        return cls(
            prep=prep,
            arc_pair=arc_pair,
            week=week,
            multi=multi,
            leaf_slot=leaf_slot,
            leaf_week=leaf_week,
            leaf_total=leaf_total,
            tails=np.concatenate(tails),
            heads=np.concatenate(heads),
            costs=np.concatenate(costs),
            fixed_caps=np.concatenate(caps[2:]),
            sink=sink,
        )

    def solve(self, arc_caps: IntArray, leaf_caps: IntArray) -> IntArray:
        """Flow minutes on each offer arc, given the capacities of offer arcs and leaves."""
        prep = self.prep
        flow = min_cost_flow.SimpleMinCostFlow()
        flow.add_arcs_with_capacity_and_unit_cost(
            self.tails.astype(np.int32),
            self.heads.astype(np.int32),
            np.concatenate([arc_caps, np.minimum(leaf_caps, self.leaf_total), self.fixed_caps]),
            self.costs,
        )
        supplies = np.zeros(self.sink + 1, dtype=np.int64)
        supplies[: prep.sam.size] = prep.supply
        supplies[self.sink] = -int(prep.supply.sum())
        flow.set_nodes_supplies(np.arange(self.sink + 1, dtype=np.int32), supplies)
        status = flow.solve()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow ended with status {status}")  # a bug, not input
        minutes: IntArray = np.asarray(
            flow.flows(np.arange(self.arc_pair.size, dtype=np.int32)), dtype=np.int64
        )
        return minutes

    def share_out(self, minutes: IntArray, arc_caps: IntArray, leaf_caps: IntArray) -> bool:
        """Where `minutes` overload a machine type (only styles of several types can), share
        the type out among its users as the first tier would — most pieces per minute of that
        type first — by lowering their arcs' (or leaves') capacities in place. False when
        nothing is overloaded."""
        prep, multi, weeks = self.prep, self.multi, self.prep.weeks
        use = np.zeros(prep.flow_machine.shape, dtype=np.float64)
        np.add.at(use, (prep.pair_slot[self.arc_pair[~multi]], self.week[~multi]), minutes[~multi])
        np.add.at(
            use,
            (prep.pair_slots[self.arc_pair[multi]], self.week[multi][:, None]),
            minutes[multi][:, None] * prep.pair_ratio[self.arc_pair[multi]],
        )
        over = use > prep.flow_machine + 1e-6
        over[-1] = False  # the padding slot
        if not over.any():
            return False
        over_keys = np.flatnonzero(over)  # slot × weeks + week
        # Styles of several types on an overloaded (slot, week): one entry per type they use.
        arcs = np.flatnonzero(multi)
        keys = prep.pair_slots[self.arc_pair[arcs]] * weeks + self.week[arcs][:, None]
        rows, cols = np.nonzero(np.isin(keys, over_keys))
        entry_arc, entry_key = arcs[rows], keys[rows, cols]
        entry_ratio = prep.pair_ratio[self.arc_pair[entry_arc], cols]
        entry_use = minutes[entry_arc] * entry_ratio
        # minutes of the type per piece: the fewer, the more pieces the type makes
        entry_cost = prep.sam[prep.pair_offer[self.arc_pair[entry_arc]]] * entry_ratio
        leaf_keys = self.leaf_slot * weeks + self.leaf_week
        leaves = np.flatnonzero(np.isin(leaf_keys, over_keys))
        leaf_use, leaf_pieces = self._leaf_use(minutes)
        for key in over_keys.tolist():
            users: list[tuple[float, int, int, float]] = []  # (cost, kind, index, use)
            for e in np.flatnonzero(entry_key == key).tolist():
                users.append((float(entry_cost[e]), 1, e, float(entry_use[e])))
            for leaf in leaves[leaf_keys[leaves] == key].tolist():
                done = float(leaf_pieces[leaf])
                cost = float(leaf_use[leaf]) / done if done > 0 else float("inf")
                users.append((cost, 0, leaf, float(leaf_use[leaf])))
            left = float(prep.flow_machine.flat[key])
            for _cost, kind, index, used in sorted(users):
                allowed = min(used, left)
                left -= allowed
                if kind == 0:
                    leaf_caps[index] = min(leaf_caps[index], int(allowed + EPS))
                else:
                    arc = int(entry_arc[index])
                    cap = int(allowed / float(entry_ratio[index]) + EPS)
                    arc_caps[arc] = min(arc_caps[arc], cap)
        return True

    def _leaf_use(self, minutes: IntArray) -> tuple[FloatArray, FloatArray]:
        """Flow minutes (= minutes of the type) and pieces through each leaf."""
        prep, single = self.prep, ~self.multi
        pairs = self.arc_pair[single]
        keys = prep.pair_slot[pairs] * prep.weeks + self.week[single]
        index = np.searchsorted(self.leaf_slot * prep.weeks + self.leaf_week, keys)
        use = np.zeros(self.leaf_slot.size, dtype=np.float64)
        pieces = np.zeros(self.leaf_slot.size, dtype=np.float64)
        np.add.at(use, index, minutes[single])
        np.add.at(pieces, index, minutes[single] / prep.sam[prep.pair_offer[pairs]])
        return use, pieces


def solve_flow(prep: Prepared, pairs: IntArray, *, tighten: int = 0) -> Flow:
    """Min-cost flow restricted to the eligible `pairs`; returns the plan in whole pieces.

    Styles sewn on several machine types may together overload a type the network does not
    route them through: the type is then shared out among its users, those that make the
    most pieces per minute of it first (`_Network.share_out`: their arcs', or leaves',
    capacities become their share), and the flow is solved again, the rest of their work
    going elsewhere, `tighten` times at most. What still overloads is cut in whole pieces,
    from the styles that take most of the type a piece (`cut_overload`).
    """
    n_offers = prep.sam.size
    offer = prep.pair_offer[pairs]
    length = prep.window[offer]
    arc_of = np.repeat(np.arange(pairs.size, dtype=np.int64), length)
    first_of = np.repeat(np.cumsum(length) - length, length)
    week = prep.release0[offer][arc_of] + (np.arange(arc_of.size, dtype=np.int64) - first_of)
    arc_pair = pairs[arc_of]
    # What the pair's style alone could sew in the week: the group's total and its machines.
    alone = np.minimum(
        prep.flow_total[prep.pair_group[arc_pair], week],
        tightest(
            prep.flow_machine[prep.pair_slots[arc_pair], week[:, None]][:, :, None],
            prep.pair_ratio[arc_pair],
        )[:, 0],
    )
    keep = np.floor(alone + EPS) >= 1
    arc_pair, week, alone = arc_pair[keep], week[keep], alone[keep]
    net = _Network.build(prep, arc_pair, week)
    arc_caps = np.where(
        net.multi, np.floor(alone + EPS), prep.supply[prep.pair_offer[arc_pair]]
    ).astype(np.int64)
    leaf_caps = prep.flow_machine[net.leaf_slot, net.leaf_week].copy()
    minutes = net.solve(arc_caps, leaf_caps)
    for _round in range(tighten if net.multi.any() else 0):
        if not net.share_out(minutes, arc_caps, leaf_caps):
            break
        minutes = net.solve(arc_caps, leaf_caps)

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
    if net.multi.any():
        cut_overload(prep, plan)
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
