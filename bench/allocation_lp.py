"""Upper bounds on the pieces any allocation plan places on time, for `bench.allocation`: the
network relaxation as a min-cost flow, and the LP relaxation with the lot rules by GLOP. Both are
written from the model's definitions, apart from the engine's code, so that they check it."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow

from engines.allocation import Problem


def eligible_arcs(problem: Problem) -> list[tuple[int, int, int]]:
    """(offer, group, week) triples a piece may use: written from the model's definitions,
    apart from the engine's vectorised code, so the bound checks it independently."""
    arcs: list[tuple[int, int, int]] = []
    margin = problem.safety_margin
    by_need: dict[tuple[str, str], list[int]] = {}
    for gi, g in enumerate(problem.groups):
        for skill in g.skills:
            for name, count in g.machines:
                if count > 0:
                    by_need.setdefault((skill, name), []).append(gi)
    for oi, o in enumerate(problem.offers):
        for gi in by_need.get((o.skill, o.machine_type), []):
            g = problem.groups[gi]
            if not g.can_sew(o) or not g.pays_enough(o):
                continue
            for w in o.weeks:
                if g.week_minutes(w, margin) > 0:
                    arcs.append((oi, gi, w))
    return arcs


def lp_bound_flow(problem: Problem, arcs: list[tuple[int, int, int]]) -> float:
    """max Σ pieces over fractional plans, as a min-cost flow.

    With y = pieces × SAM (minutes of accepted work), the relaxation is a network LP: offers →
    (group, type, week) → (group, week) → sink, capacities the minutes, reward 1 ÷ SAM per
    minute. A network LP with integral capacities has an integral optimal vertex, so a min-cost
    flow finds its optimum; capacities are rounded *up* (a relaxation of the relaxation: still a
    bound) and the reward is scaled by M and rounded, which can hide at most 0.5 ÷ M per minute:
    the bound adds that back, so it is never below the LP's optimum.
    """
    margin = problem.safety_margin
    groups, offers, weeks = problem.groups, problem.offers, problem.horizon_weeks
    n_offers = len(offers)
    types = sorted({t for g in groups for t, _ in g.machines})
    t_index = {t: i for i, t in enumerate(types)}
    leaf = lambda gi, t, w: n_offers + (gi * len(types) + t) * weeks + (w - 1)  # noqa: E731
    gw_base = n_offers + len(groups) * len(types) * weeks
    sink = gw_base + len(groups) * weeks
    scale = 1e9
    sam = np.array([o.sam_minutes for o in offers])
    supply = np.ceil(np.array([o.pieces for o in offers]) * sam).astype(np.int64)
    reward = np.rint(scale / sam).astype(np.int64)
    tails, heads, caps, costs = [], [], [], []
    for oi, gi, w in arcs:
        o = offers[oi]
        tails.append(oi)
        # A style on several machine types skips them (a relaxation: still a bound).
        multi = len(o.machine_needs) > 1 or o.machine_needs[0][1] < o.sam_minutes
        heads.append(
            gw_base + gi * weeks + (w - 1) if multi else leaf(gi, t_index[o.machine_type], w)
        )
        caps.append(int(supply[oi]))
        costs.append(-int(reward[oi]))
    for gi, g in enumerate(groups):
        good = 1.0 - g.reject_rate
        for w in range(1, weeks + 1):
            total = math.ceil(g.week_minutes(w, margin) * good)
            if total <= 0:
                continue
            for name, _ in g.machines:
                cap = math.ceil(g.machine_week_minutes(name, w, margin) * good)
                if cap > 0:
                    tails.append(leaf(gi, t_index[name], w))
                    heads.append(gw_base + gi * weeks + (w - 1))
                    caps.append(cap)
                    costs.append(0)
            tails.append(gw_base + gi * weeks + (w - 1))
            heads.append(sink)
            caps.append(total)
            costs.append(0)
    for oi in range(n_offers):
        tails.append(oi)
        heads.append(sink)
        caps.append(int(supply[oi]))
        costs.append(0)
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.array(caps, dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_offers] = supply
    supplies[sink] = -int(supply.sum())
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"bound flow: {status}")
    minutes = np.asarray(flow.flows(np.arange(len(arcs), dtype=np.int32)), dtype=np.float64)
    offer_of = np.array([a[0] for a in arcs], dtype=np.int64)
    pieces = float((minutes / sam[offer_of]).sum()) if arcs else 0.0
    # |reward ÷ M − 1 ÷ SAM| ≤ 0.5 ÷ M per minute, on this flow and on the LP's optimum alike,
    # and neither carries more minutes than all the offers together.
    rounding = 2 * float(supply.sum()) * 0.5 / scale
    return pieces + rounding


def lp_bound_glop(problem: Problem, arcs: list[tuple[int, int, int]]) -> float:
    """The LP relaxation of the whole model, lot rules included, solved by GLOP.

    Variables x[o,g,w] ≥ 0 (pieces) and z[o,g] ∈ [0, 1] (the relaxed "g has a lot of o"):
    Σ_w x[o,g,w] ≤ C[o,g] z[o,g] with C[o,g] = min(pieces_o, what g could sew of o in its window
    alone) — the tightest big-M, so Σ_g z[o,g] ≤ max_groups_o bites — and
    Σ_w x[o,g,w] ≥ min_lot_o z[o,g]; the offers of one order share max_groups (a relaxed
    y[order,g] ≥ z[o,g], Σ_g y ≤ max_groups); capacities per group-week and per machine type
    (each type of a style at its minutes a piece); Σ x ≤
    pieces_o. Maximise Σ x. Tighter than the network relaxation when max_groups binds.
    """
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        raise RuntimeError("GLOP is not available")
    margin = problem.safety_margin
    inf = solver.infinity()
    by_pair: dict[tuple[int, int], list[int]] = {}
    for oi, gi, w in arcs:
        by_pair.setdefault((oi, gi), []).append(w)
    objective = solver.Objective()
    per_offer: dict[int, tuple[Any, Any]] = {}
    per_gw: dict[tuple[int, int], Any] = {}
    per_gtw: dict[tuple[int, str, int], Any] = {}
    per_order: dict[str, Any] = {}
    order_group: dict[tuple[str, int], Any] = {}
    for (oi, gi), weeks in by_pair.items():
        o, g = problem.offers[oi], problem.groups[gi]
        minutes = g.minutes_per_piece(o)
        alone = sum(
            min(
                g.week_minutes(w, margin),
                *(
                    g.machine_week_minutes(t, w, margin) * o.sam_minutes / m
                    for t, m in o.machine_needs
                ),
            )
            for w in weeks
        )
        big_m = min(float(o.pieces), alone / minutes)
        z = solver.NumVar(0.0, 1.0, "")
        upper = solver.Constraint(-inf, 0.0)  # Σ x − C z ≤ 0
        upper.SetCoefficient(z, -big_m)
        lower = solver.Constraint(0.0, inf)  # Σ x − min_lot z ≥ 0
        lower.SetCoefficient(z, -float(o.min_lot_effective))
        if oi not in per_offer:
            per_offer[oi] = (
                solver.Constraint(-inf, float(o.pieces)),
                solver.Constraint(-inf, float(o.max_groups)),
            )
        per_offer[oi][1].SetCoefficient(z, 1.0)
        if o.order:
            # An order's deliveries share max_groups: y[order, g] ≥ z[o, g], Σ_g y ≤ max_groups.
            if o.order not in per_order:
                per_order[o.order] = solver.Constraint(-inf, float(o.max_groups))
            if (o.order, gi) not in order_group:
                order_group[(o.order, gi)] = solver.NumVar(0.0, 1.0, "")
                per_order[o.order].SetCoefficient(order_group[(o.order, gi)], 1.0)
            link = solver.Constraint(-inf, 0.0)
            link.SetCoefficient(z, 1.0)
            link.SetCoefficient(order_group[(o.order, gi)], -1.0)
        for w in weeks:
            x = solver.NumVar(0.0, inf, "")
            objective.SetCoefficient(x, 1.0)
            upper.SetCoefficient(x, 1.0)
            lower.SetCoefficient(x, 1.0)
            per_offer[oi][0].SetCoefficient(x, 1.0)
            if (gi, w) not in per_gw:
                per_gw[(gi, w)] = solver.Constraint(-inf, g.week_minutes(w, margin))
            per_gw[(gi, w)].SetCoefficient(x, minutes)
            for machine_type, _sam in o.machine_needs:
                key = (gi, machine_type, w)
                if key not in per_gtw:
                    per_gtw[key] = solver.Constraint(
                        -inf, g.machine_week_minutes(machine_type, w, margin)
                    )
                per_gtw[key].SetCoefficient(x, g.minutes_per_piece(o, machine_type))
    objective.SetMaximization()
    status = solver.Solve()
    if status != pywraplp.Solver.OPTIMAL:
        raise RuntimeError(f"GLOP status {status}")
    return float(objective.Value())
