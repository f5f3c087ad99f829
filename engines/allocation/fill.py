"""The lot rules (minimum lot, maximum groups): repair rounds, what stays, and the fill."""

from __future__ import annotations

import math

import numpy as np

from engines.allocation.model import Offer
from engines.allocation.prepare import (
    EJECT_TRIES,
    EPS,
    FloatArray,
    IntArray,
    Plan,
    Prepared,
)


def _lots_by_offer(prep: Prepared, plan: Plan) -> dict[int, list[tuple[int, int]]]:
    """offer → [(pieces, pair)], largest lot first (ties: pair order)."""
    lots: dict[int, list[tuple[int, int]]] = {}
    for p in sorted(plan):
        lots.setdefault(int(prep.pair_offer[p]), []).append((sum(plan[p].values()), p))
    for items in lots.values():
        items.sort(key=lambda item: (-item[0], item[1]))
    return lots


def _breaks_rules(prep: Prepared, offer: int, lots: list[tuple[int, int]]) -> bool:
    o = prep.problem.offers[offer]
    return len(lots) > o.max_groups or any(n < o.min_lot_effective for n, _ in lots)


def _valid_lots(prep: Prepared, offer: int, lots: list[tuple[int, int]]) -> list[int]:
    """The pairs an offer keeps: its largest lots of at least the minimum, up to max_groups."""
    o = prep.problem.offers[offer]
    return [p for n, p in lots if n >= o.min_lot_effective][: o.max_groups]


def _order_filter(prep: Prepared, plan: Plan, pairs: list[int]) -> list[int]:
    """`pairs` less, for each order whose lots in them use more groups than its max_groups, the
    pairs of the groups beyond the max_groups with the most of its pieces (ties: group order)."""
    offers = prep.problem.offers
    pieces: dict[str, dict[int, int]] = {}
    for p in pairs:
        order = offers[int(prep.pair_offer[p])].order
        if order:
            by_group = pieces.setdefault(order, {})
            g = int(prep.pair_group[p])
            by_group[g] = by_group.get(g, 0) + sum(plan[p].values())
    kept_groups: dict[str, set[int]] = {}
    for order, by_group in pieces.items():
        limit = next(o.max_groups for o in offers if o.order == order)
        if len(by_group) > limit:
            kept_groups[order] = set(sorted(by_group, key=lambda g: (-by_group[g], g))[:limit])
    if not kept_groups:
        return pairs
    return [
        p
        for p in pairs
        if (order := offers[int(prep.pair_offer[p])].order) not in kept_groups
        or int(prep.pair_group[p]) in kept_groups[order]
    ]


def _order_groups(prep: Prepared, pairs: set[int] | list[int]) -> dict[str, set[int]]:
    """Groups with a lot of each order among `pairs`."""
    out: dict[str, set[int]] = {}
    for p in pairs:
        order = prep.problem.offers[int(prep.pair_offer[p])].order
        if order:
            out.setdefault(order, set()).add(int(prep.pair_group[p]))
    return out


def repair_pairs(prep: Prepared, plan: Plan, *, extend: bool) -> IntArray | None:
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
    filtered = _order_filter(prep, plan, keep)
    needed = needed or len(filtered) < len(keep)
    keep = filtered
    kept = set(keep)
    order_groups = _order_groups(prep, kept)
    res = Residual(prep, {p: plan[p] for p in sorted(kept)})
    offers = prep.problem.offers
    if extend and any(res.allocated[o] < offer.pieces for o, offer in enumerate(offers)):
        empty = Residual(prep, {})
        for o, offer in enumerate(offers):
            groups = sum(1 for p in prep.pairs_of(o) if p in kept)
            if groups >= offer.max_groups:
                continue
            short = res.allocated[o] < offer.pieces
            # An order that has all its groups may only grow within them.
            full = offer.order and len(order_groups.get(offer.order, ())) >= offer.max_groups
            within = order_groups.get(offer.order, set()) if full else None
            others = np.array(
                [
                    p
                    for p in prep.pairs_of(o)
                    if p not in kept and (within is None or int(prep.pair_group[p]) in within)
                ],
                dtype=np.int64,
            )
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


def enforce(prep: Prepared, plan: Plan) -> Plan:
    """Only the lots that keep every rule: each offer's valid lots, each order's groups."""
    valid = [
        p
        for offer, lots in _lots_by_offer(prep, plan).items()
        for p in _valid_lots(prep, offer, lots)
    ]
    return {p: plan[p] for p in sorted(_order_filter(prep, plan, valid))}


# ---------------------------------------------------------------------------------------------
# Fill: what the repair freed, given greedily and deterministically


class Residual:
    """Spare capacity (sewing minutes) and planned earnings while the fill edits the plan."""

    def __init__(self, prep: Prepared, plan: Plan) -> None:
        self.prep = prep
        self.plan = plan
        self.total = prep.cap_total.copy()
        self.machine = prep.cap_machine.copy()
        self.earned = np.zeros(prep.target.size, dtype=np.float64)
        self.previous = prep.level0 * prep.target
        self.allocated = np.zeros(prep.sam.size, dtype=np.int64)
        self.lots_at: dict[int, set[int]] = {}  # group → its pairs in the plan
        self.order_lots: dict[str, dict[int, int]] = {}  # order → group → its lots there
        for p in sorted(plan):
            self._enter(p)
            for w, n in sorted(plan[p].items()):
                self._book(p, w, n)

    def _book(self, p: int, w: int, n: int) -> None:
        prep = self.prep
        g, o = int(prep.pair_group[p]), int(prep.pair_offer[p])
        minutes = n * float(prep.pair_mpp[p])
        self.total[g, w] -= minutes
        for s, share in self.needs(p):
            self.machine[s, w] -= minutes * share
        self.earned[g] += n * float(prep.rate[o])
        self.allocated[o] += n

    def needs(self, p: int) -> list[tuple[int, float]]:
        """(slot, share of the SAM) of each machine type pair p needs (padding left out)."""
        prep = self.prep
        if not prep.pair_multi[p]:
            return [(int(prep.pair_slot[p]), 1.0)]
        pad = prep.cap_machine.shape[0] - 1
        return [
            (s, r)
            for s, r in zip(prep.pair_slots[p].tolist(), prep.pair_ratio[p].tolist(), strict=True)
            if s != pad
        ]

    def room(self, p: int, w: int) -> float:
        """Sewing minutes of pair p's style its group could still take in week w."""
        free = float(self.total[int(self.prep.pair_group[p]), w])
        for s, share in self.needs(p):
            free = min(free, float(self.machine[s, w]) / share)
        return free

    def book_only(self, p: int, w: int, n: int) -> None:
        """Capacity only, for a what-if (earnings and counts untouched)."""
        minutes = n * float(self.prep.pair_mpp[p])
        self.total[int(self.prep.pair_group[p]), w] -= minutes
        for s, share in self.needs(p):
            self.machine[s, w] -= minutes * share

    def _enter(self, p: int) -> None:
        g = int(self.prep.pair_group[p])
        self.lots_at.setdefault(g, set()).add(p)
        order = self.prep.problem.offers[int(self.prep.pair_offer[p])].order
        if order:
            counts = self.order_lots.setdefault(order, {})
            counts[g] = counts.get(g, 0) + 1

    def _leave(self, p: int) -> None:
        g = int(self.prep.pair_group[p])
        self.lots_at[g].discard(p)
        order = self.prep.problem.offers[int(self.prep.pair_offer[p])].order
        if order:
            counts = self.order_lots[order]
            counts[g] -= 1
            if counts[g] == 0:
                del counts[g]

    def order_allows(self, o: int, pairs: IntArray) -> IntArray:
        """The pairs of offer o whose group its order may still use: any while the order has
        fewer groups than its max_groups, else only those it has."""
        offer = self.prep.problem.offers[o]
        groups = self.order_lots.get(offer.order, {}) if offer.order else {}
        if len(groups) < offer.max_groups or pairs.size == 0:
            return pairs
        allowed: IntArray = pairs[np.isin(self.prep.pair_group[pairs], sorted(groups))]
        return allowed

    def level(self) -> FloatArray:
        level: FloatArray = (self.previous + self.earned) / self.prep.target
        return level

    def fits(self, pairs: IntArray, weeks: range) -> IntArray:
        """Whole pieces each pair's group could still take in `weeks`."""
        span = slice(weeks.start, weeks.stop)
        free = np.minimum(
            self.total[self.prep.pair_group[pairs], span],
            self.prep.machine_room(self.machine, pairs, span),
        )
        pieces = np.floor(np.clip(free, 0.0, None) / self.prep.pair_mpp[pairs][:, None] + EPS)
        fits: IntArray = pieces.sum(axis=1).astype(np.int64)
        return fits

    def give(self, p: int, weeks: range, wanted: int) -> int:
        """Up to `wanted` pieces to pair p, earliest weeks first; returns how many."""
        mpp = float(self.prep.pair_mpp[p])
        given = 0
        for w in weeks:
            n = min(wanted - given, max(0, math.floor(self.room(p, w) / mpp + EPS)))
            if n <= 0:
                continue
            if p not in self.plan:
                self._enter(p)
            schedule = self.plan.setdefault(p, {})
            schedule[w] = schedule.get(w, 0) + n
            self._book(p, w, n)
            given += n
            if given == wanted:
                break
        return given

    def take_week(self, p: int, w: int, n: int) -> None:
        """Take n pieces of week w back from pair p."""
        schedule = self.plan[p]
        schedule[w] -= n
        self._book(p, w, -n)
        if schedule[w] == 0:
            del schedule[w]
        if not schedule:
            del self.plan[p]
            self._leave(p)

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
        self._leave(p)
        for w, n in schedule.items():
            self._book(p, w, -n)
        return sum(schedule.values())


def fill(prep: Prepared, plan: Plan) -> None:
    """Place what the flow and the repair left: offers needing the biggest whole lot first,
    each into its own groups' spare capacity, then by the moves of `_move` until none applies."""
    problem = prep.problem
    res = Residual(prep, plan)
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
            pairs = res.order_allows(
                o, np.array([p for p in prep.pairs_of(o) if p not in plan], dtype=np.int64)
            )
            if pairs.size == 0:
                break
            left = _move(res, offer, pairs, weeks, left)


def _move(res: Residual, offer: Offer, pairs: IntArray, weeks: range, left: int) -> int:
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


def _eject(res: Residual, o: int, pairs: IntArray, weeks: range, left: int) -> int:
    """A new lot for offer o in a group that lacks room only because of one other offer's lot,
    which moves whole to a group of its own with room (its offer keeps as many groups). Tries
    the EJECT_TRIES groups with most room for o; returns what is left of o."""
    prep, plan = res.prep, res.plan
    offers = prep.problem.offers
    least = offers[o].min_lot_effective
    fits = res.fits(pairs, weeks)
    for q in pairs[np.lexsort((pairs, -fits))[:EJECT_TRIES]].tolist():
        g, per_piece = int(prep.pair_group[q]), float(prep.pair_mpp[q])
        for r in sorted(res.lots_at.get(g, set())):
            o2 = int(prep.pair_offer[r])
            schedule = plan[r]
            if o2 == o or not any(w in weeks for w in schedule):
                continue
            # q's room in its weeks were lot r not there (then put back exactly as it was).
            slots = [s for s, _ in res.needs(r)]
            saved_total, saved_machine = res.total[g].copy(), res.machine[slots].copy()
            for w, n in schedule.items():
                res.book_only(r, w, -n)
            room = int(sum(math.floor(max(0.0, res.room(q, w)) / per_piece + EPS) for w in weeks))
            res.total[g], res.machine[slots] = saved_total, saved_machine
            if min(room, left) < least:
                continue
            moved = sum(schedule.values())
            other = offers[o2]
            alternatives = res.order_allows(
                o2,
                np.array(
                    [
                        a
                        for a in prep.pairs_of(o2)
                        if a not in plan and int(prep.pair_group[a]) != g
                    ],
                    dtype=np.int64,
                ),
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


def _best(res: Residual, pairs: IntArray, reach: IntArray, wanted: int) -> int:
    """Lowest earnings level first, then nearest — among the groups that take all that is
    wanted, else among those that take the most."""
    prep = res.prep
    whole = reach >= wanted
    candidates = pairs[whole] if whole.any() else pairs[reach == reach.max()]
    level = res.level()[prep.pair_group[candidates]]
    return int(candidates[np.lexsort((candidates, prep.pair_km[candidates], level))[0]])


def cut_overload(prep: Prepared, plan: Plan) -> None:
    """Take whole pieces off where `plan` asks more of a machine type than the group has (a
    flow whose styles of several machine types shared a type): from the styles that take the
    most minutes of that type a piece first, as the first tier would."""
    res = Residual(prep, plan)
    pad = prep.cap_machine.shape[0] - 1
    over = np.argwhere(res.machine[:pad] < -1e-6).tolist()
    if not over:
        return
    at: dict[tuple[int, int], list[int]] = {}  # (slot, week) → pairs sewing there
    for p in sorted(plan):
        for s, _share in res.needs(p):
            for w in plan[p]:
                at.setdefault((s, w), []).append(p)
    for s, w in over:
        users = sorted(
            (p for p in at.get((s, w), []) if w in plan.get(p, {})),
            key=lambda p, s=s: (-_type_minutes(res, p, s), p),  # type: ignore[misc]
        )
        for p in users:
            if res.machine[s, w] >= -1e-6:
                break
            per_piece = _type_minutes(res, p, s)
            cut = min(plan[p][w], math.ceil(-float(res.machine[s, w]) / per_piece - EPS))
            res.take_week(p, w, cut)


def _type_minutes(res: Residual, p: int, slot: int) -> float:
    """Sewing minutes a piece of pair p takes on the machine type of `slot`."""
    return float(res.prep.pair_mpp[p]) * next(r for s, r in res.needs(p) if s == slot)
