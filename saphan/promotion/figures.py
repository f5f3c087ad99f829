"""Arithmetic of budgets and of the staff/consultant share, kept pure (no database) so that it
is tested on its own.

Budget line: commitments are money promised, spending is money paid; a payment may settle a
commitment. What a line uses is everything paid plus what is still promised and not paid:
    used = spent + Σ max(0, commitment − paid against it);   remaining = budget − used.
A wrong entry is reversed by one of the opposite amount: a commitment's reversal counts under
the id of the commitment it reverses, a payment's reversal pays (back) the same commitment, so
an entry and its reversal add up to nothing.
A fund: allocated = Σ its lines' budgets; unallocated = amount − allocated; remaining = amount −
Σ used.

Staff and consultants: each task's effort (hours) and cost (baht) go to whoever does it; the
consultants' share is their part of the total, by effort and by cost. A project is flagged when
the consultants' share of the effort is at or above the threshold (the inspector: projects must
not be 100% outsourced) — or when it has consultant work and no staff work at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True)
class LineFigures:
    budget: Decimal
    committed: Decimal
    spent: Decimal
    open_commitments: Decimal
    used: Decimal
    remaining: Decimal

    @property
    def over(self) -> bool:
        return self.remaining < ZERO

    @property
    def used_percent(self) -> int:
        return int(self.used * 100 / self.budget) if self.budget else 0


def line_figures(
    budget: Decimal,
    commitments: Iterable[tuple[int, Decimal]],
    spendings: Iterable[tuple[Decimal, int | None]],
) -> LineFigures:
    """`commitments` are (id, amount); `spendings` are (amount, id of the commitment paid).
    Entries under the same commitment id add up (a commitment and its reversal)."""
    paid_on: dict[int, Decimal] = defaultdict(lambda: ZERO)
    spent = ZERO
    for amount, commitment in spendings:
        spent += amount
        if commitment is not None:
            paid_on[commitment] += amount
    promised: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for cid, amount in commitments:
        promised[cid] += amount
    committed = sum(promised.values(), ZERO)
    open_part = sum((max(ZERO, amount - paid_on[cid]) for cid, amount in promised.items()), ZERO)
    used = spent + open_part
    return LineFigures(budget, committed, spent, open_part, used, budget - used)


@dataclass(frozen=True)
class FundFigures:
    amount: Decimal
    allocated: Decimal
    used: Decimal
    spent: Decimal

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.allocated

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.used

    @property
    def used_percent(self) -> int:
        return int(self.used * 100 / self.amount) if self.amount else 0


def fund_figures(amount: Decimal, lines: Iterable[LineFigures]) -> FundFigures:
    allocated = used = spent = ZERO
    for line in lines:
        allocated += line.budget
        used += line.used
        spent += line.spent
    return FundFigures(amount, allocated, used, spent)


@dataclass(frozen=True)
class Shares:
    staff_hours: int
    consultant_hours: int
    staff_cost: Decimal
    consultant_cost: Decimal
    flagged: bool

    @property
    def consultant_effort_percent(self) -> float | None:
        total = self.staff_hours + self.consultant_hours
        return round(self.consultant_hours * 100 / total, 1) if total else None

    @property
    def consultant_cost_percent(self) -> float | None:
        total = self.staff_cost + self.consultant_cost
        return float(round(self.consultant_cost * 100 / total, 1)) if total else None

    @property
    def staff_effort_percent(self) -> float | None:
        share = self.consultant_effort_percent
        return None if share is None else round(100 - share, 1)

    @property
    def staff_cost_percent(self) -> float | None:
        share = self.consultant_cost_percent
        return None if share is None else round(100 - share, 1)


def shares(tasks: Iterable[tuple[str, int, Decimal]], threshold_percent: int) -> Shares:
    """`tasks` are (doer: "staff" or "consultant", effort hours, cost)."""
    hours = {"staff": 0, "consultant": 0}
    cost = {"staff": ZERO, "consultant": ZERO}
    for doer, effort, money in tasks:
        hours[doer] += effort
        cost[doer] += money
    total = hours["staff"] + hours["consultant"]
    flagged = total > 0 and (
        hours["consultant"] * 100 >= threshold_percent * total
        or (hours["staff"] == 0 and hours["consultant"] > 0)
    )
    return Shares(hours["staff"], hours["consultant"], cost["staff"], cost["consultant"], flagged)
