"""Scores of a record from its findings, the fast `evaluate`, and the worklist impact."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Final

from saphan.registry.quality_rules.base import (
    COMPLETENESS,
    ERROR,
    FACTORY,
    INFO,
    VALIDITY,
    WARNING,
    CheckFn,
    Context,
    Finding,
    Record,
    Rule,
    Scores,
)
from saphan.registry.quality_rules.catalogue import _BY_CODE, _BY_KIND, RULES
from saphan.registry.quality_rules.duplicates import ACROSS_RECORDS

# --- scores and impact -------------------------------------------------------------------------

VALIDITY_PENALTY: Final[Mapping[str, float]] = {ERROR: 20.0, WARNING: 5.0, INFO: 0.0}


def score(record: Record, findings: Sequence[Finding], rules: Iterable[Rule] = RULES) -> Scores:
    """Scores of a record from its findings, counting only `rules` that apply to it.

    completeness = floor(100 × (required − missing) / required), required = completeness rules
    that apply (100 when none); validity = max(0, floor(100 − Σ penalty × weight)) with penalty
    error 20, warning 5, info 0; currency = 100 within the period, floor(100 × (2P − age) / P)
    after it, 0 when never verified."""
    applicable = {r.code: r for r in rules if r.applies(record)}
    required = sum(1 for r in applicable.values() if r.dimension == COMPLETENESS)
    missing: set[str] = set()
    penalty = 0.0
    currency = 100
    for f in findings:
        r = applicable.get(f.rule_code)
        if r is None:
            continue
        if r.dimension == COMPLETENESS:
            missing.add(f.rule_code)
        elif r.dimension == VALIDITY:
            penalty += VALIDITY_PENALTY[f.severity] * r.weight
        else:
            currency = min(currency, _currency_score(f))
    completeness = 100 * (required - len(missing)) // required if required else 100
    return Scores(completeness, max(0, math.floor(100 - penalty)), currency)


def _currency_score(f: Finding) -> int:
    if f.rule_code == "currency.never_verified":
        return 0
    age, period = f.params.get("age_days"), f.params.get("period_days")
    if not isinstance(age, int) or not isinstance(period, int) or period <= 0:
        return 0
    return max(0, min(100, 100 * (2 * period - age) // period))


# What `evaluate` needs, worked out once: per kind the checks in registry order (without the
# duplicate rules, which find nothing on one record), the count of unconditional required
# items and whether any rule has a `when`; per rule its dimension and validity penalty
# (severity × weight).
_Check = tuple[Rule, CheckFn, Callable[[Record], bool] | None]
_PLANS: Final[dict[str, tuple[tuple[_Check, ...], int, bool]]] = {
    kind: (
        tuple((r, r.func, r.when) for r in rules if r.code not in ACROSS_RECORDS),
        sum(1 for r in rules if r.dimension == COMPLETENESS and r.when is None),
        any(r.when is not None for r in rules),
    )
    for kind, rules in _BY_KIND.items()
}
_SCORING: Final[dict[str, tuple[str, float]]] = {
    r.code: (r.dimension, VALIDITY_PENALTY[r.severity] * r.weight) for r in RULES
}


def evaluate(record: Record, context: Context) -> tuple[list[Finding], Scores]:
    """Run every rule that applies to the record; its findings (registry order) and scores.

    The same result as running `rule.check` for every rule and `score(record, findings)`."""
    plan = _PLANS.get(record.kind)
    if plan is None:
        return [], Scores(100, 100, 100)
    checks, required, conditional = plan
    findings: list[Finding] = []
    if not conditional:  # the common case: no per-record applicability, a tighter loop
        for r, func, _when in checks:
            out = func(r, record, context)
            if out:
                findings.extend(out)
    else:
        for r, func, when in checks:
            if when is not None:
                if not when(record):
                    continue
                if r.dimension == COMPLETENESS:
                    required += 1
            out = func(r, record, context)
            if out:
                findings.extend(out)
    if not findings:
        return findings, Scores(100, 100, 100)
    missing = 0  # a completeness rule finds one missing item at most
    penalty = 0.0
    currency = 100
    for f in findings:
        dimension, points = _SCORING[f.rule_code]
        if dimension == VALIDITY:
            penalty += points
        elif dimension == COMPLETENESS:
            missing += 1
        else:
            currency = min(currency, _currency_score(f))
    completeness = 100 * (required - missing) // required if required else 100
    return findings, Scores(completeness, max(0, math.floor(100 - penalty)), currency)


SEVERITY_WEIGHT: Final[Mapping[str, int]] = {ERROR: 10, WARNING: 3, INFO: 1}


def impact(finding: Finding, record: Record) -> int:
    """Priority in the "fix these first" worklist: bigger first.

    round(10 × severity weight × rule weight × size), severity weight error 10, warning 3,
    info 1; size = 1 + log10(1 + workers) for a factory with a known workforce (0 workers → 1,
    9 → 2, 99 → 3, 999 → 4), 1 otherwise — a wrong record of a big factory matters more."""
    r = _BY_CODE.get(finding.rule_code)
    weight = r.weight if r is not None else 1.0
    size = 1.0
    workers = record.factory_workers_total
    if record.kind == FACTORY and workers is not None and workers > 0:
        size += math.log10(1 + workers)
    return round(10 * SEVERITY_WEIGHT.get(finding.severity, 1) * weight * size)


_IMPACT_BASE: Final[dict[tuple[str, str], float]] = {
    (r.code, severity): 10 * points * r.weight
    for r in RULES
    for severity, points in SEVERITY_WEIGHT.items()
}


def impacts(findings: Sequence[Finding], record: Record) -> list[int]:
    """`impact` of each finding of one record, the record's size worked out once: the same
    numbers, for a scan that asks for hundreds of thousands."""
    size = 1.0
    workers = record.factory_workers_total
    if record.kind == FACTORY and workers is not None and workers > 0:
        size += math.log10(1 + workers)
    base = _IMPACT_BASE
    out = []
    for f in findings:
        factor = base.get((f.rule_code, f.severity))
        out.append(round(factor * size) if factor is not None else impact(f, record))
    return out
