"""The allocation problem as arrays: capacities, eligible (offer, group) pairs and their costs.

The formulation (units, tiers, costs) is in the docstring of `solve.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engines.allocation.model import Problem

BANDS = 10
TRANSPORT_GRAIN = 1000  # distance steps; a fairness band costs one step more than them all
TIER1_DOMINANCE = 1000
MAX_REWARD = 2**40  # keeps cost × node count far inside int64 for the solver's cost scaling
CANDIDATE_COVER = 3.0  # first flow: candidates' spare capacity ÷ the offer's work
CANDIDATE_MIN = 2  # … and at least max_groups + this many candidates
EJECT_TRIES = 8  # groups the fill tries to free room in for one offer
TIGHTEN_ROUNDS = 1  # first flow: re-solves sharing out machine types styles overload
EPS = 1e-9
UNLIMITED = 2**50  # capacity of the padding slot (pairs that need fewer machine types)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Plan = dict[int, dict[int, int]]  # eligible pair → {0-based week: pieces}


@dataclass(frozen=True, slots=True)
class Prepared:
    """The problem as arrays: groups and offers by sorted index, eligible pairs by offer."""

    problem: Problem
    weeks: int
    cap_total: FloatArray  # (groups, weeks) sewing minutes
    # (slots + 1, weeks) sewing minutes; a slot is a (group, machine type); the last row is
    # padding with unlimited capacity, for pairs that need fewer machine types than others.
    cap_machine: FloatArray
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
    pair_slot: IntArray  # the slot of the offer's `machine_type`
    # Every machine type a pair needs: its slots (pairs, K), padded with the padding slot, and
    # the share of the SAM sewn on each (`machine_minutes` ÷ SAM; 1 for padding).
    pair_slots: IntArray
    pair_ratio: FloatArray
    pair_multi: BoolArray  # (pairs,) not the whole SAM on one machine type
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

    def machine_room(
        self, machine: FloatArray | IntArray, pairs: IntArray, weeks: slice
    ) -> FloatArray:
        """(pairs, weeks): each pair's room on its machines in units of the offer's SAM — the
        tightest of its machine types, each type's room ÷ the share of the SAM sewn on it.
        `machine` is indexed like `cap_machine` (sewing minutes, flow minutes, or what is
        left of them)."""
        return tightest(machine[self.pair_slots[pairs], weeks], self.pair_ratio[pairs])


def tightest(rows: FloatArray | IntArray, ratio: FloatArray) -> FloatArray:
    """rows (n, K, weeks) of machine room on each of K machine types, ratio (n, K) the share
    of the SAM sewn on each: (n, weeks) room in SAM units, the tightest type."""
    if rows.shape[0] == 0:
        return np.zeros((0, rows.shape[2]), dtype=np.float64)
    room: FloatArray = (rows / ratio[:, :, None]).min(axis=1)
    return room


def prepare(problem: Problem, seed: int) -> Prepared:
    """The problem as arrays (see `Prepared`)."""
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
    n_slots = len(slot_rows)
    cap_machine = np.array(slot_rows, dtype=np.float64).reshape(n_slots, weeks)
    slot_group = np.array(slot_group_list, dtype=np.int64)
    flow_total = np.floor(cap_total * good[:, None] + EPS).astype(np.int64)
    flow_machine = np.floor(cap_machine * good[slot_group][:, None] + EPS).astype(np.int64)
    cap_machine = np.vstack([cap_machine, np.full((1, weeks), float(UNLIMITED))])
    flow_machine = np.vstack([flow_machine, np.full((1, weeks), UNLIMITED, dtype=np.int64)])

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
    needs: list[list[tuple[int, float]]] = []  # per offer: (type index, share of the SAM)
    for oi, o in enumerate(offers):
        need = [(type_index.get(t, -1), m / o.sam_minutes) for t, m in o.machine_needs]
        needs.append(need)
        skilled = skill_mask.get(o.skill)
        if any(t < 0 for t, _ in need) or skilled is None:
            offer_start[oi + 1] = offer_start[oi]
            continue
        equipped = np.ones(n_groups, dtype=np.bool_)
        for t, _share in need:
            equipped &= slot_index[order, t] >= 0
        candidates = order[skilled[order] & equipped]
        has_match[oi] = candidates.size > 0
        earn = o.piece_rate_baht * 60.0 * eff[candidates] * good[candidates] / o.sam_minutes
        pays = earn >= floor_wage[candidates] - EPS
        candidates, earn = candidates[pays], earn[pays]
        has_pay[oi] = candidates.size > 0
        r0, r1 = o.release_week - 1, o.due_week
        open_weeks = available[candidates, r0:r1]
        for t, _share in need:
            open_weeks &= flow_machine[slot_index[candidates, t], r0:r1] > 0
        open_week = open_weeks.any(axis=1)
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
    # Every machine type of each pair, padded to the most types any offer needs.
    width_k = max((len(need) for need in needs), default=1)
    need_type = np.full((n_offers, width_k), -1, dtype=np.int64)
    need_ratio = np.ones((n_offers, width_k), dtype=np.float64)
    for oi, need in enumerate(needs):
        for k, (t, share) in enumerate(need):
            need_type[oi, k], need_ratio[oi, k] = t, share
    multi = np.array(
        [len(o.machine_needs) > 1 or o.machine_needs[0][1] < o.sam_minutes for o in offers],
        dtype=np.bool_,
    )
    if pair_offer.size:
        types_of = need_type[pair_offer]
        pair_slots = np.where(
            types_of >= 0,
            slot_index[pair_group[:, None], np.maximum(types_of, 0)],
            n_slots,
        ).astype(np.int64)
        pair_ratio = need_ratio[pair_offer]
        pair_multi = multi[pair_offer]
    else:
        pair_slots = np.zeros((0, width_k), dtype=np.int64)
        pair_ratio = np.ones((0, width_k), dtype=np.float64)
        pair_multi = np.zeros(0, dtype=np.bool_)

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

    return Prepared(
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
        pair_slots=pair_slots,
        pair_ratio=pair_ratio,
        pair_multi=pair_multi,
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
