"""Split sewing offers into weekly lots across villagers' groups: a min-cost flow, then lots.

Formulation
===========

Units. Work is counted in *flow minutes*: SAM minutes of accepted pieces, so one piece of offer
o is `sam_o` flow minutes whichever group sews it. A group g with reject rate r_g sews
1 ÷ (1 − r_g) pieces per accepted piece, so its capacity in flow minutes is its sewing capacity
× (1 − r_g). Weeks run 1…H (`horizon_weeks`).

Capacity of group g in week w (zero in its `unavailable_weeks`), with margin
m_g = max(safety_margin, 1 − on_time_rate_g) (a group late more often than the margin allows is
planned with the slack its record shows):
    C[g,w]   = members × minutes_per_day × days_per_week × efficiency × (1 − m_g) − B[g,w]
    C[g,t,w] = machines[t] × minutes_per_day × days_per_week × efficiency × (1 − m_g) − B[g,t,w]
in sewing minutes, never below 0, B being the work the group already holds (`booked`: lots of
earlier runs); the flow uses ⌊C × (1 − r_g)⌋.

Eligible pairs (o, g): g has o's skill, at least one machine of o's type, pays at least its wage
floor (piece_rate × 60 × efficiency × (1 − r_g) ÷ SAM ≥ wage_floor_baht_per_hour, Home Workers
Protection Act s.16), and is available in some week of [release_o, due_o].

Variables. x[o,g,w] ≥ 0: flow minutes of offer o sewn by group g in week w, for eligible (o, g)
and w in [release_o, due_o] only — so nothing starts before release or ends after the due week,
and every planned piece is on time. Pieces are ⌊x ÷ sam_o⌋, delivered as a weekly tranche.

Network (a node per offer, per group × machine type × week, per group × week, per group, and a
sink; only the nodes some offer reaches, and no group × week node where one machine type is
used):
    offer o     → (g, t_o, w)  capacity ⌈pieces_o × sam_o⌉, cost T[o,g] + w − 1
    (g, t, w)   → (g, w)       capacity ⌊C[g,t,w] (1 − r_g)⌋    (the machine type)
    (g, w)      → g            capacity ⌊C[g,w] (1 − r_g)⌋      (all machines)
    g           → sink         BANDS parallel arcs, band k costs k × S (fairness)
    offer o     → sink         capacity ⌈pieces_o × sam_o⌉, cost R_o (left unallocated)
with supply ⌈pieces_o × sam_o⌉ at each offer. OR-Tools' `SimpleMinCostFlow` solves it exactly.

Objective, lexicographic, as one cost per flow minute:
1. Pieces on time. A minute left unallocated costs R_o ∝ 1 ÷ sam_o, the pieces it would have
   made, so the flow maximises pieces, not minutes. R_o ≥ TIER1_DOMINANCE × (the largest tier
   2 + 3 cost of a minute): placing a minute always pays, and trading pieces for fairness or
   distance can cost at most 1 ÷ TIER1_DOMINANCE (0.1%) of the pieces traded.
2. Fairness. Group g's earnings level is L_g = (previous_earnings + planned earnings) ÷ target
   (target: `earnings_target_baht`, else every available member-hour of the horizon at its wage
   floor). Levels are cut into BANDS bands of width 2·L̄ ÷ (BANDS − 1), L̄ being the level every
   group would reach if all offers were spread in proportion to targets; the last band is open.
   A band's capacity is its width × target_g ÷ ρ_g (ρ_g: the group's mean baht per flow minute
   over its eligible offers, weighted by their work), and a minute in band k costs
   k × S. The cost is convex, so the groups furthest below their target fill first, and
   `previous_earnings_baht` starts a group in a higher band: rotation between periods.
3. Transport. T[o,g] ∝ km(o, g) ÷ sam_o: piece-km, great-circle from the offer's pick-up point,
   rounded to one of TRANSPORT_GRAIN + 1 steps of H, so T ≤ TRANSPORT_GRAIN × H < S =
   (TRANSPORT_GRAIN + 1) × H: one band of fairness outweighs any distance.
4. Earliest weeks: a minute in week w costs w − 1 < H, less than one step of distance. Ties in
   the tiers above are sewn as early as the window allows, which leaves later weeks to offers
   released later and makes the schedule unique.

Candidates. The first flow does not get every eligible pair (at national scale an offer has
hundreds, and the flow would take tens of seconds). Each offer gets its groups in the
objective's own order — earnings band of the starting level, then distance — keeping those with
room for an even share (pieces ÷ max_groups) in its window when at least max_groups have it,
until their spare capacity covers CANDIDATE_COVER × its work, and no fewer than max_groups +
CANDIDATE_MIN. Offers claim first-fit the capacity they would take, scarcest offer first, so
offers that share their nearest groups look further out.

Lots. The minimum lot (`min(min_lot_pieces, pieces)`) and `max_groups` are not flow constraints
(they need a yes/no per pair). After the flow come up to MAX_REPAIR_ROUNDS re-solves on a far
smaller network: an offer with a lot below the minimum or more than max_groups lots keeps its
largest valid lots (at most max_groups), an offer that was fine keeps its groups, and — in all
rounds but the last — an offer under max_groups also gets the groups with most room for it (all
it may still use if it is short of pieces, else one), so the flow can move work between them to
make whole lots fit. Lots that still break a rule are then dropped. A deterministic fill places
what is left over all eligible pairs, offers needing the biggest whole lot (minimum × SAM)
first: into the spare capacity of the offer's own groups, then by one of four moves until none
applies — a new lot in a group with room (lowest earnings level, then nearest, among the groups
that take all the rest); a new lot of exactly the minimum, the rest plus pieces lent by the
offer's largest lot; a new lot in a group freed by moving another offer's lot whole to one of
that offer's other eligible groups; or the offer's smallest lot moved, with the rest, to a group
with room for more. Every move places more pieces, so the fill ends, and none breaks a rule.

Bound and status. `pieces_on_time_bound` is Σ over offers of min(pieces, what its max_groups
largest eligible groups could sew in its window if nothing else were planned): no plan places
more. "optimal": the plan reaches it, so the first tier is proven optimal (fairness and
transport are the flow's optimum as far as the lot rules leave it); "feasible": below it, or the
time limit cut the repair short; "infeasible": there are offers and not one piece can be placed.
The time limit bounds the repair rounds; the first flow and the fill always run.

Determinism: groups and offers are sorted by id, arrays are built in that order, the flow solver
is deterministic, and every tie is broken by index. The seed shuffles the order in which groups
are tried among equals (seed 0 keeps id order): the heuristic steps may then end in another
plan, never one that breaks a rule.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from ortools.graph.python import min_cost_flow

from engines.allocation.model import (
    REASON_CAPACITY,
    REASON_LOT_RULES,
    REASON_NO_MATCH,
    REASON_UNAVAILABLE,
    REASON_WAGE_FLOOR,
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
)

BANDS = 10
TRANSPORT_GRAIN = 1000  # distance steps; a fairness band costs one step more than them all
TIER1_DOMINANCE = 1000
MAX_REWARD = 2**40  # keeps cost × node count far inside int64 for the solver's cost scaling
MAX_REPAIR_ROUNDS = 3  # two rounds that may add groups, then one that only cleans up
CANDIDATE_COVER = 3.0  # first flow: candidates' spare capacity ÷ the offer's work
CANDIDATE_MIN = 2  # … and at least max_groups + this many candidates
EJECT_TRIES = 8  # groups the fill tries to free room in for one offer
EPS = 1e-9

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Plan = dict[int, dict[int, int]]  # eligible pair → {0-based week: pieces}


@dataclass(frozen=True, slots=True)
class _Prepared:
    """The problem as arrays: groups and offers by sorted index, eligible pairs by offer."""

    problem: Problem
    weeks: int
    cap_total: FloatArray  # (groups, weeks) sewing minutes
    cap_machine: FloatArray  # (slots, weeks) sewing minutes; a slot is a (group, machine type)
    flow_total: IntArray  # the same in flow minutes
    flow_machine: IntArray
    slot_group: IntArray  # (slots,)
    sam: FloatArray  # (offers,)
    rate: FloatArray  # (offers,) baht per piece
    release0: IntArray  # (offers,) first week, 0-based
    window: IntArray  # (offers,) number of weeks from release to due
    supply: IntArray  # (offers,) flow minutes of all the pieces
    reward: IntArray  # (offers,) tier 1 per flow minute
    pair_offer: IntArray  # eligible pairs, sorted by offer then group order
    pair_group: IntArray
    pair_slot: IntArray
    pair_km: FloatArray
    pair_cost: IntArray  # tier 3 per flow minute
    band_step: int  # tier 2 per flow minute and band
    pair_mpp: FloatArray  # sewing minutes per accepted piece
    pair_earnings: FloatArray  # baht per member-hour
    offer_start: IntArray  # pairs of offer o: offer_start[o]:offer_start[o + 1]
    has_match: BoolArray  # (offers,) some group has the skill and machine type
    has_pay: BoolArray  # … and pays at least its floor
    has_window: BoolArray  # … and is available before the due week
    target: FloatArray  # (groups,) baht
    level0: FloatArray  # (groups,) previous earnings ÷ target
    band_cap: IntArray  # (groups, BANDS) flow minutes
    band_width: float  # of an earnings band, in levels
    able: BoolArray  # (groups,) eligible for at least one offer

    def pairs_of(self, offer: int) -> range:
        return range(int(self.offer_start[offer]), int(self.offer_start[offer + 1]))


@dataclass(frozen=True, slots=True)
class _Flow:
    plan: Plan
    pieces_relaxed: FloatArray  # (offers,) flow ÷ SAM, not rounded


def solve(problem: Problem, *, time_limit_s: float | None = None, seed: int = 0) -> Result:
    """Plan lots for `problem`. The first flow is always solved; `time_limit_s` bounds the
    repair after it (status "feasible" when it cuts the repair short)."""
    start = time.perf_counter()

    def out_of_time() -> bool:
        return time_limit_s is not None and time.perf_counter() - start > time_limit_s

    prep = _prepare(problem, seed)
    first = _solve_flow(prep, _candidates(prep))
    plan = first.plan
    rounds = 0
    cut_short = False
    for round_no in range(1, MAX_REPAIR_ROUNDS + 1):
        extend = round_no < MAX_REPAIR_ROUNDS  # the last round only cleans up
        pairs = _repair_pairs(prep, plan, extend=extend)
        if pairs is None:
            break
        if out_of_time():
            cut_short = True
            break
        rounds += 1
        plan = _solve_flow(prep, pairs).plan
    plan = _enforce(prep, plan)
    _fill(prep, plan)
    return _result(prep, plan, first.pieces_relaxed, rounds, cut_short)


# ---------------------------------------------------------------------------------------------
# Preparation


def _prepare(problem: Problem, seed: int) -> _Prepared:
    groups, offers, weeks = problem.groups, problem.offers, problem.horizon_weeks
    n_groups, n_offers = len(groups), len(offers)
    margin = problem.safety_margin
    types = sorted({t for g in groups for t, count in g.machines if count > 0})
    type_index = {t: i for i, t in enumerate(types)}

    cap_total = np.array(
        [[g.week_minutes(w, margin) for w in range(1, weeks + 1)] for g in groups],
        dtype=np.float64,
    ).reshape(n_groups, weeks)
    good = np.array([1.0 - g.reject_rate for g in groups], dtype=np.float64)
    slot_index = np.full((n_groups, max(len(types), 1)), -1, dtype=np.int64)
    slot_rows: list[list[float]] = []
    slot_group_list: list[int] = []
    for gi, g in enumerate(groups):
        for name, count in g.machines:
            if count > 0:
                slot_index[gi, type_index[name]] = len(slot_rows)
                slot_group_list.append(gi)
                slot_rows.append(
                    [g.machine_week_minutes(name, w, margin) for w in range(1, weeks + 1)]
                )
    cap_machine = np.array(slot_rows, dtype=np.float64).reshape(len(slot_rows), weeks)
    slot_group = np.array(slot_group_list, dtype=np.int64)
    flow_total = np.floor(cap_total * good[:, None] + EPS).astype(np.int64)
    flow_machine = np.floor(cap_machine * good[slot_group][:, None] + EPS).astype(np.int64)

    sam = np.array([o.sam_minutes for o in offers], dtype=np.float64)
    rate = np.array([o.piece_rate_baht for o in offers], dtype=np.float64)
    release0 = np.array([o.release_week - 1 for o in offers], dtype=np.int64)
    window = np.array([o.due_week - o.release_week + 1 for o in offers], dtype=np.int64)
    pieces = np.array([o.pieces for o in offers], dtype=np.float64)
    supply = np.ceil(pieces * sam - EPS).astype(np.int64)

    # Group attributes as arrays, for the per-offer eligibility test.
    eff = np.array([g.efficiency for g in groups], dtype=np.float64)
    floor_wage = np.array([g.wage_floor_baht_per_hour for g in groups], dtype=np.float64)
    lat = np.radians(np.array([g.location_deg[0] for g in groups], dtype=np.float64))
    lon = np.radians(np.array([g.location_deg[1] for g in groups], dtype=np.float64))
    skill_mask: dict[str, BoolArray] = {}
    for gi, g in enumerate(groups):
        for skill in g.skills:
            skill_mask.setdefault(skill, np.zeros(n_groups, dtype=np.bool_))[gi] = True
    available = flow_total > 0

    # The seed reorders groups among equals (arc order), never the eligibility or the costs.
    order = np.arange(n_groups, dtype=np.int64)
    if seed:
        order = np.random.default_rng(seed).permutation(n_groups).astype(np.int64)

    has_match = np.zeros(n_offers, dtype=np.bool_)
    has_pay = np.zeros(n_offers, dtype=np.bool_)
    has_window = np.zeros(n_offers, dtype=np.bool_)
    chunks: list[tuple[int, IntArray, FloatArray, FloatArray]] = []
    offer_start = np.zeros(n_offers + 1, dtype=np.int64)
    for oi, o in enumerate(offers):
        t = type_index.get(o.machine_type)
        skilled = skill_mask.get(o.skill)
        if t is None or skilled is None:
            offer_start[oi + 1] = offer_start[oi]
            continue
        slots = slot_index[order, t]
        candidates = order[skilled[order] & (slots >= 0)]
        has_match[oi] = candidates.size > 0
        earn = o.piece_rate_baht * 60.0 * eff[candidates] * good[candidates] / o.sam_minutes
        pays = earn >= floor_wage[candidates] - EPS
        candidates, earn = candidates[pays], earn[pays]
        has_pay[oi] = candidates.size > 0
        r0, r1 = o.release_week - 1, o.due_week
        slots_c = slot_index[candidates, t]
        open_week = (available[candidates, r0:r1] & (flow_machine[slots_c, r0:r1] > 0)).any(axis=1)
        candidates, earn = candidates[open_week], earn[open_week]
        has_window[oi] = candidates.size > 0
        lat0, lon0 = (math.radians(x) for x in o.location_deg)
        km = _km(lat0, lon0, lat[candidates], lon[candidates])
        chunks.append((oi, candidates, km, earn))
        offer_start[oi + 1] = offer_start[oi] + candidates.size

    def joined_int(parts: list[IntArray]) -> IntArray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    def joined_float(parts: list[FloatArray]) -> FloatArray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.float64)

    pair_offer = joined_int([np.full(c.size, oi, dtype=np.int64) for oi, c, _, _ in chunks])
    pair_group = joined_int([c for _, c, _, _ in chunks])
    pair_km = joined_float([km for _, _, km, _ in chunks])
    pair_earnings = joined_float([e for _, _, _, e in chunks])
    offer_type = np.array([type_index.get(o.machine_type, 0) for o in offers], dtype=np.int64)
    pair_slot = (
        slot_index[pair_group, offer_type[pair_offer]]
        if pair_offer.size
        else np.zeros(0, dtype=np.int64)
    )
    pair_mpp = sam[pair_offer] / good[pair_group] if pair_offer.size else np.zeros(0)

    # Tier 3: piece-km per flow minute, in TRANSPORT_GRAIN steps of `weeks` (tier 4 fits
    # under one step).
    piece_km = pair_km / sam[pair_offer] if pair_offer.size else np.zeros(0)
    top = float(piece_km.max()) if piece_km.size else 0.0
    pair_cost = (
        np.rint(piece_km / top * TRANSPORT_GRAIN).astype(np.int64) * weeks
        if top > 0
        else np.zeros(piece_km.size, dtype=np.int64)
    )
    # Tier 1: pieces per flow minute, scaled so the smallest reward dominates tiers 2 + 3.
    band_step = (TRANSPORT_GRAIN + 1) * weeks
    worst_other = (BANDS - 1) * band_step + TRANSPORT_GRAIN * weeks + weeks - 1
    sam_max = float(sam.max()) if sam.size else 1.0
    scale = TIER1_DOMINANCE * worst_other * sam_max
    if sam.size and scale / float(sam.min()) > MAX_REWARD:
        scale = MAX_REWARD * float(sam.min())  # extreme SAM spreads: weaker dominance, no overflow
    reward = np.rint(scale / sam).astype(np.int64) if sam.size else np.zeros(0, dtype=np.int64)

    # Tier 2: earnings bands.
    target = np.array([g.earnings_target(weeks) for g in groups], dtype=np.float64)
    previous = np.array([g.previous_earnings_baht for g in groups], dtype=np.float64)
    level0 = previous / target
    able = np.zeros(n_groups, dtype=np.bool_)
    able[pair_group] = True
    weight = supply[pair_offer].astype(np.float64)
    baht_per_minute = (rate / sam)[pair_offer] if pair_offer.size else np.zeros(0)
    weights = np.bincount(pair_group, weights=weight, minlength=n_groups)
    rho = np.bincount(pair_group, weights=weight * baht_per_minute, minlength=n_groups)
    rho = np.where(weights > 0, rho / np.where(weights > 0, weights, 1.0), 0.0)
    total_target = float(target[able].sum())
    level_mean = (
        (float(previous[able].sum()) + float((pieces * rate).sum())) / total_target
        if total_target > 0
        else 0.0
    )
    width = 2.0 * level_mean / (BANDS - 1)
    group_flow = flow_total.sum(axis=1)
    band_cap = np.zeros((n_groups, BANDS), dtype=np.int64)
    for k in range(BANDS - 1):
        if width <= 0:
            break
        span = np.clip((k + 1) * width - np.maximum(k * width, level0), 0.0, None)
        # A group whose offers pay (next to) nothing has no earnings to spread: one open band.
        paid = rho > 1e-6
        minutes = np.where(paid, span * target / np.where(paid, rho, 1.0), group_flow)
        band_cap[:, k] = np.minimum(np.floor(minutes), group_flow).astype(np.int64)
    band_cap[:, BANDS - 1] = group_flow

    return _Prepared(
        problem=problem,
        weeks=weeks,
        cap_total=cap_total,
        cap_machine=cap_machine,
        flow_total=flow_total,
        flow_machine=flow_machine,
        slot_group=slot_group,
        sam=sam,
        rate=rate,
        release0=release0,
        window=window,
        supply=supply,
        reward=reward,
        pair_offer=pair_offer,
        pair_group=pair_group,
        pair_slot=pair_slot,
        pair_km=pair_km,
        pair_cost=pair_cost,
        band_step=band_step,
        pair_mpp=pair_mpp,
        pair_earnings=pair_earnings,
        offer_start=offer_start,
        has_match=has_match,
        has_pay=has_pay,
        has_window=has_window,
        target=target,
        level0=level0,
        band_cap=band_cap,
        band_width=width,
        able=able,
    )


def _km(lat: float, lon: float, lats: FloatArray, lons: FloatArray) -> FloatArray:
    """Great-circle km from one point to many (haversine), all in radians."""
    h = np.sin((lats - lat) / 2) ** 2 + math.cos(lat) * np.cos(lats) * np.sin((lons - lon) / 2) ** 2
    km: FloatArray = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return km


# ---------------------------------------------------------------------------------------------
# Candidates


def _candidates(prep: _Prepared) -> IntArray:
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


def _solve_flow(prep: _Prepared, pairs: IntArray) -> _Flow:
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
    return _Flow(plan=plan, pieces_relaxed=relaxed)


def _clamp(prep: _Prepared, plan: Plan) -> None:
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


# ---------------------------------------------------------------------------------------------
# Repair: minimum lot, maximum groups


def _lots_by_offer(prep: _Prepared, plan: Plan) -> dict[int, list[tuple[int, int]]]:
    """offer → [(pieces, pair)], largest lot first (ties: pair order)."""
    lots: dict[int, list[tuple[int, int]]] = {}
    for p in sorted(plan):
        lots.setdefault(int(prep.pair_offer[p]), []).append((sum(plan[p].values()), p))
    for items in lots.values():
        items.sort(key=lambda item: (-item[0], item[1]))
    return lots


def _breaks_rules(prep: _Prepared, offer: int, lots: list[tuple[int, int]]) -> bool:
    o = prep.problem.offers[offer]
    return len(lots) > o.max_groups or any(n < o.min_lot_effective for n, _ in lots)


def _valid_lots(prep: _Prepared, offer: int, lots: list[tuple[int, int]]) -> list[int]:
    """The pairs an offer keeps: its largest lots of at least the minimum, up to max_groups."""
    o = prep.problem.offers[offer]
    return [p for n, p in lots if n >= o.min_lot_effective][: o.max_groups]


def _repair_pairs(prep: _Prepared, plan: Plan, *, extend: bool) -> IntArray | None:
    """The pairs of the next round, or None when no round is needed.

    Offers that break a rule keep their valid lots; the others keep theirs. With `extend`, and
    while some offer is short of pieces, an offer under max_groups also gets groups with room
    for it in its window (room left by the kept lots; then whole capacity): all it may still use
    if it is short, one if it is not. Solved together, the flow can move work between them to
    make a whole lot fit, which the fill after it cannot.
    """
    lots_by = _lots_by_offer(prep, plan)
    keep: list[int] = []
    needed = False
    for o, lots in sorted(lots_by.items()):
        if _breaks_rules(prep, o, lots):
            keep.extend(_valid_lots(prep, o, lots))
            needed = True
        else:
            keep.extend(p for _, p in lots)
    kept = set(keep)
    res = _Residual(prep, {p: plan[p] for p in sorted(kept)})
    offers = prep.problem.offers
    if extend and any(res.allocated[o] < offer.pieces for o, offer in enumerate(offers)):
        empty = _Residual(prep, {})
        for o, offer in enumerate(offers):
            groups = sum(1 for p in prep.pairs_of(o) if p in kept)
            if groups >= offer.max_groups:
                continue
            short = res.allocated[o] < offer.pieces
            others = np.array([p for p in prep.pairs_of(o) if p not in kept], dtype=np.int64)
            if others.size == 0:
                continue
            weeks = range(offer.release_week - 1, offer.due_week)
            fits = res.fits(others, weeks)
            could = empty.fits(others, weeks)
            roomy = could >= offer.min_lot_effective
            if not roomy.any():
                continue
            others, fits, could = others[roomy], fits[roomy], could[roomy]
            # Most room left first, then most capacity: the flow may move others' work away.
            extra = offer.max_groups - groups + 1 if short else 1
            if not short:
                roomy2 = fits >= offer.min_lot_effective
                if not roomy2.any():
                    continue
                others, fits, could = others[roomy2], fits[roomy2], could[roomy2]
            order = np.lexsort((others, -could, -fits))[:extra]
            keep.extend(int(p) for p in others[order])
            needed = True
    return np.array(sorted(keep), dtype=np.int64) if needed else None


def _enforce(prep: _Prepared, plan: Plan) -> Plan:
    kept: Plan = {}
    for offer, lots in _lots_by_offer(prep, plan).items():
        for p in _valid_lots(prep, offer, lots):
            kept[p] = plan[p]
    return kept


# ---------------------------------------------------------------------------------------------
# Fill: what the repair freed, given greedily and deterministically


class _Residual:
    """Spare capacity (sewing minutes) and planned earnings while the fill edits the plan."""

    def __init__(self, prep: _Prepared, plan: Plan) -> None:
        self.prep = prep
        self.plan = plan
        self.total = prep.cap_total.copy()
        self.machine = prep.cap_machine.copy()
        self.earned = np.zeros(prep.target.size, dtype=np.float64)
        self.previous = prep.level0 * prep.target
        self.allocated = np.zeros(prep.sam.size, dtype=np.int64)
        self.lots_at: dict[int, set[int]] = {}  # group → its pairs in the plan
        for p in sorted(plan):
            self.lots_at.setdefault(int(prep.pair_group[p]), set()).add(p)
            for w, n in sorted(plan[p].items()):
                self._book(p, w, n)

    def _book(self, p: int, w: int, n: int) -> None:
        prep = self.prep
        g, s, o = int(prep.pair_group[p]), int(prep.pair_slot[p]), int(prep.pair_offer[p])
        minutes = n * float(prep.pair_mpp[p])
        self.total[g, w] -= minutes
        self.machine[s, w] -= minutes
        self.earned[g] += n * float(prep.rate[o])
        self.allocated[o] += n

    def level(self) -> FloatArray:
        level: FloatArray = (self.previous + self.earned) / self.prep.target
        return level

    def fits(self, pairs: IntArray, weeks: range) -> IntArray:
        """Whole pieces each pair's group could still take in `weeks`."""
        free = np.minimum(
            self.total[self.prep.pair_group[pairs]][:, weeks.start : weeks.stop],
            self.machine[self.prep.pair_slot[pairs]][:, weeks.start : weeks.stop],
        )
        pieces = np.floor(np.clip(free, 0.0, None) / self.prep.pair_mpp[pairs][:, None] + EPS)
        fits: IntArray = pieces.sum(axis=1).astype(np.int64)
        return fits

    def give(self, p: int, weeks: range, wanted: int) -> int:
        """Up to `wanted` pieces to pair p, earliest weeks first; returns how many."""
        g, s = int(self.prep.pair_group[p]), int(self.prep.pair_slot[p])
        mpp = float(self.prep.pair_mpp[p])
        given = 0
        for w in weeks:
            free = min(float(self.total[g, w]), float(self.machine[s, w]))
            n = min(wanted - given, max(0, math.floor(free / mpp + EPS)))
            if n <= 0:
                continue
            if p not in self.plan:
                self.lots_at.setdefault(g, set()).add(p)
            schedule = self.plan.setdefault(p, {})
            schedule[w] = schedule.get(w, 0) + n
            self._book(p, w, n)
            given += n
            if given == wanted:
                break
        return given

    def take_some(self, p: int, n: int) -> None:
        """Take n pieces back from pair p, latest weeks first."""
        schedule = self.plan[p]
        for w in sorted(schedule, reverse=True):
            cut = min(n, schedule[w])
            schedule[w] -= cut
            self._book(p, w, -cut)
            n -= cut
            if schedule[w] == 0:
                del schedule[w]
            if n == 0:
                break

    def take_back(self, p: int) -> int:
        schedule = self.plan.pop(p)
        self.lots_at[int(self.prep.pair_group[p])].discard(p)
        for w, n in schedule.items():
            self._book(p, w, -n)
        return sum(schedule.values())


def _fill(prep: _Prepared, plan: Plan) -> None:
    """Place what the flow and the repair left: offers needing the biggest whole lot first,
    each into its own groups' spare capacity, then by the moves of `_move` until none applies."""
    problem = prep.problem
    res = _Residual(prep, plan)
    # The biggest whole lots first, as one packs the largest items first.
    biggest = sorted(
        range(len(problem.offers)),
        key=lambda o: (-problem.offers[o].min_lot_effective * float(prep.sam[o]), o),
    )
    for o in biggest:
        offer = problem.offers[o]
        left = offer.pieces - int(res.allocated[o])
        if left <= 0 or not prep.pairs_of(o):
            continue
        weeks = range(offer.release_week - 1, offer.due_week)
        level = res.level()
        mine = sorted(
            (p for p in prep.pairs_of(o) if p in plan),
            key=lambda p: (float(level[prep.pair_group[p]]), float(prep.pair_km[p]), p),
        )
        for p in mine:
            left -= res.give(p, weeks, left)
            if left == 0:
                break
        # Each pass places more pieces or stops, so the loop is bounded.
        for _ in range(2 * offer.max_groups + 2):
            if left <= 0:
                break
            pairs = np.array([p for p in prep.pairs_of(o) if p not in plan], dtype=np.int64)
            if pairs.size == 0:
                break
            left = _move(res, offer, pairs, weeks, left)


def _move(res: _Residual, offer: Offer, pairs: IntArray, weeks: range, left: int) -> int:
    """One step of the fill for an offer with `left` pieces to place; returns what is left.

    In order: a new lot in a group that has room (while under max_groups); a new lot of
    exactly the minimum made of the rest and pieces lent by the offer's largest lot (when the
    rest alone is below the minimum); a new lot in a group freed by moving another offer's lot
    (`_eject`); moving the offer's smallest lot, with the rest, to a group that has room for
    more of it.
    """
    prep, plan = res.prep, res.plan
    fits = res.fits(pairs, weeks)
    o = int(prep.pair_offer[pairs[0]])
    current = sorted((sum(plan[p].values()), p) for p in prep.pairs_of(o) if p in plan)
    least = offer.min_lot_effective
    room = len(current) < offer.max_groups
    if room:
        reach = np.minimum(fits, left)
        ok = reach >= least
        if ok.any():
            return left - res.give(_best(res, pairs[ok], reach[ok], left), weeks, left)
        lend = least - left
        if lend > 0 and current and current[-1][0] - lend >= least:
            ok = fits >= least
            if ok.any():
                best = _best(res, pairs[ok], fits[ok], least)
                if res.give(best, weeks, least) == least:
                    res.take_some(current[-1][1], lend)
                    return 0
                return left  # unreachable: fits says the group has room for `least`
    if room and left >= least:
        left = _eject(res, o, pairs, weeks, left)
        if left == 0:
            return 0
    if current:
        smallest, freed = current[0][1], current[0][0]
        reach = np.minimum(fits, left + freed)
        ok = (reach >= least) & (reach > freed)
        if ok.any():
            best = _best(res, pairs[ok], reach[ok], left + freed)
            left += res.take_back(smallest)
            return left - res.give(best, weeks, left)
    return left


def _eject(res: _Residual, o: int, pairs: IntArray, weeks: range, left: int) -> int:
    """A new lot for offer o in a group that lacks room only because of one other offer's lot,
    which moves whole to a group of its own with room (its offer keeps as many groups). Tries
    the EJECT_TRIES groups with most room for o; returns what is left of o."""
    prep, plan = res.prep, res.plan
    offers = prep.problem.offers
    least = offers[o].min_lot_effective
    fits = res.fits(pairs, weeks)
    for q in pairs[np.lexsort((pairs, -fits))[:EJECT_TRIES]].tolist():
        g, slot, per_piece = (
            int(prep.pair_group[q]),
            int(prep.pair_slot[q]),
            float(prep.pair_mpp[q]),
        )
        for r in sorted(res.lots_at.get(g, set())):
            o2 = int(prep.pair_offer[r])
            schedule = plan[r]
            if o2 == o or not any(w in weeks for w in schedule):
                continue
            total = res.total[g, weeks.start : weeks.stop].copy()
            machine = res.machine[slot, weeks.start : weeks.stop].copy()
            for w, n in schedule.items():
                if w in weeks:
                    total[w - weeks.start] += n * float(prep.pair_mpp[r])
                    if int(prep.pair_slot[r]) == slot:
                        machine[w - weeks.start] += n * float(prep.pair_mpp[r])
            room = int(
                np.floor(np.clip(np.minimum(total, machine), 0.0, None) / per_piece + EPS).sum()
            )
            if min(room, left) < least:
                continue
            moved = sum(schedule.values())
            other = offers[o2]
            alternatives = np.array(
                [a for a in prep.pairs_of(o2) if a not in plan and int(prep.pair_group[a]) != g],
                dtype=np.int64,
            )
            if alternatives.size == 0:
                continue
            other_weeks = range(other.release_week - 1, other.due_week)
            room2 = res.fits(alternatives, other_weeks)
            if not (room2 >= moved).any():
                continue
            target = _best(res, alternatives[room2 >= moved], room2[room2 >= moved], moved)
            res.take_back(r)
            res.give(target, other_weeks, moved)  # all of it: it had the room
            return left - res.give(q, weeks, left)
    return left


def _best(res: _Residual, pairs: IntArray, reach: IntArray, wanted: int) -> int:
    """Lowest earnings level first, then nearest — among the groups that take all that is
    wanted, else among those that take the most."""
    prep = res.prep
    whole = reach >= wanted
    candidates = pairs[whole] if whole.any() else pairs[reach == reach.max()]
    level = res.level()[prep.pair_group[candidates]]
    return int(candidates[np.lexsort((candidates, prep.pair_km[candidates], level))[0]])


# ---------------------------------------------------------------------------------------------
# Result


def _result(
    prep: _Prepared, plan: Plan, relaxed: FloatArray, rounds: int, cut_short: bool
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
    bound = _pieces_bound(prep)
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


def _pieces_bound(prep: _Prepared) -> int:
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
            prep.cap_machine[prep.pair_slot[pairs], r0:r1],
        )
        pieces = np.floor(free / prep.pair_mpp[pairs][:, None] + EPS).sum(axis=1)
        largest = np.sort(pieces)[::-1][: offer.max_groups]
        bound += min(offer.pieces, int(largest.sum()))
    return bound


def _weeks_text(first: int, last: int) -> str:
    return f"week {first}" if first == last else f"weeks {first}–{last}"


def _why(prep: _Prepared, pair: int, schedule: list[tuple[int, int]], levels: FloatArray) -> str:
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
    prep: _Prepared, o: int, left: int, relaxed: float, allocated: int, tranches: int
) -> list[Unallocated]:
    offer = prep.problem.offers[o]
    what = f"skill {offer.skill!r} and {offer.machine_type!r} machines"
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
                f"within {offer.max_groups} group{'s' if offer.max_groups > 1 else ''}",
            )
        )
    return items
