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
earlier runs); the flow uses ⌊C × (1 − r_g)⌋. A piece of o takes sam_o ÷ (1 − r_g) of C[g,w] and
m_{o,t} ÷ (1 − r_g) of C[g,t,w] for each machine type t of its style: `machine_minutes` (a style
of several operations, Σ_t m_{o,t} ≤ sam_o), else the whole SAM on `machine_type`.

Eligible pairs (o, g): g has o's skill, at least one machine of each of o's types, pays at
least its wage floor (piece_rate × 60 × efficiency × (1 − r_g) ÷ SAM ≥ wage_floor_baht_per_hour,
Home Workers Protection Act s.16), and is available in some week of [release_o, due_o].

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

Styles on several machine types. A flow minute of such a style takes m_{o,t} ÷ sam_o of each
type t at once, which no network can say. Its arcs go offer → (g, w) instead, each holding what
the style alone could sew there (min over t of ⌊C[g,t,w] (1 − r_g)⌋ × sam_o ÷ m_{o,t}, and the
total): exact for one such style in a group-week. Where several styles overload a type after
the first flow, the type is shared out among its users as the first tier would — fewest minutes
of the type a piece first — their arcs (or the type's leaf) capped at their share, and the flow
solved once more (TIGHTEN_ROUNDS) so the rest goes elsewhere; what any flow still overloads is
cut in whole pieces, from the styles taking the most of the type a piece. The repair and the
fill count every type exactly. Styles on one type keep the exact network above.

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

Orders. Staged deliveries of one order are offers with the same `order`, sharing one
max_groups (the flow does not see it). The repair keeps an order that went to more groups to the
max_groups groups with the most of its pieces, and lets an order with all its groups grow only
within them; the fill gives an offer of an order a new group only while the order has room for
one, and moves another offer's lot only to a group its order may use.

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

import time

from engines.allocation.fill import enforce, fill, repair_pairs
from engines.allocation.flow import candidates, solve_flow
from engines.allocation.model import Problem, Result
from engines.allocation.prepare import TIGHTEN_ROUNDS, prepare
from engines.allocation.report import build_result

MAX_REPAIR_ROUNDS = 3  # two rounds that may add groups, then one that only cleans up


def solve(problem: Problem, *, time_limit_s: float | None = None, seed: int = 0) -> Result:
    """Plan lots for `problem`. The first flow is always solved; `time_limit_s` bounds the
    repair after it (status "feasible" when it cuts the repair short)."""
    start = time.perf_counter()

    def out_of_time() -> bool:
        return time_limit_s is not None and time.perf_counter() - start > time_limit_s

    prep = prepare(problem, seed)
    first = solve_flow(prep, candidates(prep), tighten=TIGHTEN_ROUNDS)
    plan = first.plan
    rounds = 0
    cut_short = False
    for round_no in range(1, MAX_REPAIR_ROUNDS + 1):
        extend = round_no < MAX_REPAIR_ROUNDS  # the last round only cleans up
        pairs = repair_pairs(prep, plan, extend=extend)
        if pairs is None:
            break
        if out_of_time():
            cut_short = True
            break
        rounds += 1
        plan = solve_flow(prep, pairs).plan
    plan = enforce(prep, plan)
    fill(prep, plan)
    return build_result(prep, plan, first.pieces_relaxed, rounds, cut_short)
